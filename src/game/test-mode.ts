/**
 * The game's test mode, compiled only into the test build (`vite build --mode test`, see
 * vite.config.ts): `?replay=a,b,c` replays those recordings (URLs relative to signs/) for
 * the coming Tries instead of the camera, and `window.__signquestTest` steers the queue;
 * with the camera, `window.__signquestTest` tells how often the page painted while the
 * tracker ran (watchPaintPace).
 * In the production build TEST_BUILD is the constant false: every entry point below
 * returns before touching the URL or `window`, and the minifier drops the rest.
 */
import { loadRecording } from '../lib/recording/load';
import { createReplaySource } from '../lib/sources/replay';
import type { LandmarkFrame } from '../lib/landmarks/frame';
import type { FrameSource } from '../lib/sources/types';
import { SIGNS_FOLDER } from './app-services';
import type { AttemptFeed } from './services';

export const TEST_BUILD = import.meta.env.MODE === 'test';

/** Recordings replayed for the coming Tries, in order. */
export class AttemptQueue {
  private queue: string[];

  constructor(initial: string[]) {
    this.queue = [...initial];
  }

  push(...urls: string[]): void {
    this.queue.push(...urls);
  }

  /** Puts one recording before whatever is queued, for the very next Try. */
  setNext(url: string): void {
    this.queue.unshift(url);
  }

  pending(): string[] {
    return [...this.queue];
  }

  async next(): Promise<AttemptFeed | null> {
    const file = this.queue.shift();
    if (!file) return null;
    const url = new URL(`${SIGNS_FOLDER}${file}`, document.baseURI).href;
    const recording = await loadRecording(url);
    const source = createReplaySource(recording.frames);
    return { source, ended: source.ended, testLabel: file, begin: () => source.start(), release: () => source.close() };
  }
}

/** `?replay=` parsed: null when the game uses the camera (always, outside the test build). */
export function replayParam(search: string): string[] | null {
  if (!TEST_BUILD) return null;
  const value = new URLSearchParams(search).get('replay');
  if (value === null) return null;
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** `window.__signquestTest` with `?replay=`: the queue of replayed Tries. */
export interface ReplayHook {
  setNextAttempt(url: string): void;
  queueAttempts(urls: string[]): void;
  pendingAttempts(): string[];
}

/** What the page painted while the tracker ran, counted from the first tracker frame on. */
export interface PaintPace {
  /** Animation frames (requestAnimationFrame callbacks) between the first tracker frame and the latest. */
  animationFrames: number;
  /** Tracker frames after the first. */
  trackerFrames: number;
  /** animationFrames / trackerFrames; null before the second tracker frame. */
  animationFramesPerTrackerFrame: number | null;
  /** The fewest animation frames between two consecutive tracker frames (0: the page froze through one); null before the second. */
  fewestAnimationFramesBetween: number | null;
}

/** `window.__signquestTest` once a camera source was made: the page's pace next to the tracker's. */
export interface PaceHook {
  paintPace(): PaintPace;
  /** Calls back on every tracker frame of every camera source; returns a function that stops. */
  onTrackerFrame(listener: (frame: LandmarkFrame) => void): () => void;
}

export type TestHook = Partial<ReplayHook & PaceHook>;

declare global {
  interface Window {
    __signquestTest?: TestHook;
  }
}

/** The queue `?replay=` asks for, offered as `window.__signquestTest`; null plays the live camera. */
export function replayAttempts(search: string): AttemptQueue | null {
  if (!TEST_BUILD) return null;
  const initial = replayParam(search);
  if (initial === null) return null;
  const attempts = new AttemptQueue(initial);
  const hook: ReplayHook = {
    setNextAttempt: (url) => attempts.setNext(url),
    queueAttempts: (urls) => attempts.push(...urls),
    pendingAttempts: () => attempts.pending(),
  };
  window.__signquestTest = { ...window.__signquestTest, ...hook };
  return attempts;
}

/** Counts animation frames between tracker frames, for the PaceHook. */
export class PaintPaceMeter {
  private animationFrames = 0;
  private trackerFrames = 0;
  private sinceTrackerFrame = 0;
  private fewest: number | null = null;
  private counting = false;
  private readonly listeners = new Set<(frame: LandmarkFrame) => void>();

  constructor(private readonly requestFrame: (callback: () => void) => void) {}

  /** Counts `source`'s frames from now on; returns the source. */
  watch<S extends FrameSource>(source: S): S {
    source.onFrame((frame) => this.trackerFrame(frame));
    return source;
  }

  onTrackerFrame(listener: (frame: LandmarkFrame) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  pace(): PaintPace {
    return {
      animationFrames: this.animationFrames,
      trackerFrames: this.trackerFrames,
      animationFramesPerTrackerFrame: this.trackerFrames > 0 ? this.animationFrames / this.trackerFrames : null,
      fewestAnimationFramesBetween: this.fewest,
    };
  }

  private trackerFrame(frame: LandmarkFrame): void {
    for (const listener of this.listeners) listener(frame);
    // The first frame only starts the count: before it, Holistic was loading.
    if (!this.counting) {
      this.counting = true;
      this.countAnimationFrames();
    } else {
      this.animationFrames += this.sinceTrackerFrame;
      this.trackerFrames++;
      this.fewest = Math.min(this.fewest ?? Infinity, this.sinceTrackerFrame);
    }
    this.sinceTrackerFrame = 0;
  }

  private countAnimationFrames(): void {
    this.requestFrame(() => {
      this.sinceTrackerFrame++;
      this.countAnimationFrames();
    });
  }
}

let paceMeter: PaintPaceMeter | null = null;

/**
 * In the test build, counts how often the page paints between `source`'s tracker frames
 * and offers it as `window.__signquestTest.paintPace()` (the bench and the browser tests
 * read it); elsewhere returns the source untouched.
 */
export function watchPaintPace<S extends FrameSource>(source: S): S {
  if (!TEST_BUILD) return source;
  if (!paceMeter) {
    const meter = (paceMeter = new PaintPaceMeter((callback) => requestAnimationFrame(callback)));
    const hook: PaceHook = { paintPace: () => meter.pace(), onTrackerFrame: (listener) => meter.onTrackerFrame(listener) };
    window.__signquestTest = { ...window.__signquestTest, ...hook };
  }
  return paceMeter.watch(source);
}
