/**
 * The one typed wrapper around `@mediapipe/holistic`. The package is a closure-compiled
 * script that defines `globalThis.Holistic`; bundling it yields an empty module, so we
 * load it as a plain script served beside its own assets (no CDN) and take the class
 * from globalThis here, and nowhere else.
 */
import { frameFromHolistic, type HolisticLandmarkResult, type LandmarkFrame } from '../landmarks/frame';
import { DEFAULT_HOLISTIC_OPTIONS, defaultAssetBaseUrl, type HolisticOptions } from './options';

/** What the Holistic class of the package looks like (subset we use). */
interface HolisticSolution {
  setOptions(options: Record<string, unknown>): void;
  onResults(listener: (results: HolisticLandmarkResult) => void): void;
  initialize(): Promise<void>;
  send(inputs: { image: HTMLVideoElement | HTMLCanvasElement | HTMLImageElement }, timestampMs?: number): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}
type HolisticConstructor = new (config: { locateFile: (file: string) => string }) => HolisticSolution;

export type HolisticImage = HTMLVideoElement | HTMLCanvasElement | HTMLImageElement;

/** Detects one signer's face, pose and hands in images, as canonical frames. */
export interface HolisticLandmarker {
  /** Runs Holistic on one image. Timestamps must increase between reset() calls. */
  detect(image: HolisticImage, timestampMs: number): Promise<LandmarkFrame>;
  /** Forgets tracking state: call between unrelated videos. */
  reset(): void;
  close(): Promise<void>;
}

/** The files Holistic fetches while initialising, prefetched so we can show progress. */
const PREFETCHED_FILES = [
  'holistic_solution_packed_assets.data',
  'holistic_solution_simd_wasm_bin.wasm',
  'holistic_solution_simd_wasm_bin.js',
  'holistic_solution_packed_assets_loader.js',
  'holistic.binarypb',
];

export class HolisticLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HolisticLoadError';
  }
}

const scriptLoads = new Map<string, Promise<HolisticConstructor>>();

function loadHolisticScript(baseUrl: string): Promise<HolisticConstructor> {
  const existing = scriptLoads.get(baseUrl);
  if (existing) return existing;
  const load = new Promise<HolisticConstructor>((resolve, reject) => {
    const found = (globalThis as { Holistic?: HolisticConstructor }).Holistic;
    if (found) return resolve(found);
    const script = document.createElement('script');
    script.src = new URL('holistic.js', baseUrl).href;
    script.crossOrigin = 'anonymous';
    script.onload = () => {
      const ctor = (globalThis as { Holistic?: HolisticConstructor }).Holistic;
      if (typeof ctor === 'function') resolve(ctor);
      else reject(new HolisticLoadError(`${script.src} loaded but did not define Holistic: is the file the @mediapipe/holistic script?`));
    };
    script.onerror = () => reject(new HolisticLoadError(`Could not load ${script.src}. Reload the page; if it persists, the app's MediaPipe files are missing from the server.`));
    document.head.appendChild(script);
  });
  scriptLoads.set(baseUrl, load);
  load.catch(() => scriptLoads.delete(baseUrl));
  return load;
}

/** Downloads the large model files with progress; the browser cache then serves Holistic's own requests. */
async function prefetchAssets(baseUrl: string, onProgress?: (fraction: number) => void): Promise<void> {
  if (!onProgress) return;
  const sizes = new Map<string, number>();
  const received = new Map<string, number>();
  const report = () => {
    const total = [...sizes.values()].reduce((a, b) => a + b, 0);
    const got = [...received.values()].reduce((a, b) => a + b, 0);
    if (total > 0) onProgress(Math.min(1, got / total));
  };
  await Promise.all(
    PREFETCHED_FILES.map(async (file) => {
      const response = await fetch(new URL(file, baseUrl));
      if (!response.ok || !response.body) throw new HolisticLoadError(`Could not download ${file} (HTTP ${response.status}).`);
      sizes.set(file, Number(response.headers.get('content-length')) || 1);
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received.set(file, (received.get(file) ?? 0) + value.length);
        report();
      }
    }),
  );
  onProgress(1);
}

/** Loads Holistic (script, wasm, models) and resolves when it is ready for the first frame. */
export async function createHolisticLandmarker(options: HolisticOptions = {}): Promise<HolisticLandmarker> {
  const baseUrl = options.assetBaseUrl ?? defaultAssetBaseUrl();
  const [Holistic] = await Promise.all([loadHolisticScript(baseUrl), prefetchAssets(baseUrl, options.onProgress)]);
  const solution = new Holistic({ locateFile: (file) => new URL(file, baseUrl).href });
  solution.setOptions({
    modelComplexity: options.modelComplexity ?? DEFAULT_HOLISTIC_OPTIONS.modelComplexity,
    smoothLandmarks: options.smoothLandmarks ?? DEFAULT_HOLISTIC_OPTIONS.smoothLandmarks,
    minDetectionConfidence: options.minDetectionConfidence ?? DEFAULT_HOLISTIC_OPTIONS.minDetectionConfidence,
    minTrackingConfidence: options.minTrackingConfidence ?? DEFAULT_HOLISTIC_OPTIONS.minTrackingConfidence,
    // Frames go in unmirrored so Holistic's left/right are the signer's own (layout.ts).
    selfieMode: false,
    enableSegmentation: false,
    refineFaceLandmarks: false,
  });
  let pending: { resolve: (frame: LandmarkFrame) => void; timestampMs: number } | null = null;
  solution.onResults((results) => {
    if (pending) {
      pending.resolve(frameFromHolistic(results, pending.timestampMs));
      pending = null;
    }
  });
  await solution.initialize();
  // The graph rejects non-increasing timestamps, also across reset(): callers' times
  // (media time of each video, or performance.now()) are shifted onto one increasing clock.
  let lastSent = 0;
  let offset = 0;
  let closed = false;
  return {
    async detect(image, timestampMs) {
      if (closed) throw new Error('HolisticLandmarker.detect() called after close(): create a new landmarker.');
      if (pending) throw new Error('HolisticLandmarker.detect() called while a frame is in flight: await the previous call.');
      const sendAt = Math.max(timestampMs + offset, lastSent + 1);
      lastSent = sendAt;
      const result = new Promise<LandmarkFrame>((resolve) => {
        pending = { resolve, timestampMs };
      });
      await solution.send({ image }, sendAt);
      return result;
    },
    reset() {
      solution.reset();
      offset = lastSent + 1000;
    },
    async close() {
      closed = true;
      await solution.close();
    },
  };
}
