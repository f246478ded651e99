/**
 * The game's rule for one "Try", without clocks or Svelte state: which frames are judged
 * (a sliding window of the latest ones), and what a recogniser reading of them means
 * (success on a target, a miss on another sign read several times in a row, nothing yet).
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
 * 10 fps, 34 at 8, 29 at 6, 22 at 5; fast repeated movements fall between the frames.
 */
export const MIN_GOOD_FPS = 10;
/** The longest window the game adapts to: past it, the frames are too sparse for a verdict anyway. */
export const MAX_WINDOW_MS = 5000;

/**
 * The sliding window for a tracker at `fps` frames a second: the default, or, when the
 * default cannot hold MIN_FRAMES, long enough to (rounded up to half a second), as long as
 * MAX_WINDOW_MS is enough; slower than that, the default (no window helps). Measured with `signs play --fps N --window W` on the 218 held-out GISLR
 * attempts (42 candidates): at 2 fps 0 right with 3 s (never judged), 87 (39.9 %) with 4 s
 * or 5 s; at 2.5, 3 and 5 fps a longer window changes nothing (54.6 %, 72.5 %, 75.7 % with
 * 3 s or 4-5 s); at 1 fps even 10 s gets 1 right, so below 1.6 fps the learner is only told.
 */
export function windowForFrameRate(fps: number): number {
  if (!(fps > 0)) return DEFAULT_WINDOW_MS;
  const holdsMinFrames = Math.ceil((MIN_FRAMES / fps) * 2) * 500;
  return holdsMinFrames > DEFAULT_WINDOW_MS && holdsMinFrames <= MAX_WINDOW_MS ? holdsMinFrames : DEFAULT_WINDOW_MS;
}

/**
 * Consecutive readings of one other sign that make a miss (about a second at the default
 * interval): the start of a sign often looks like another sign (CHICKEN rising to the
 * mouth reads as HELLO for a moment), so a miss waits for the sign to be clear.
 */
export const WRONG_READINGS_FOR_MISS = 4;

export class AttemptRule {
  private buffer: LandmarkFrame[] = [];
  private bestFrames: LandmarkFrame[] = [];
  private bestScore = -1;
  private lastWrong: string | null = null;
  private wrongReadings = 0;
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
   * replay's end), so anything short of success is a miss.
   */
  read(result: RecognitionResult, frames: LandmarkFrame[], final: boolean): Reading {
    const { targets } = this.options;
    this.lastReading = { frameCount: this.windowAt, result };
    const meter = Math.max(0, ...result.scores.filter((s) => targets.includes(s.gloss)).map((s) => s.score));
    if (meter > this.bestScore) {
      this.bestScore = meter;
      this.bestFrames = frames;
    }
    const end = (success: boolean, recognised: string | null, judged: LandmarkFrame[]): Reading =>
      ({ meter, outcome: { success, recognised, frames: judged, tracking: this.tracking() } });
    if (result.accepted && targets.includes(result.accepted)) return end(true, result.accepted, frames);
    if (result.accepted) {
      this.wrongReadings = this.lastWrong === result.accepted ? this.wrongReadings + 1 : 1;
      this.lastWrong = result.accepted;
      if (final || this.wrongReadings >= WRONG_READINGS_FOR_MISS) return end(false, result.accepted, frames);
    } else {
      this.lastWrong = null;
      this.wrongReadings = 0;
    }
    return final ? end(false, null, this.bestFrames) : { meter, outcome: null };
  }

  /** A miss without a reading (time is up, or a replay ended with too few frames). */
  giveUp(): AttemptOutcome {
    return { success: false, recognised: this.lastWrong, frames: this.bestFrames, tracking: this.tracking() };
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
