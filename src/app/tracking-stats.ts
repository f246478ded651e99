import { MIN_GOOD_FPS } from '../lib/attempt/rule';
import { partCounts, type LandmarkFrame } from '../lib/landmarks/frame';
import type { FrameTiming } from '../lib/sources/types';

/** The debug panel's numbers; also rendered as JSON in data-testid="tracking-stats". */
export interface TrackingStats {
  fps: number;
  holisticMs: number;
  backend: string;
  pose: number;
  face: number;
  leftHand: number;
  rightHand: number;
  frames: number;
}

/** How much of the running averages one new frame replaces. */
const SMOOTHING = 0.2;

/** Running frame-rate and Holistic-time averages over the live frames. */
export class TrackingStatsMeter {
  private lastTimestamp: number | null = null;
  private fps = 0;
  private holisticMs = 0;
  private frames = 0;

  update(frame: LandmarkFrame, timing: FrameTiming, backend: string): TrackingStats {
    // The first interval holds the tracker's warm-up (the first frame takes seconds), not its pace.
    if (this.lastTimestamp !== null && this.frames > 1) {
      const dt = frame.timestampMs - this.lastTimestamp;
      if (dt > 0) this.fps = this.fps === 0 ? 1000 / dt : this.fps + SMOOTHING * (1000 / dt - this.fps);
    }
    this.lastTimestamp = frame.timestampMs;
    this.holisticMs = this.frames === 0 ? timing.holisticMs : this.holisticMs + SMOOTHING * (timing.holisticMs - this.holisticMs);
    this.frames++;
    return {
      fps: round1(this.fps),
      holisticMs: Math.round(this.holisticMs),
      backend,
      ...partCounts(frame),
      frames: this.frames,
    };
  }
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** The game's frame rate for good recognition, measured with its attempt rule. */
export { MIN_GOOD_FPS };
/**
 * The frame rate is judged once the running average has this many frames behind it: 13
 * intervals after the warm-up, so the first of them weighs 0.8^12, under a tenth.
 */
export const FPS_SETTLE_FRAMES = 15;

/**
 * Frames in a row judged too slow (trackingTooSlow) before the game switches Holistic to
 * its lite pose model: after the settle frames, 20 more (2 to 4 s below MIN_GOOD_FPS), so
 * one stall (a busy moment of the computer) does not cost tracking detail for the session.
 */
export const SLOW_FRAMES_BEFORE_LITE_MODEL = 20;

/** Whether the camera and tracker deliver too few frames a second for good recognition. */
export function trackingTooSlow(stats: TrackingStats): boolean {
  return stats.frames >= FPS_SETTLE_FRAMES && stats.fps > 0 && stats.fps < MIN_GOOD_FPS;
}

export const EMPTY_STATS: TrackingStats = { fps: 0, holisticMs: 0, backend: 'not loaded', pose: 0, face: 0, leftHand: 0, rightHand: 0, frames: 0 };
