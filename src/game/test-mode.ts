/**
 * The game's test mode, compiled only into the test build (`vite build --mode test`, see
 * vite.config.ts): `?replay=a,b,c` replays those recordings (URLs relative to signs/) for
 * the coming Tries instead of the camera, and `window.__signquestTest` steers the queue.
 * In the production build TEST_BUILD is the constant false: every entry point below
 * returns before touching the URL or `window`, and the minifier drops the rest.
 */
import { loadRecording } from '../lib/recording/load';
import { createReplaySource } from '../lib/sources/replay';
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

export interface TestHook {
  setNextAttempt(url: string): void;
  queueAttempts(urls: string[]): void;
  pendingAttempts(): string[];
}

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
  window.__signquestTest = {
    setNextAttempt: (url) => attempts.setNext(url),
    queueAttempts: (urls) => attempts.push(...urls),
    pendingAttempts: () => attempts.pending(),
  };
  return attempts;
}
