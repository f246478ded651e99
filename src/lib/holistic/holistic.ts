/**
 * The one typed wrapper around `@mediapipe/holistic`. The package is a closure-compiled
 * script that defines `globalThis.Holistic`; bundling it yields an empty module, so we
 * load it as a plain script served beside its own assets (no CDN) and take the class
 * from globalThis here, and nowhere else.
 */
import { frameFromHolistic, type HolisticLandmarkResult, type LandmarkFrame } from '../landmarks/frame';
import { DEFAULT_HOLISTIC_OPTIONS, defaultAssetBaseUrl, type HolisticOptions } from './options';

/** What the Holistic class of the package looks like (subset we use). */
export interface HolisticSolution {
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
  /** The pose model in use: 0 = lite, 1 = full. */
  readonly modelComplexity: 0 | 1;
  /** Switches the pose model; takes effect from the next detect() call. */
  setModelComplexity(complexity: 0 | 1): void;
  close(): Promise<void>;
}

/** The files Holistic fetches (while initialising, and the pose models), prefetched so we can show progress. */
const PREFETCHED_FILES = [
  'holistic_solution_packed_assets.data',
  'holistic_solution_simd_wasm_bin.wasm',
  'holistic_solution_simd_wasm_bin.js',
  'holistic_solution_packed_assets_loader.js',
  'holistic.binarypb',
  'pose_landmark_full.tflite',
  // The lighter pose model a slow machine switches to (setModelComplexity(0)): fetched now,
  // so the switch also works offline (the service worker keeps what was fetched).
  'pose_landmark_lite.tflite',
];

export class HolisticLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HolisticLoadError';
  }
}

/** Holistic failed on one frame; the landmarker stays usable for the next one. */
export class HolisticFrameError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'HolisticFrameError';
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
  return landmarkerFromSolution(new Holistic({ locateFile: (file) => new URL(file, baseUrl).href }), options);
}

/** The landmarker over a Holistic solution object (the package's, or a fake in tests). */
export async function landmarkerFromSolution(solution: HolisticSolution, options: HolisticOptions = {}): Promise<HolisticLandmarker> {
  let modelComplexity: 0 | 1 = options.modelComplexity ?? DEFAULT_HOLISTIC_OPTIONS.modelComplexity;
  solution.setOptions({
    modelComplexity,
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
  /** A complexity change waiting for the graph to be idle (between frames). */
  let nextComplexity: 0 | 1 | null = null;
  return {
    get modelComplexity() {
      return nextComplexity ?? modelComplexity;
    },
    setModelComplexity(complexity) {
      nextComplexity = complexity === modelComplexity ? null : complexity;
    },
    async detect(image, timestampMs) {
      if (closed) throw new Error('HolisticLandmarker.detect() called after close(): create a new landmarker.');
      if (pending) throw new Error('HolisticLandmarker.detect() called while a frame is in flight: await the previous call.');
      if (nextComplexity !== null) {
        solution.setOptions({ modelComplexity: nextComplexity });
        modelComplexity = nextComplexity;
        nextComplexity = null;
      }
      const sendAt = Math.max(timestampMs + offset, lastSent + 1);
      lastSent = sendAt;
      const result = new Promise<LandmarkFrame>((resolve) => {
        pending = { resolve, timestampMs };
      });
      try {
        await solution.send({ image }, sendAt);
      } catch (e) {
        pending = null;
        throw new HolisticFrameError(`Holistic failed on the frame at ${Math.round(timestampMs)} ms: ${(e as Error)?.message ?? String(e)}`, { cause: e });
      }
      // The package runs the graph inside send() and awaits the results listener before
      // send() resolves, so a frame still pending here got no output and never will.
      if (pending) {
        pending = null;
        throw new HolisticFrameError(`Holistic returned no result for the frame at ${Math.round(timestampMs)} ms.`);
      }
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
