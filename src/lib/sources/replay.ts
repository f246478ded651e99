/**
 * A recorded landmark sequence played back as a frame source (no camera, no Holistic):
 * for demos, tests and the sign replays of lessons. Frames are emitted on the page's
 * animation clock at their recorded times, scaled by `speed`.
 */
import type { LandmarkFrame } from '../landmarks/frame';
import { FrameListeners } from './listeners';
import type { FrameSource } from './types';

export interface ReplayOptions {
  /** Start again after the last frame. Default false. */
  loop?: boolean;
  /** Playback rate: 0.5 = half speed. Default 1. */
  speed?: number;
  /** Called once after the last frame when not looping. */
  onEnded?: () => void;
}

export interface ReplaySource extends FrameSource {
  readonly kind: 'replay';
  setSpeed(speed: number): void;
  /** Resolves when the replay reaches its end (never when looping). */
  readonly ended: Promise<void>;
}

export function createReplaySource(frames: readonly LandmarkFrame[], options: ReplayOptions = {}): ReplaySource {
  if (frames.length === 0) throw new Error('A replay needs at least one frame.');
  const listeners = new FrameListeners();
  const t0 = frames[0].timestampMs;
  const duration = frames[frames.length - 1].timestampMs - t0;
  const frameInterval = frames.length > 1 ? duration / (frames.length - 1) : 33;
  let speed = options.speed ?? 1;
  let next = 0;
  /** Recording time (ms from the first frame) reached so far. */
  let position = 0;
  let lastTick: number | null = null;
  let raf: number | null = null;
  let running = false;
  let finish!: () => void;
  const ended = new Promise<void>((resolve) => (finish = resolve));

  function tick(now: number): void {
    raf = null;
    if (!running) return;
    if (lastTick !== null) position += (now - lastTick) * speed;
    lastTick = now;
    for (;;) {
      while (next < frames.length && frames[next].timestampMs - t0 <= position) {
        const f = frames[next++];
        listeners.emit(f, { holisticMs: 0 });
      }
      if (next < frames.length) break;
      if (!options.loop) {
        running = false;
        options.onEnded?.();
        finish();
        return;
      }
      // The next round starts a frame interval after the last frame. Time past that carries
      // over (and is played in this same tick, ending before the round's last frame), so a
      // page that paints seldom (a slow tracker holding the main thread) shows the pose due
      // now, not the last one of every round.
      next = 0;
      position = ((position - duration) % (duration + frameInterval)) - frameInterval;
    }
    raf = requestAnimationFrame(tick);
  }

  return {
    kind: 'replay',
    ended,
    onFrame: (listener) => listeners.add(listener),
    onError: (listener) => listeners.addError(listener),
    async start() {
      if (running) return;
      running = true;
      lastTick = null;
      raf = requestAnimationFrame(tick);
    },
    stop() {
      running = false;
      if (raf !== null) cancelAnimationFrame(raf);
      raf = null;
    },
    close() {
      this.stop();
      listeners.clear();
    },
    setSpeed(value: number) {
      if (!(value > 0)) throw new RangeError(`Replay speed must be positive, got ${value}`);
      speed = value;
    },
  };
}
