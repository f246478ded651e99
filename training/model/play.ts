/**
 * The game's verdicts, measured: recordings played as learners' attempts through the
 * game's own recogniser (the classifier plus the one-shot matcher over reference
 * recordings, recognizerFrom) and its attempt rule (judgeRecording), among many candidate
 * signs. What `signs eval` and `signs match` measure per window, this measures per attempt.
 */
import { judgeRecording, MIN_FRAMES } from '../../src/game/attempt-rule';
import { mirrorFrame, type LandmarkFrame } from '../../src/lib/landmarks/frame';
import type { SignClassifier } from '../../src/lib/recognition/classifier';
import { createMatcher } from '../../src/lib/recognition/matcher';
import { recognizerFrom } from '../../src/lib/recognition/recognizer';
import { emptyConfusion, recallPerClass, type Confusion } from './evaluate';
import { NEGATIVE_FRAME_MS, NEGATIVE_KINDS, dropHands, negativeWindow, type NegativeKind } from './negatives';
import { createRng, type Rng } from './rng';
import type { Sample } from './dataset';

/** Column of the confusion matrix for an attempt that ended with no sign recognised. */
export const NOTHING_RECOGNISED = '_nothing';

export interface PlayOptions {
  /** The classifier (null: the matcher judges every sign, as the game does without a model). */
  classifier: SignClassifier | null;
  references: readonly Sample[];
  /** The one-shot matcher's 0.5 distance (the model's calibrated one, or the default). */
  matchDistance: number;
  /** Candidates per attempt including the right one; every sign the recogniser knows when undefined. */
  candidates?: number;
  /** Play every recording mirrored (signed with the other hand). */
  mirror: boolean;
  /** Also play this many no-sign attempts cut from the recordings (see playNoSign). */
  noSign?: number;
  /** Playback speed: 0.8 plays each recording 25 % slower. */
  speed: number;
  seed: number;
}

export interface PlayReport {
  /** Share of attempts the game judged a success. */
  accuracy: number;
  n: number;
  /** Attempts with fewer than MIN_FRAMES frames in all: the game never judges them (counted in n as misses). */
  too_short: number;
  candidates: number;
  per_class: Record<string, number>;
  /** Rows: the sign played; columns: the sign the attempt ended on, or NOTHING_RECOGNISED. */
  confusion: Confusion;
  /** No-sign attempts, when asked for: share credited as the sign asked for, overall and by kind. */
  no_sign?: { n: number; credited: number; credited_by_kind: Record<string, number> };
}

/** After a partial sign the learner lowers the hands out of view for this long. */
const HANDS_LOWERED_MS = 1000;

/** The frames followed by HANDS_LOWERED_MS of the last one without hands. */
function thenHandsLowered(frames: readonly LandmarkFrame[]): LandmarkFrame[] {
  const last = frames[frames.length - 1];
  const lowered = Array.from({ length: Math.round(HANDS_LOWERED_MS / NEGATIVE_FRAME_MS) }, (_, i) => (
    { timestampMs: last.timestampMs + (i + 1) * NEGATIVE_FRAME_MS, data: dropHands(last.data.slice()) }));
  return [...frames, ...lowered];
}

/**
 * A learner asked for a recording's sign who does not make it: the eval's no-sign kinds
 * (still, random motion, hands down) cut from that recording, or the first or last
 * 15-35 % of the sign followed by the hands lowered out of view (stopping partway).
 */
function noSignAttempt(source: Sample, kind: NegativeKind, rng: Rng): LandmarkFrame[] {
  const frames = negativeWindow(source.frames, kind, rng);
  return kind === 'partial' ? thenHandsLowered(frames) : frames;
}

/** A recording as played back: mirrored or not, stretched in time by 1 / speed. */
export function playback(frames: readonly LandmarkFrame[], mirror: boolean, speed: number): LandmarkFrame[] {
  const start = frames[0]?.timestampMs ?? 0;
  return frames.map((f) => {
    const timestampMs = start + (f.timestampMs - start) / speed;
    return mirror ? { ...mirrorFrame(f), timestampMs } : { timestampMs, data: f.data };
  });
}

export async function playAttempts(attempts: readonly Sample[], opts: PlayOptions): Promise<PlayReport> {
  const matcher = opts.references.length ? createMatcher(opts.references, opts.matchDistance) : null;
  const recognizer = recognizerFrom(opts.classifier, matcher);
  const glosses = [...recognizer.glosses].sort();
  const k = Math.min(opts.candidates ?? glosses.length, glosses.length);
  const rng = createRng(opts.seed);
  const played = attempts.filter((a) => glosses.includes(a.gloss));
  const confusion = emptyConfusion([...new Set(played.map((a) => a.gloss))].sort(), [...glosses, NOTHING_RECOGNISED]);
  let successes = 0;
  let tooShort = 0;
  for (const attempt of played) {
    const candidates = [attempt.gloss, ...rng.shuffle(glosses.filter((g) => g !== attempt.gloss)).slice(0, k - 1)];
    const outcome = await judgeRecording(recognizer, playback(attempt.frames, opts.mirror, opts.speed),
      { targets: [attempt.gloss], candidates, leftHanded: false });
    if (attempt.frames.length < MIN_FRAMES) tooShort++;
    if (outcome.success) successes++;
    const column = confusion.columns.indexOf(outcome.recognised ?? NOTHING_RECOGNISED);
    confusion.counts[confusion.rows.indexOf(attempt.gloss)][column]++;
  }
  const report: PlayReport = {
    accuracy: played.length ? successes / played.length : NaN,
    n: played.length,
    too_short: tooShort,
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
      const candidates = [source.gloss, ...rng.shuffle(glosses.filter((g) => g !== source.gloss)).slice(0, k - 1)];
      const outcome = await judgeRecording(recognizer, playback(noSignAttempt(source, kind, rng), opts.mirror, opts.speed), { targets: [source.gloss], candidates, leftHanded: false });
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
