/**
 * The game's verdicts, measured: recordings played as learners' attempts through the
 * game's own recogniser (the classifier plus the one-shot matcher over reference
 * recordings, recognizerFrom) and its attempt rule (judgeRecording), among many candidate
 * signs. What `signs eval` and `signs match` measure per window, this measures per attempt.
 */
import { DEFAULT_WINDOW_MS, judgeRecording, type AttemptOutcome } from '../../src/lib/attempt/rule';
import { mirrorFrame, type LandmarkFrame } from '../../src/lib/landmarks/frame';
import type { SignClassifier } from '../../src/lib/recognition/classifier';
import { createMatcher } from '../../src/lib/recognition/matcher';
import { recognizerFrom, type RecognizerTuning } from '../../src/lib/recognition/recognizer';
import type { SignRecognizer } from '../../src/lib/recognition/types';
import { emptyConfusion, recallPerClass, type Confusion } from './evaluate';
import { NEGATIVE_FRAME_MS, NEGATIVE_KINDS, dropHands, negativeWindow } from './negatives';
import { createRng } from './rng';
import type { Sample } from './dataset';

/** Column of the confusion matrix for an attempt that ended with no sign recognised. */
export const NOTHING_RECOGNISED = '_nothing';

export interface PlayOptions {
  /** The classifier (null: the matcher judges every sign, as the game does without a model). */
  classifier: SignClassifier | null;
  references: readonly Sample[];
  /** The one-shot matcher's 0.5 distance (the model's calibrated one, or the default). */
  matchDistance: number;
  /** The matcher's mean of so many nearest references per sign (default MATCH_NEAREST, the game's). */
  nearest?: number;
  /** The recogniser's tuning (default DEFAULT_TUNING, the game's). */
  tuning?: RecognizerTuning;
  /** Candidates per attempt including the right one; every sign the recogniser knows when undefined. */
  candidates?: number;
  /** Play every recording mirrored (signed with the other hand). */
  mirror: boolean;
  /** Also play this many no-sign attempts cut from the recordings (negativeWindow, the kinds in turn). */
  noSign?: number;
  /** Playback speed: 0.8 plays each recording 25 % slower. */
  speed: number;
  /** Frames per second the learner's machine keeps (see playback); every recorded frame when undefined. */
  fps?: number;
  /** The attempt rule's sliding window (default DEFAULT_WINDOW_MS). */
  windowMs?: number;
  seed: number;
}

export interface PlayReport {
  /** Share of attempts the game judged a success. */
  accuracy: number;
  n: number;
  candidates: number;
  per_class: Record<string, number>;
  /** Rows: the sign played; columns: the sign the attempt ended on, or NOTHING_RECOGNISED. */
  confusion: Confusion;
  /** No-sign attempts, when asked for: share credited as the sign asked for, overall and by kind. */
  no_sign?: { n: number; credited: number; credited_by_kind: Record<string, number> };
}

/**
 * In the game the camera runs before and after the signing: the learner starts with the
 * hands out of view and lowers them out of view afterwards, for this long each (the
 * game's whole window, so its last readings hold nothing but the hands out of view).
 */
export const HANDS_OUT_OF_VIEW_MS = DEFAULT_WINDOW_MS;

/**
 * Frames as the game sees them during an attempt: HANDS_OUT_OF_VIEW_MS of the first
 * frame without hands, the frames, then as long of the last one without hands. A
 * recording holds only the sign; without these the attempt rule's frame minimum would
 * judge a 30 fps clip differently from the same signing in a live camera stream.
 */
export function inCameraStream(frames: readonly LandmarkFrame[]): LandmarkFrame[] {
  if (frames.length === 0) return [];
  const count = Math.round(HANDS_OUT_OF_VIEW_MS / NEGATIVE_FRAME_MS);
  // `count` frames of `frame` without hands, the first `fromStep` frame intervals after it.
  const handsAway = (frame: LandmarkFrame, fromStep: number) => Array.from({ length: count }, (_, i) => (
    { timestampMs: frame.timestampMs + (fromStep + i) * NEGATIVE_FRAME_MS, data: dropHands(frame.data.slice()) }));
  return [...handsAway(frames[0], -count), ...frames, ...handsAway(frames[frames.length - 1], 1)];
}

/**
 * The frames a camera running at `fps` would have delivered: a frame closer than 1000 / fps
 * ms to the last one kept is dropped (half a millisecond of slack, for rounded timestamps).
 */
