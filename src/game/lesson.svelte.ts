/**
 * One sign step as Learn -> Try -> Result. Success finishes the step; a miss explains
 * which part of the attempt differs most from the reference and lets the learner watch
 * both side by side, try again, or skip.
 */
import type { LandmarkFrame } from '../lib/landmarks';
import type { SignRecognizer } from '../lib/recognition/types';
import { closeInEveryPart, partThatDiffersMost, type FeedbackPart } from '../lib/features/compare';
import type { SignInfo } from '../lib/scenes/types';
import { starsForTries, type Stars } from '../lib/progress/srs';
import { Attempt, type AttemptOptions } from './attempt.svelte';
import type { AttemptFeed, GameServices, SignExample } from './services';
import type { FrameSource } from '../lib/sources/types';

export type LessonPhase = 'learn' | 'try' | 'result';

export interface LessonResult {
  /** The sign made, or null when skipped. */
  gloss: string | null;
  stars: Stars;
  tries: number;
}

export interface MissFeedback {
  /** The sign the attempt looked like, when the recogniser named one. */
  lookedLike: string | null;
  /** The part that differs most from the reference; null when nothing could be compared, or every part was close. */
  part: FeedbackPart | null;
  /** Every part was within how far two signers' same sign usually lies (closeInEveryPart). */
  close: boolean;
  attemptFrames: LandmarkFrame[];
}

export interface LessonSetup {
  /** Signs that complete the step (any of them); the learner may pick which to learn. */
  targets: SignInfo[];
  /** Whether the targets are a menu (the story asks the learner to choose) rather than equivalent signs. */
  menu: boolean;
  /** The recogniser's candidate set (targets included). */
  candidates: SignInfo[];
  services: GameServices;
  leftHanded: () => boolean;
  /** Attempt tuning (tests shorten the timings). */
  attemptOptions?: Partial<Pick<AttemptOptions, 'windowMs' | 'intervalMs' | 'timeoutMs' | 'now'>>;
}

export class Lesson {
  phase = $state<LessonPhase>('learn');
  /** The sign being learnt (the menu choice). */
  chosen: SignInfo;
  tries = $state(0);
  attempt = $state.raw<Attempt | null>(null);
  /** Set when a Try cannot start: the camera is off, or no replay is queued. */
  needsSource = $state(false);
  testLabel = $state<string | null>(null);
  /** What the current Try watches (drawn as a live figure). */
  feedSource = $state.raw<FrameSource | null>(null);
  recognizerProblem = $state<string | null>(null);
  /** The frames for a Try could not be had (a replay failed to load). */
  feedProblem = $state<string | null>(null);
  loadingRecognizer = $state(false);
  miss = $state.raw<MissFeedback | null>(null);
  result = $state.raw<LessonResult | null>(null);
  reference = $state.raw<LandmarkFrame[] | null>(null);
  referenceProblem = $state<string | null>(null);
  /** The chosen sign's examples (shipped and local packs); Learn offers a choice when there are several. */
  examples = $state.raw<SignExample[]>([]);
  example = $state.raw<SignExample | null>(null);

  private recognizer: Promise<SignRecognizer> | null = null;
  private releaseFeed: (() => void) | null = null;

  constructor(private readonly setup: LessonSetup, private readonly onDone: (r: LessonResult) => void) {
    this.chosen = $state.raw(setup.targets[0]);
    void this.loadReference();
  }

  get isMenu(): boolean {
    return this.setup.menu;
  }

  get targets(): SignInfo[] {
    return this.setup.targets;
  }

  /** A candidate sign by gloss (to name what an attempt looked like). */
  signInfo(gloss: string): SignInfo | undefined {
    return this.setup.candidates.find((s) => s.gloss === gloss) ?? this.setup.targets.find((s) => s.gloss === gloss);
  }

  choose(sign: SignInfo): void {
    if (this.phase === 'try') return;
    this.chosen = sign;
    this.phase = 'learn';
    this.miss = null;
    this.example = null;
    void this.loadReference();
  }

