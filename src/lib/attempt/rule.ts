/**
 * The game's rule for one "Try", without clocks or Svelte state: which frames are judged
 * (a sliding window of the latest ones), and what the recogniser's readings of them mean.
 * The matcher's reading of a target succeeds at once. Other readings that accept a sign
 * are gathered until the sign is over, and then decide it: success on a classifier's
 * reading of a target that no better classifier reading of another sign beat, a miss on
 * another sign read several times, else nothing yet.
 * The live Attempt drives it with a timer; `judgeRecording` replays a recording through
 * it in recording time, which is how `signs play` measures the game's own verdicts.
 */
import { LEFT_HAND, RIGHT_HAND, countPresent, mirrorFrame, type LandmarkFrame } from '../landmarks';
import type { RecognitionResult, SignRecognizer } from '../recognition/types';

export interface AttemptRuleOptions {
  /** Glosses that complete the step. */
  targets: readonly string[];
  /** Everything the recogniser may answer (targets plus the scene's other signs). */
  candidates: readonly string[];
  /** Mirror the learner's frames so a left-handed signer matches right-handed references. */
  leftHanded: boolean;
  /** Sliding window length (default DEFAULT_WINDOW_MS). */
  windowMs?: number;
}

/** How the tracker kept up during an attempt, as the rule saw its frames arrive. */
export interface AttemptTracking {
  /** Frames received. */
  frames: number;
  /** Frames in which a hand was tracked. */
  framesWithHands: number;
  /** Frames a second, from the first frame's timestamp to the last (0 with fewer than two frames). */
  fps: number;
  /**
   * Too few frames to judge a sign: under MIN_GOOD_FPS, or the window never held
   * MIN_FRAMES. A miss then says nothing about the signing, only about the machine.
   */
  tooSlow: boolean;
}

export interface AttemptOutcome {
  success: boolean;
  /** The sign recognised: a target on success, the sign it looked like on a miss, or null. */
  recognised: string | null;
  /** The frames judged (the window at the decision, or the best-scoring window). */
  frames: LandmarkFrame[];
  tracking: AttemptTracking;
}

export interface Reading {
  /** Best target score in the window, 0..1 (the live meter). */
  meter: number;
  /** The attempt's end, or null to keep watching. */
  outcome: AttemptOutcome | null;
}

export const DEFAULT_WINDOW_MS = 3000;
export const DEFAULT_INTERVAL_MS = 250;
export const DEFAULT_TIMEOUT_MS = 15000;
/** Fewest frames worth judging (a sign lasts at least about half a second). */
export const MIN_FRAMES = 8;
/**
 * Fewer tracked frames a second than this and recognition suffers, so the learner is told.
 * Measured with `signs play --fps N` (the game's recogniser and attempt rule, all 42 signs
 * as candidates) on the 40 studio signs against their own references: 40 right at 15 and
 * 10 fps, 35 at 8, 30 at 6, 25 at 5; fast repeated movements fall between the frames.
 */
export const MIN_GOOD_FPS = 10;
/** The longest window the game adapts to: past it, the frames are too sparse for a verdict anyway. */
export const MAX_WINDOW_MS = 5000;

/**
 * The sliding window for a tracker at `fps` frames a second: the default, or, when the
 * default cannot hold MIN_FRAMES, long enough to (rounded up to half a second), as long as
 * MAX_WINDOW_MS is enough; slower than that, the default (no window helps). Measured with `signs play --fps N --window W` on the 218 held-out GISLR
 * attempts (42 candidates): at 2 fps 0 right with 3 s (never judged), 85 (39.0 %) with 4 s
 * or 5 s; at 2.5, 3 and 5 fps a longer window changes nothing (60.6 %, 72.9 %, 78.9 % with
 * 3 s or 3.5-5 s); at 1 fps even 10 s gets 2 right, so below 1.6 fps the learner is only told.
 */
export function windowForFrameRate(fps: number): number {
  if (!(fps > 0)) return DEFAULT_WINDOW_MS;
  const holdsMinFrames = Math.ceil((MIN_FRAMES / fps) * 2) * 500;
  return holdsMinFrames > DEFAULT_WINDOW_MS && holdsMinFrames <= MAX_WINDOW_MS ? holdsMinFrames : DEFAULT_WINDOW_MS;
}

