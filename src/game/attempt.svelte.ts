/**
 * One "Try": watches a frame source, asks the recogniser about a sliding window of the
 * latest frames a few times a second, and ends in success (a target sign recognised), a
 * miss (the sign made read as another sign, or nothing accepted before the time runs
 * out or the replay ends), or a failure of the game itself (the recogniser threw, or the
 * source could not produce a frame): never judged as the learner's signing. Keeps the
 * frames of the attempt for feedback and replay. The rule itself is src/lib/attempt/rule.ts; this
 * class adds the clock and the Svelte state.
 */
import type { LandmarkFrame } from '../lib/landmarks';
import { asError } from '../lib/as-error';
import type { FrameSource } from '../lib/sources/types';
import type { SignRecognizer } from '../lib/recognition/types';
import { AttemptRule, DEFAULT_INTERVAL_MS, DEFAULT_TIMEOUT_MS, type AttemptOutcome, type AttemptRuleOptions } from '../lib/attempt/rule';

export interface AttemptOptions extends AttemptRuleOptions {
  /** Time between recogniser calls. */
  intervalMs?: number;
  /** A miss when nothing is accepted within this time of the first frame. */
  timeoutMs?: number;
  /** Wall clock, for tests. */
  now?: () => number;
}

/** The game, not the learner, ended the attempt: which stage failed, and its error. */
export interface AttemptFailure {
  stage: 'recogniser' | 'source';
  error: Error;
}

export type AttemptState =
  | { status: 'waiting' }
  | { status: 'watching' }
  | { status: 'success'; outcome: AttemptOutcome }
  | { status: 'miss'; outcome: AttemptOutcome }
  | { status: 'failed'; failure: AttemptFailure };

/** How an attempt ended. */
export type AttemptEnd = Extract<AttemptState, { status: 'success' | 'miss' | 'failed' }>;

export class Attempt {
  state = $state.raw<AttemptState>({ status: 'waiting' });
  /** Best target score in the latest window, 0..1 (the live meter). */
  meter = $state(0);

  private readonly rule: AttemptRule;
  private firstFrameAt: number | null = null;
  private busy = false;
  private sourceEnded = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private unsubscribe: (() => void)[] = [];
  private readonly timeoutMs: number;
  private readonly now: () => number;
  /**
   * A hidden tab tracks nothing (the webcam source pauses): the time it stays hidden is
   * not the learner's, so the deadline moves on by as much.
   */
  private hiddenAt: number | null = null;
  private readonly onVisibility = () => {
    if (document.hidden) this.hiddenAt ??= this.now();
    else if (this.hiddenAt !== null) {
      if (this.firstFrameAt !== null) this.firstFrameAt += this.now() - this.hiddenAt;
      this.hiddenAt = null;
    }
  };
  private resolveDone!: (end: AttemptEnd) => void;
  /** Resolves once with how the attempt ended; never rejects. */
  readonly done: Promise<AttemptEnd> = new Promise((r) => (this.resolveDone = r));

  constructor(private readonly source: FrameSource, private readonly recognizer: SignRecognizer, private readonly options: AttemptOptions) {
    this.rule = new AttemptRule(options);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * Starts listening (the caller starts the source, which may be shared). `ended` (a
   * replay's end) makes the attempt judge the whole recording and finish.
   */
  start(ended?: Promise<void>): void {
    this.unsubscribe = [
      this.source.onFrame((frame) => this.push(frame)),
      this.source.onError((error) => this.end({ status: 'failed', failure: { stage: 'source', error } })),
    ];
    ended?.then(() => (this.sourceEnded = true));
    if (typeof document !== 'undefined') {
      document.addEventListener('visibilitychange', this.onVisibility);
      this.unsubscribe.push(() => document.removeEventListener('visibilitychange', this.onVisibility));
    }
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs ?? DEFAULT_INTERVAL_MS);
  }

  /** Stops watching without an outcome (the learner left the step). */
  cancel(): void {
    this.detach();
  }

  private get ended(): boolean {
    return this.state.status !== 'waiting' && this.state.status !== 'watching';
  }

  private push(frame: LandmarkFrame): void {
    if (this.ended) return;
    this.rule.push(frame);
    if (this.firstFrameAt === null) {
      this.firstFrameAt = this.now();
      this.state = { status: 'watching' };
    }
  }

  /** Judges the current window; exported for tests that drive time by hand. Never rejects. */
  async tick(): Promise<void> {
    if (this.busy || this.ended || this.hiddenAt !== null) return;
    if (this.firstFrameAt !== null && this.now() - this.firstFrameAt > this.timeoutMs) return this.finish(this.rule.giveUp());
    // Once a replay has ended, the whole window is judged one last time.
    const final = this.sourceEnded;
    const frames = this.rule.window();
    if (!frames) {
      if (final) this.finish(this.rule.giveUp());
      return;
    }
    this.busy = true;
    try {
      const result = this.rule.unchangedResult() ?? (await this.recognizer.recognize(frames, this.options.candidates));
      if (this.ended) return;
      const reading = this.rule.read(result, frames, final);
      this.meter = reading.meter;
      if (reading.outcome) this.finish(reading.outcome);
    } catch (e) {
      this.end({ status: 'failed', failure: { stage: 'recogniser', error: asError(e) } });
    } finally {
      this.busy = false;
    }
  }

  private finish(outcome: AttemptOutcome): void {
    this.end(outcome.success ? { status: 'success', outcome } : { status: 'miss', outcome });
  }

  private end(end: AttemptEnd): void {
    if (this.ended) return;
    this.detach();
    this.state = end;
    if (end.status === 'success') this.meter = 1;
    this.resolveDone(end);
  }

  private detach(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribe.forEach((u) => u());
    this.unsubscribe = [];
  }
}