  /** Watch another example of the sign (the miss comparison then uses it too). */
  chooseExample(example: SignExample): void {
    if (this.phase === 'try') return;
    this.example = example;
    void this.loadReference();
  }

  private async loadReference(): Promise<void> {
    const sign = this.chosen;
    this.reference = null;
    this.referenceProblem = null;
    try {
      if (!this.example || !this.examples.includes(this.example)) {
        const examples = await this.setup.services.examples(sign);
        if (this.chosen !== sign) return;
        this.examples = examples;
        this.example = examples[0] ?? null;
      }
      const frames = await this.setup.services.reference(sign, this.example ?? undefined);
      if (this.chosen === sign) this.reference = frames;
    } catch (e) {
      if (this.chosen === sign) this.referenceProblem = (e as Error).message;
    }
  }

  backToLearn(): void {
    this.stopAttempt();
    this.phase = 'learn';
  }

  /** Starts a Try with the next frame feed; stays in Learn with `needsSource` when there is none. */
  async startTry(): Promise<void> {
    this.stopAttempt();
    this.miss = null;
    this.phase = 'try';
    this.recognizerProblem = null;
    this.feedProblem = null;
    let recognizer: SignRecognizer;
    try {
      this.loadingRecognizer = true;
      this.recognizer ??= this.setup.services.recognizer(this.setup.candidates);
      recognizer = await this.recognizer;
    } catch (e) {
      this.recognizer = null;
      this.recognizerProblem = (e as Error).message;
      return;
    } finally {
      this.loadingRecognizer = false;
    }
    let feed: AttemptFeed | null;
    try {
      feed = await this.setup.services.attemptFeed();
    } catch (e) {
      this.feedProblem = (e as Error).message;
      return;
    }
    if (this.phase !== 'try') {
      feed?.release();
      return;
    }
    this.needsSource = !feed;
    if (!feed) return;
    this.testLabel = feed.testLabel ?? null;
    this.feedSource = feed.source;
    this.releaseFeed = () => feed.release();
    const targets = this.setup.targets.map((s) => s.gloss);
    const attempt = new Attempt(feed.source, recognizer, {
      ...this.setup.attemptOptions,
      targets,
      candidates: this.setup.candidates.map((s) => s.gloss),
      leftHanded: this.setup.leftHanded(),
    });
    this.attempt = attempt;
    this.tries += 1;
    attempt.start(feed.ended);
    await feed.begin();
    const outcome = await attempt.done;
    if (this.attempt !== attempt) return;
    this.stopFeed();
    if (outcome.success) {
      const gloss = outcome.recognised!;
      this.chosen = this.setup.targets.find((s) => s.gloss === gloss) ?? this.chosen;
      this.finish({ gloss, stars: starsForTries(this.tries, false), tries: this.tries });
      return;
    }
    this.miss = this.feedback(outcome.recognised, outcome.frames);
    this.phase = 'result';
  }

  private feedback(lookedLike: string | null, frames: LandmarkFrame[]): MissFeedback {
    const distances = frames.length && this.reference ? this.setup.services.compareParts(frames, this.reference) : null;
    const close = distances !== null && closeInEveryPart(distances);
    const part = distances && !close ? partThatDiffersMost(distances) : null;
    return { lookedLike, part, close, attemptFrames: frames };
  }

  skip(): void {
    this.stopAttempt();
    this.finish({ gloss: null, stars: starsForTries(this.tries, true), tries: this.tries });
  }

  private finish(result: LessonResult): void {
    this.result = result;
    this.phase = 'result';
    this.onDone(result);
  }

  private stopFeed(): void {
    this.releaseFeed?.();
    this.releaseFeed = null;
  }

  /** Ends any running Try (leaving the step, or starting another). */
  stopAttempt(): void {
    this.attempt?.cancel();
    this.attempt = null;
    this.stopFeed();
  }
}