/**
 * Readings of one other sign, among those of a sign, that make a miss (about a second at
 * the default interval): fewer, and the learner may still be on the way to the sign asked for.
 */
export const WRONG_READINGS_FOR_MISS = 4;
/**
 * Readings in a row that accept nothing after some that did: the sign is over and is
 * decided. The classifier's reading changes as a sign unfolds (a GISLR HELLO often reads
 * THANK YOU for a reading or two first), so its verdict waits for the sign to be over: the
 * first reading credited the other sign at its step. The matcher's first acceptance was
 * measured the more reliable (docs/experiments.md), so it is not kept waiting.
 */
export const QUIET_READINGS_TO_DECIDE = 4;
/** Readings that accept a sign after which it is decided though it goes on (2 s at the default interval): a held sign is not kept waiting. */
export const LONGEST_SIGN_READINGS = 8;

/** A reading that accepted a sign. */
interface Accepted {
  gloss: string;
  score: number;
  /** The recogniser that scored it: scores compare on one recogniser's scale only. */
  method: RecognitionResult['method'];
  frames: LandmarkFrame[];
}

export class AttemptRule {
  private buffer: LandmarkFrame[] = [];
  private bestFrames: LandmarkFrame[] = [];
  private bestScore = -1;
  /** The readings that accepted a sign since the last decision. */
  private sign: Accepted[] = [];
  private quietReadings = 0;
  /** The sign the last decided sign looked like, when it was not a target. */
  private lastWrong: string | null = null;
  private readonly windowMs: number;
  private frameCount = 0;
  private framesWithHands = 0;
  private firstTimestamp = 0;
  private lastTimestamp = 0;
  private judgedAWindow = false;
  /** frameCount when window() last gave frames, and the result read() was given for them. */
  private windowAt = -1;
  private lastReading: { frameCount: number; result: RecognitionResult } | null = null;

  constructor(readonly options: AttemptRuleOptions) {
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
  }

  /** Adds a frame (mirrored for a left-handed learner) and drops those older than the window. */
  push(frame: LandmarkFrame): void {
    const f = this.options.leftHanded ? mirrorFrame(frame) : frame;
    if (this.frameCount === 0) this.firstTimestamp = f.timestampMs;
    this.lastTimestamp = f.timestampMs;
    this.frameCount++;
    if (countPresent(f.data, LEFT_HAND) > 0 || countPresent(f.data, RIGHT_HAND) > 0) this.framesWithHands++;
    this.buffer.push(f);
    const oldest = f.timestampMs - this.windowMs;
    while (this.buffer.length && this.buffer[0].timestampMs < oldest) this.buffer.shift();
  }

  /** The frames to judge now, or null when there are too few to judge. */
  window(): LandmarkFrame[] | null {
    if (this.buffer.length < MIN_FRAMES) return null;
    this.judgedAWindow = true;
    this.windowAt = this.frameCount;
    return [...this.buffer];
  }

  /**
   * The last reading's result while no frame has come since its window: a recogniser is a
   * pure function of the frames and candidates (SignRecognizer), so asking again would only
   * take CPU from the tracker, and on a slow tracker several readings fall between frames.
   */
  unchangedResult(): RecognitionResult | null {
    return this.lastReading?.frameCount === this.frameCount ? this.lastReading.result : null;
  }

  /** The tracking so far (every outcome carries it). */
  tracking(): AttemptTracking {
    const spanMs = this.lastTimestamp - this.firstTimestamp;
    const fps = this.frameCount > 1 && spanMs > 0 ? ((this.frameCount - 1) * 1000) / spanMs : 0;
    const tooSlow = this.frameCount > 0 && (!this.judgedAWindow || (fps > 0 && fps < MIN_GOOD_FPS));
    return { frames: this.frameCount, framesWithHands: this.framesWithHands, fps, tooSlow };
  }

