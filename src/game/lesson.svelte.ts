/**
 * One sign step as Learn -> Try -> Result. Success finishes the step; a miss explains
 * which part of the attempt differs most from the reference and lets the learner watch
 * both side by side, try again, or skip.
 */
import type { LandmarkFrame } from '../lib/landmarks';
import { asError } from '../lib/as-error';
import type { SignRecognizer } from '../lib/recognition/types';
import { closeInEveryPart, partThatDiffersMost, type FeedbackPart } from '../lib/features/compare';
import type { SignInfo } from '../lib/scenes/types';
import { starsForTries, type Stars } from '../lib/progress/srs';
import { Attempt, type AttemptFailure, type AttemptOptions } from './attempt.svelte';
import type { AttemptOutcome, AttemptTracking } from '../lib/attempt/rule';
import { CameraEndedError } from '../lib/sources/webcam';
import { SignExample } from './sign-example.svelte';
import { TrackingPace } from './tracking-pace.svelte';
import type { AttemptFeed, ExampleRef, GameServices } from './services';
import type { FrameSource } from '../lib/sources/types';

export type LessonPhase = 'learn' | 'try' | 'result';

export interface LessonResult {
  /** The sign made, or null when skipped. */
  gloss: string | null;
  /** The sign of the step: the one made, or the one being learnt when skipped (so lines that name it stay whole). */
  sign: string;
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
  /** How the tracker kept up: when too slow, the miss is the machine's, not the signing's. */
  tracking: AttemptTracking;
  /** The game lengthened its window for the next try to this (ms), because tracking was slow. */
  windowChangedTo: number | null;
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
  /** The machine's tracking pace, shared by every lesson of a visit (a lesson of its own when absent). */
  pace?: TrackingPace;
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
  /** The camera stopped during a Try (unplugged, permission withdrawn): the Try restarts when it is back. */
  cameraLost = $state(false);
  /** The game itself failed during the last Try (not the learner's signing). */
  failure = $state.raw<AttemptFailure | null>(null);
  testLabel = $state<string | null>(null);
  /** What the current Try watches (drawn as a live figure). */
  feedSource = $state.raw<FrameSource | null>(null);
  recognizerProblem = $state<string | null>(null);
  /** The frames for a Try could not be had (a replay failed to load). */
  feedProblem = $state<string | null>(null);
  loadingRecognizer = $state(false);
  miss = $state.raw<MissFeedback | null>(null);
  result = $state.raw<LessonResult | null>(null);
  /** The example of the chosen sign. */
  readonly example: SignExample;

  private recognizer: Promise<SignRecognizer> | null = null;
  private readonly pace: TrackingPace;
  private releaseFeed: (() => void) | null = null;

  constructor(private readonly setup: LessonSetup, private readonly onDone: (r: LessonResult) => void) {
    this.chosen = $state.raw(setup.targets[0]);
    this.example = new SignExample(setup.services);
    this.pace = setup.pace ?? new TrackingPace();
    void this.example.show(this.chosen);
    // Loaded while the learner watches the example (a worker, a model, every reference's
    // features), so Try watches at once. A failure is shown when the learner presses Try,
    // which then loads again.
    this.recognizer = setup.services.recognizer(setup.candidates);
    this.recognizer.catch(() => undefined);
  }

  get reference(): LandmarkFrame[] | null {
    return this.example.frames;
  }

  get referenceProblem(): string | null {
    return this.example.problem;
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
    void this.example.show(sign);
  }

  /** Watch another example of the sign (the miss comparison then uses it too). */
  chooseExample(example: ExampleRef): void {
    if (this.phase === 'try') return;
    void this.example.choose(example);
  }

  backToLearn(): void {
    this.stopAttempt();
    this.phase = 'learn';
  }

  /** Starts a Try with the next frame feed; stays in Learn with `needsSource` when there is none. */
  async startTry(): Promise<void> {
    this.stopAttempt();
    this.miss = null;
    this.failure = null;
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
    this.cameraLost = false;
    this.testLabel = feed.testLabel ?? null;
    this.feedSource = feed.source;
    this.releaseFeed = () => feed.release();
    const targets = this.setup.targets.map((s) => s.gloss);
    const attempt = new Attempt(feed.source, recognizer, {
      windowMs: this.pace.windowMs,
      ...this.setup.attemptOptions,
      targets,
      candidates: this.setup.candidates.map((s) => s.gloss),
      leftHanded: this.setup.leftHanded(),
    });
    this.attempt = attempt;
    this.tries += 1;
    attempt.start(feed.ended);
    const beginError = await feed.begin().then(() => null, asError);
    if (beginError && this.attempt === attempt) {
      this.stopAttempt();
      return this.gameFailed({ stage: 'source', error: beginError });
    }
    const end = await attempt.done;
    if (this.attempt !== attempt) return;
    this.stopFeed();
    if (end.status === 'failed') return this.gameFailed(end.failure);
    const { outcome } = end;
    const windowChanged = this.pace.record(outcome.tracking);
    if (end.status === 'success') {
      const gloss = outcome.recognised!;
      this.chosen = this.setup.targets.find((s) => s.gloss === gloss) ?? this.chosen;
      this.finish({ gloss, sign: gloss, stars: starsForTries(this.tries, false), tries: this.tries });
      return;
    }
    this.miss = { ...this.feedback(outcome), windowChangedTo: windowChanged ? this.pace.windowMs : null };
    this.phase = 'result';
  }

  /** The Try ended by the game's fault: it does not count as a try, and the learner may try again. */
  private gameFailed(failure: AttemptFailure): void {
    this.tries -= 1;
    this.attempt = null;
    if (failure.error instanceof CameraEndedError) {
      // Back to waiting for a camera: the view starts the Try again once one is on.
      this.cameraLost = true;
      this.needsSource = true;
      return;
    }
    // A crashed recogniser is built afresh for the next Try.
    if (failure.stage === 'recogniser') this.recognizer = null;
    this.failure = failure;
    this.phase = 'result';
  }

  private feedback({ recognised, frames, tracking }: AttemptOutcome): Omit<MissFeedback, 'windowChangedTo'> {
    const distances = frames.length && this.reference ? this.setup.services.compareParts(frames, this.reference) : null;
    const close = distances !== null && closeInEveryPart(distances);
    const part = distances && !close ? partThatDiffersMost(distances) : null;
    return { lookedLike: recognised, part, close, attemptFrames: frames, tracking };
  }

  skip(): void {
    this.stopAttempt();
    this.finish({ gloss: null, sign: this.chosen.gloss, stars: starsForTries(this.tries, true), tries: this.tries });
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
