import type { LandmarkFrame } from '../landmarks/frame';

/** A copy of the camera picture a live frame was computed from. */
export type TrackedImage = HTMLCanvasElement;

/** Per-frame timing reported by a source, for the debug panel and benchmarks, and the picture the frame came from. */
export interface FrameTiming {
  /** Time Holistic took for this frame (0 for replays). */
  holisticMs: number;
  /**
   * The picture Holistic found this frame's landmarks in (live camera only); unchanged
   * until the source emits its next frame, so draw it from the listener or before then.
   */
  image?: TrackedImage;
}

export type FrameListener = (frame: LandmarkFrame, timing: FrameTiming) => void;
export type ErrorListener = (error: Error) => void;

/**
 * Where canonical landmark frames come from: the live webcam, a video file processed
 * frame by frame, or a replay of a recorded sequence. Every later stage consumes frames
 * through this interface without knowing the source.
 */
export interface FrameSource {
  readonly kind: 'webcam' | 'video-file' | 'replay';
  /** Registers a listener; returns a function that removes it. */
  onFrame(listener: FrameListener): () => void;
  /**
   * Registers a listener for frames the source failed to produce (the tracker threw on
   * one); delivery goes on with the next frame. Returns a function that removes it.
   * Only the live webcam reports these: a video file rejects `finished` instead (a
   * recording with a hole is wrong), and a replay has nothing that can fail.
   */
  onError(listener: ErrorListener): () => void;
  /** Starts (or resumes) delivering frames. Resolves when delivery has begun. */
  start(): Promise<void>;
  /** Pauses delivery; start() resumes. */
  stop(): void;
  /** Releases everything the source owns (camera tracks, Holistic graph, timers). */
  close(): void;
}
