/**
 * One "Try": watches a frame source, asks the recogniser about a sliding window of the
 * latest frames a few times a second, and ends in success (a target sign accepted), a
 * miss (another sign accepted twice in a row, or nothing accepted before the time runs
 * out or the replay ends). Keeps the frames of the attempt for feedback and replay.
 */
import { mirrorFrame, type LandmarkFrame } from '../lib/landmarks';
import type { FrameSource } from '../lib/sources/types';
import type { SignRecognizer } from '../lib/recognition/types';

export interface AttemptOptions {
  /** Glosses that complete the step. */
  targets: readonly string[];
  /** Everything the recogniser may answer (targets plus the scene's other signs). */
  candidates: readonly string[];
  /** Mirror the learner's frames so a left-handed signer matches right-handed references. */
  leftHanded: boolean;
  /** Sliding window length. */
  windowMs?: number;
  /** Time between recogniser calls. */
  intervalMs?: number;
  /** A miss when nothing is accepted within this time of the first frame. */
  timeoutMs?: number;
  /** Wall clock, for tests. */
  now?: () => number;
}

export type AttemptStatus = 'waiting' | 'watching' | 'success' | 'miss';

export interface AttemptOutcome {
  success: boolean;
  /** The sign recognised: a target on success, the sign it looked like on a miss, or null. */
  recognised: string | null;
  /** The frames judged (the window at the decision, or the best-scoring window). */
  frames: LandmarkFrame[];
}

export const DEFAULT_WINDOW_MS = 3000;
export const DEFAULT_INTERVAL_MS = 250;
export const DEFAULT_TIMEOUT_MS = 15000;
/** Fewest frames worth judging (a sign lasts at least about half a second). */
const MIN_FRAMES = 8;
/**
 * Consecutive readings of one other sign that make a miss (about a second at the default
 * interval): the start of a sign often looks like another sign (CHICKEN rising to the
 * mouth reads as HELLO for a moment), so a miss waits for the sign to be clear.
 */
export const WRONG_READINGS_FOR_MISS = 4;

export class Attempt {
  status = $state<AttemptStatus>('waiting');
  /** Best target score in the latest window, 0..1 (the live meter). */
  meter = $state(0);
  outcome = $state.raw<AttemptOutcome | null>(null);

  private buffer: LandmarkFrame[] = [];
  private bestFrames: LandmarkFrame[] = [];
  private bestScore = -1;
  private lastWrong: string | null = null;
  private wrongReadings = 0;
  private firstFrameAt: number | null = null;
  private busy = false;
  private sourceEnded = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly windowMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private resolveDone!: (o: AttemptOutcome) => void;
  /** Resolves once with the outcome. */
  readonly done: Promise<AttemptOutcome> = new Promise((r) => (this.resolveDone = r));

  constructor(private readonly source: FrameSource, private readonly recognizer: SignRecognizer, private readonly options: AttemptOptions) {
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * Starts listening (the caller starts the source, which may be shared). `ended` (a
   * replay's end) makes the attempt judge the whole recording and finish.
   */
  start(ended?: Promise<void>): void {
    this.recognizer.reset();
    this.unsubscribe = this.source.onFrame((frame) => this.push(frame));
    ended?.then(() => (this.sourceEnded = true));
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs ?? DEFAULT_INTERVAL_MS);
  }

  /** Stops watching without an outcome (the learner left the step). */
  cancel(): void {
    this.detach();
  }

  private push(frame: LandmarkFrame): void {
    if (this.outcome) return;
    const f = this.options.leftHanded ? mirrorFrame(frame) : frame;
    this.buffer.push(f);
    const oldest = f.timestampMs - this.windowMs;
    while (this.buffer.length && this.buffer[0].timestampMs < oldest) this.buffer.shift();
    if (this.firstFrameAt === null) {
      this.firstFrameAt = this.now();
      this.status = 'watching';
    }
  }

  /** Judges the current window; exported for tests that drive time by hand. */
  async tick(): Promise<void> {
    if (this.busy || this.outcome) return;
    if (this.firstFrameAt !== null && this.now() - this.firstFrameAt > this.timeoutMs) return this.finish(false, this.lastWrong, this.bestFrames);
    // Once a replay has ended, the whole window is judged one last time.
    const final = this.sourceEnded;
    if (this.buffer.length < MIN_FRAMES) {
      if (final) this.finish(false, this.lastWrong, this.bestFrames);
      return;
    }
    const frames = [...this.buffer];
    this.busy = true;
    try {
      const result = await this.recognizer.recognize(frames, this.options.candidates);
      if (this.outcome) return;
      const score = Math.max(0, ...result.scores.filter((s) => this.options.targets.includes(s.gloss)).map((s) => s.score));
      this.meter = score;
      if (score > this.bestScore) {
        this.bestScore = score;
        this.bestFrames = frames;
      }
      if (result.accepted && this.options.targets.includes(result.accepted)) return this.finish(true, result.accepted, frames);
      if (result.accepted) {
        this.wrongReadings = this.lastWrong === result.accepted ? this.wrongReadings + 1 : 1;
        this.lastWrong = result.accepted;
        if (final || this.wrongReadings >= WRONG_READINGS_FOR_MISS) return this.finish(false, result.accepted, frames);
      } else {
        this.lastWrong = null;
        this.wrongReadings = 0;
      }
      if (final) this.finish(false, null, this.bestFrames);
    } finally {
      this.busy = false;
    }
  }

  private finish(success: boolean, recognised: string | null, frames: LandmarkFrame[]): void {
    if (this.outcome) return;
    this.detach();
    const outcome = { success, recognised, frames };
    this.outcome = outcome;
    this.status = success ? 'success' : 'miss';
    if (success) this.meter = 1;
    this.resolveDone(outcome);
  }

  private detach(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
