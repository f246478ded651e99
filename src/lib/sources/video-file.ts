/**
 * A video file processed frame by frame, every frame, not in real time: each frame is
 * sought, handed to Holistic, and emitted with its media time. This is the path both the
 * app (teachers' videos) and `signs extract` use.
 */
import type { HolisticLandmarker } from '../holistic/holistic';
import type { LandmarkFrame } from '../landmarks/frame';
import { FrameListeners } from './listeners';
import type { FrameSource } from './types';

export interface VideoFileSourceOptions {
  /** Frames per second of the file. Default: measured by playing the first frames. */
  fps?: number;
  /** Process only the first frames (a quick check of a clip). Default: every frame. */
  maxFrames?: number;
  /** Called after each processed frame. */
  onProgress?: (processed: number, total: number) => void;
}

export interface VideoFileSource extends FrameSource {
  readonly kind: 'video-file';
  /**
   * Resolves with every frame once the whole file is processed. Rejects when the video
   * cannot be read or tracked, and with a VideoSourceClosedError when close() comes first
   * (a part of a recording is no recording; a caller that closed it can ignore that error).
   */
  readonly finished: Promise<{ fps: number; frames: LandmarkFrame[] }>;
}

export class VideoSourceClosedError extends Error {
  constructor(file: string, processed: number, total: number | null) {
    super(`${file}: closed after ${processed}${total === null ? '' : ` of ${total}`} frames, before the whole video was processed`);
    this.name = 'VideoSourceClosedError';
  }
}

/** Frame rate used when the browser cannot tell (no requestVideoFrameCallback). */
export const FALLBACK_FPS = 30;
const FPS_PROBE_FRAMES = 8;
/** Gaps below 5 ms (200 fps) are timer jitter, not frames. */
const MIN_FRAME_INTERVAL_S = 0.005;

export function createVideoFileSource(file: Blob | string, landmarker: HolisticLandmarker, options: VideoFileSourceOptions = {}): VideoFileSource {
  const listeners = new FrameListeners();
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.preload = 'auto';
  const objectUrl = typeof file === 'string' ? null : URL.createObjectURL(file);
  video.src = objectUrl ?? (file as string);

  let running = false;
  let closed = false;
  let resume: (() => void) | null = null;
  let settle!: { resolve: (v: { fps: number; frames: LandmarkFrame[] }) => void; reject: (e: unknown) => void };
  const finished = new Promise<{ fps: number; frames: LandmarkFrame[] }>((resolve, reject) => (settle = { resolve, reject }));
  // Closing is the caller's own doing: no unhandled rejection when nobody awaits `finished`.
  finished.catch(() => undefined);
  let processing: Promise<void> | null = null;
  let processed = 0;
  let total: number | null = null;

  async function waitUntilRunning(): Promise<void> {
    while (!running && !closed) await new Promise<void>((r) => (resume = r));
  }

  async function process(): Promise<void> {
    await once(video, 'loadedmetadata', 'error', () => `Cannot read the video ${describe(file)}: the browser cannot decode it (try MP4/H.264 or WebM).`);
    const fps = options.fps ?? (await estimateFrameRate(video));
    const count = Math.min(options.maxFrames ?? Infinity, Math.max(1, Math.floor(video.duration * fps + 1e-6)));
    total = count;
    landmarker.reset();
    const frames: LandmarkFrame[] = [];
    for (let i = 0; i < count; i++) {
      await waitUntilRunning();
      if (closed) return;
      // The frame shown at time t is the last one with pts <= t: aim mid-frame.
      await seek(video, (i + 0.5) / fps);
      const timestampMs = (i * 1000) / fps;
      const started = performance.now();
      const frame = await landmarker.detect(video, timestampMs);
      if (closed) return;
      frames.push(frame);
      processed = frames.length;
      listeners.emit(frame, { holisticMs: performance.now() - started });
      options.onProgress?.(i + 1, count);
    }
    settle.resolve({ fps, frames });
  }

  return {
    kind: 'video-file',
    finished,
    onFrame: (listener) => listeners.add(listener),
    onError: (listener) => listeners.addError(listener),
    async start() {
      if (closed) throw new Error('This video source is closed: create a new one.');
      running = true;
      resume?.();
      processing ??= process().catch((e) => settle.reject(e));
    },
    stop() {
      running = false;
    },
    close() {
      // A no-op once the video was processed.
      settle.reject(new VideoSourceClosedError(describe(file), processed, total));
      closed = true;
      running = false;
      resume?.();
      listeners.clear();
      video.removeAttribute('src');
      video.load();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    },
  };
}

function describe(file: Blob | string): string {
  return typeof file === 'string' ? file : file instanceof File ? file.name : 'file';
}

function once(target: HTMLVideoElement, ok: string, fail: string, failMessage: () => string): Promise<void> {
  if (ok === 'loadedmetadata' && target.readyState >= HTMLMediaElement.HAVE_METADATA) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      target.removeEventListener(ok, onOk);
      target.removeEventListener(fail, onFail);
    };
    const onOk = () => (cleanup(), resolve());
    const onFail = () => (cleanup(), reject(new Error(failMessage())));
    target.addEventListener(ok, onOk);
    target.addEventListener(fail, onFail);
  });
}

async function seek(video: HTMLVideoElement, time: number): Promise<void> {
  const target = Math.min(time, Math.max(0, video.duration - 1e-3));
  const seeked = once(video, 'seeked', 'error', () => `Seeking the video to ${target.toFixed(3)} s failed.`);
  video.currentTime = target;
  await seeked;
}

/** Plays the first frames muted and reads their media times to find the frame rate. */
async function estimateFrameRate(video: HTMLVideoElement): Promise<number> {
  if (!('requestVideoFrameCallback' in video)) return FALLBACK_FPS;
  const times: number[] = [];
  await new Promise<void>((resolve) => {
    const onFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
      times.push(meta.mediaTime);
      if (times.length >= FPS_PROBE_FRAMES || video.ended) resolve();
      else video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
    video.addEventListener('ended', () => resolve(), { once: true });
    void video.play().catch(() => resolve());
  });
  video.pause();
  // A busy page skips presented frames (double-length gaps), never shortens one: the
  // smallest gap is the frame interval.
  const deltas = times.slice(1).map((t, i) => t - times[i]).filter((d) => d > MIN_FRAME_INTERVAL_S);
  if (deltas.length === 0) return FALLBACK_FPS;
  return Math.round(1000 / Math.min(...deltas)) / 1000;
}