export function atFrameRate<T extends { timestampMs: number }>(frames: readonly T[], fps: number): T[] {
  const minGapMs = 1000 / fps - 0.5;
  const kept: T[] = [];
  for (const f of frames) {
    const last = kept[kept.length - 1];
    if (!last || f.timestampMs - last.timestampMs >= minGapMs) kept.push(f);
  }
  return kept;
}

/**
 * A recording as played back: mirrored or not, stretched in time by 1 / speed, and at
 * most `fps` frames a second (atFrameRate), as on a machine where Holistic keeps up with
 * only that many camera frames.
 */
export function playback(frames: readonly LandmarkFrame[], mirror: boolean, speed: number, fps = Infinity): LandmarkFrame[] {
  const start = frames[0]?.timestampMs ?? 0;
  const timed = frames.map((f) => ({ frame: f, timestampMs: start + (f.timestampMs - start) / speed }));
  return atFrameRate(timed, fps).map(({ frame, timestampMs }) => (mirror ? { ...mirrorFrame(frame), timestampMs } : { timestampMs, data: frame.data }));
}

/** How attempts are played back (PlayOptions' playback fields). */
export type PlaybackOptions = Pick<PlayOptions, 'mirror' | 'speed' | 'fps' | 'windowMs'>;

/** One attempt in the game: `frames` in a camera stream, played back as asked, judged by the attempt rule. */
export function playAttempt(recognizer: SignRecognizer, frames: readonly LandmarkFrame[], targets: readonly string[], candidates: readonly string[], opts: PlaybackOptions): Promise<AttemptOutcome> {
  return judgeRecording(recognizer, playback(inCameraStream(frames), opts.mirror, opts.speed, opts.fps), { targets, candidates, leftHanded: false, windowMs: opts.windowMs });
}

/** The game's recogniser over these references (none: the classifier alone). */
export type RecognizerSetup = Pick<PlayOptions, 'classifier' | 'references' | 'matchDistance' | 'nearest' | 'tuning'>;

export function playRecognizer(opts: RecognizerSetup): SignRecognizer {
  return recognizerFrom(opts.classifier, opts.references.length ? createMatcher(opts.references, opts.matchDistance, opts.nearest) : null, opts.tuning, opts.references);
}

export async function playAttempts(attempts: readonly Sample[], opts: PlayOptions): Promise<PlayReport> {
  const recognizer = playRecognizer(opts);
  const glosses = [...recognizer.glosses].sort();
  const k = Math.min(opts.candidates ?? glosses.length, glosses.length);
  const rng = createRng(opts.seed);
  const played = attempts.filter((a) => glosses.includes(a.gloss));
  const confusion = emptyConfusion([...new Set(played.map((a) => a.gloss))].sort(), [...glosses, NOTHING_RECOGNISED]);
  const candidatesFor = (gloss: string) => [gloss, ...rng.shuffle(glosses.filter((g) => g !== gloss)).slice(0, k - 1)];
  const playAs = (frames: readonly LandmarkFrame[], gloss: string, candidates: string[]) => playAttempt(recognizer, frames, [gloss], candidates, opts);
  let successes = 0;
  for (const attempt of played) {
    const outcome = await playAs(attempt.frames, attempt.gloss, candidatesFor(attempt.gloss));
    if (outcome.success) successes++;
    const column = confusion.columns.indexOf(outcome.recognised ?? NOTHING_RECOGNISED);
    confusion.counts[confusion.rows.indexOf(attempt.gloss)][column]++;
  }
  const report: PlayReport = {
    accuracy: played.length ? successes / played.length : NaN,
    n: played.length,
    candidates: k,
    per_class: recallPerClass(confusion),
    confusion,
  };
  if (opts.noSign && played.length) {
    const tried: Record<string, number> = {};
    const credited: Record<string, number> = {};
    for (let i = 0; i < opts.noSign; i++) {
      const kind = NEGATIVE_KINDS[i % NEGATIVE_KINDS.length];
      const source = rng.pick(played);
      // Candidates are drawn before the window is cut: the seeded draws stay in the order measured.
      const candidates = candidatesFor(source.gloss);
      const outcome = await playAs(negativeWindow(source.frames, kind, rng), source.gloss, candidates);
      tried[kind] = (tried[kind] ?? 0) + 1;
      if (outcome.success) credited[kind] = (credited[kind] ?? 0) + 1;
    }
    const total = Object.values(credited).reduce((a, b) => a + b, 0);
    report.no_sign = {
      n: opts.noSign,
      credited: total / opts.noSign,
      credited_by_kind: Object.fromEntries(Object.keys(tried).map((kind) => [kind, (credited[kind] ?? 0) / tried[kind]])),
    };
  }
  return report;
}
