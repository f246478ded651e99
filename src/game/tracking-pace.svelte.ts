/**
 * How fast this machine tracks, learnt from the learner's attempts, and the attempt window
 * the game uses for it (windowForFrameRate): a slow tracker gets a longer window, so an
 * attempt holds enough frames to be judged at all.
 */
import { DEFAULT_WINDOW_MS, windowForFrameRate, type AttemptTracking } from '../lib/attempt/rule';

export class TrackingPace {
  /** Frames a second in the latest attempt that measured it; 0 before any. */
  fps = $state(0);
  /** The window of the next attempt. */
  windowMs = $state(DEFAULT_WINDOW_MS);

  /** Learns from an attempt's tracking; returns whether the window changed. */
  record(tracking: AttemptTracking): boolean {
    if (tracking.frames < 2 || !(tracking.fps > 0)) return false;
    this.fps = tracking.fps;
    const next = windowForFrameRate(tracking.fps);
    const changed = next !== this.windowMs;
    this.windowMs = next;
    return changed;
  }
}