  /**
   * What a reading of `frames` (from window()) means. `final`: no frame will follow (a
   * replay's end), so the sign is decided now and anything short of success is a miss.
   */
  read(result: RecognitionResult, frames: LandmarkFrame[], final: boolean): Reading {
    const { targets } = this.options;
    this.lastReading = { frameCount: this.windowAt, result };
    const meter = Math.max(0, ...result.scores.filter((s) => targets.includes(s.gloss)).map((s) => s.score));
    if (meter > this.bestScore) {
      this.bestScore = meter;
      this.bestFrames = frames;
    }
    if (result.accepted && result.method === 'one-shot' && targets.includes(result.accepted)) {
      return { meter, outcome: this.outcome(true, result.accepted, frames) };
    }
    if (result.accepted) {
      this.sign.push({ gloss: result.accepted, score: result.scores.find((s) => s.gloss === result.accepted)?.score ?? 0, method: result.method, frames });
      this.quietReadings = 0;
    } else if (this.sign.length) {
      this.quietReadings++;
    }
    const over = final || this.sign.length >= LONGEST_SIGN_READINGS || this.quietReadings >= QUIET_READINGS_TO_DECIDE;
    const outcome = over ? this.decide() : null;
    return { meter, outcome: outcome ?? (final ? this.giveUp() : null) };
  }

  /** A miss without a sign to decide (time is up, or a replay ended with too few frames); a sign under way is decided first. */
  giveUp(): AttemptOutcome {
    const decided = this.decide();
    if (decided?.success) return decided;
    return this.outcome(false, this.lastWrong, this.bestFrames);
  }

  private outcome(success: boolean, recognised: string | null, frames: LandmarkFrame[]): AttemptOutcome {
    return { success, recognised, frames, tracking: this.tracking() };
  }

  /**
   * The sign that is over: success if a reading of a target was not beaten by a better
   * reading of another sign from the same recogniser (the classifier's and the matcher's
   * scores are on scales of their own); else a miss on the best reading's sign if it was
   * read often enough; else null (keep watching).
   */
  private decide(): AttemptOutcome | null {
    const readings = this.sign;
    this.sign = [];
    this.quietReadings = 0;
    if (!readings.length) return null;
    const isTarget = (r: Accepted) => this.options.targets.includes(r.gloss);
    const best = (rs: Accepted[]) => rs.reduce((a, b) => (b.score > a.score ? b : a));
    const standing = readings.filter((t) => isTarget(t) && !readings.some((r) => !isTarget(r) && r.method === t.method && r.score > t.score));
    if (standing.length) {
      const credited = best(standing);
      return this.outcome(true, credited.gloss, credited.frames);
    }
    const looked = best(readings.filter((r) => !isTarget(r)));
    this.lastWrong = looked.gloss;
    const times = readings.filter((r) => r.gloss === looked.gloss).length;
    return times >= WRONG_READINGS_FOR_MISS ? this.outcome(false, looked.gloss, looked.frames) : null;
  }
}

/**
 * A recording played as one attempt, in recording time: the recogniser reads the window
 * every `intervalMs` of the recording, as the live game does while a replay plays, and
 * once more at its end.
 */
export async function judgeRecording(recognizer: SignRecognizer, frames: readonly LandmarkFrame[], options: AttemptRuleOptions,
  intervalMs = DEFAULT_INTERVAL_MS, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<AttemptOutcome> {
  const rule = new AttemptRule(options);
  if (frames.length === 0) return rule.giveUp();
  const start = frames[0].timestampMs;
  let nextReading = start + intervalMs;
  const readNow = async (final: boolean): Promise<AttemptOutcome | null> => {
    const window = rule.window();
    if (!window) return final ? rule.giveUp() : null;
    const result = rule.unchangedResult() ?? (await recognizer.recognize(window, options.candidates));
    return rule.read(result, window, final).outcome;
  };
  for (const frame of frames) {
    while (frame.timestampMs >= nextReading) {
      if (nextReading - start > timeoutMs) return rule.giveUp();
      const outcome = await readNow(false);
      if (outcome) return outcome;
      nextReading += intervalMs;
    }
    rule.push(frame);
  }
  return (await readNow(true)) as AttemptOutcome;
}
