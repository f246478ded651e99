/**
 * The game's rule for one "Try", without clocks or Svelte state: which frames are judged
 * (a sliding window of the latest ones), and what a recogniser reading of them means
 * (success on a target, a miss on another sign read several times in a row, nothing yet).
 * The live Attempt drives it with a timer; `judgeRecording` replays a recording through
 * it in recording time, which is how `signs play` measures the game's own verdicts.
 */
import { mirrorFrame, type LandmarkFrame } from '../lib/landmarks';
import type { RecognitionResult, SignRecognizer } from '../lib/recognition/types';

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

export interface AttemptOutcome {
  success: boolean;
  /** The sign recognised: a target on success, the sign it looked like on a miss, or null. */
  recognised: string | null;
  /** The frames judged (the window at the decision, or the best-scoring window). */
  frames: LandmarkFrame[];
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

  constructor(readonly options: AttemptRuleOptions) {
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
  }

  /** Adds a frame (mirrored for a left-handed learner) and drops those older than the window. */
  push(frame: LandmarkFrame): void {
    const f = this.options.leftHanded ? mirrorFrame(frame) : frame;
    this.buffer.push(f);
    const oldest = f.timestampMs - this.windowMs;
    while (this.buffer.length && this.buffer[0].timestampMs < oldest) this.buffer.shift();
  }

  /** The frames to judge now, or null when there are too few to judge. */
  window(): LandmarkFrame[] | null {
    return this.buffer.length < MIN_FRAMES ? null : [...this.buffer];
  }

  /**
   * What a reading of `frames` (from window()) means. `final`: no frame will follow (a
   * replay's end), so anything short of success is a miss.
   */
  read(result: RecognitionResult, frames: LandmarkFrame[], final: boolean): Reading {
    const { targets } = this.options;
    const meter = Math.max(0, ...result.scores.filter((s) => targets.includes(s.gloss)).map((s) => s.score));
    if (meter > this.bestScore) {
      this.bestScore = meter;
      this.bestFrames = frames;
    }
    const end = (success: boolean, recognised: string | null, judged: LandmarkFrame[]): Reading => ({ meter, outcome: { success, recognised, frames: judged } });
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
    return { success: false, recognised: this.lastWrong, frames: this.bestFrames };
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
  recognizer.reset();
  if (frames.length === 0) return rule.giveUp();
  const start = frames[0].timestampMs;
  let nextReading = start + intervalMs;
  const readNow = async (final: boolean): Promise<AttemptOutcome | null> => {
    const window = rule.window();
    if (!window) return final ? rule.giveUp() : null;
    return rule.read(await recognizer.recognize(window, options.candidates), window, final).outcome;
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
