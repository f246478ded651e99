/**
 * Measuring a classifier on recordings of signers it was not trained on, with the game's
 * own decision rule (decide.ts): accuracy, per-class recall, confusion, the false-accept
 * rate on "no sign" windows cut from the same signers' recordings, and inference time.
 */
import type { SignClassifier } from '../../src/lib/recognition/classifier';
import { decide } from '../../src/lib/recognition/decide';
import { NO_SIGN_LABEL } from '../../src/lib/recognition/manifest';
import { negativeWindows, NEGATIVE_KINDS, type NegativeKind } from './negatives';
import { createRng } from './rng';
import type { Sample } from './dataset';

export interface Confusion {
  /** Row labels (true glosses) and column labels (decisions, NO_SIGN_LABEL for none). */
  rows: string[];
  columns: string[];
  counts: number[][];
}

export interface EvalReport {
  accuracy: number;
  /**
   * Accuracy when the model must name one of its signs (the highest-scoring sign, "no
   * sign" ignored): how well it tells the signs apart, comparable with the baseline,
   * which has no "no sign".
   */
  forced_choice: number;
  n: number;
  /** Recordings by signers the model was trained on, not evaluated. */
  skipped: number;
  /**
   * Recordings of signs the model does not know: each should come out as "no sign";
   * `accepted` is the share read as one of the model's signs instead.
   */
  unknown_sign: { n: number; accepted: number };
  per_class: Record<string, number>;
  confusion: Confusion;
  false_accept: number;
  false_accept_by_kind: Record<string, number>;
  negatives: number;
  /** Features + model, one window at a time (as in the game). */
  ms_per_window: number;
}

/** Seed of the negative windows cut for evaluation (fixed: every run measures the same windows). */
export const EVAL_NEGATIVE_SEED = 7;
const TIMED_WINDOWS = 100;

export function emptyConfusion(rows: string[], columns: string[]): Confusion {
  return { rows, columns, counts: rows.map(() => columns.map(() => 0)) };
}

export function recallPerClass(c: Confusion): Record<string, number> {
  return Object.fromEntries(c.rows.map((r, i) => {
    const total = c.counts[i].reduce((a, b) => a + b, 0);
    return [r, total ? c.counts[i][c.columns.indexOf(r)] / total : NaN];
  }));
}

function decideWith(classifier: SignClassifier, probs: Float32Array, candidates: readonly string[]) {
  const { labels, thresholds } = classifier.manifest;
  const at = (g: string) => { const i = labels.indexOf(g); return i < 0 ? undefined : probs[i]; };
  return decide(candidates, at, probs[labels.indexOf(NO_SIGN_LABEL)], thresholds.accept);
}

export async function evaluateClassifier(classifier: SignClassifier, samples: readonly Sample[], skipped: number, negativesCount = Math.max(200, samples.length)): Promise<EvalReport> {
  const glosses = classifier.manifest.labels.filter((l) => l !== NO_SIGN_LABEL);
  const known = samples.filter((s) => glosses.includes(s.gloss));
  const unknown = samples.filter((s) => !glosses.includes(s.gloss));
  const confusion = emptyConfusion(glosses, [...glosses, NO_SIGN_LABEL]);
  const predictions = await classifier.predict(known.map((s) => ({ frames: s.frames })));
  let correct = 0;
  let forcedCorrect = 0;
  known.forEach((s, i) => {
    const decision = decideWith(classifier, predictions[i].probs, glosses);
    const decided = decision.accepted ?? NO_SIGN_LABEL;
    confusion.counts[glosses.indexOf(s.gloss)][confusion.columns.indexOf(decided)]++;
    if (decided === s.gloss) correct++;
    if (decision.scores[0]?.gloss === s.gloss) forcedCorrect++;
  });
  const unknownPredictions = await classifier.predict(unknown.map((s) => ({ frames: s.frames })));
  const unknownAccepted = unknownPredictions.filter((p) => decideWith(classifier, p.probs, glosses).accepted !== null).length;
  const rng = createRng(EVAL_NEGATIVE_SEED);
  // No-sign windows are cut from the model's own signs: with none of them in the data there are none.
  const negatives = known.length ? negativeWindows(known.map((s) => s.frames), negativesCount, rng) : [];
  const negPredictions = await classifier.predict(negatives.map((n) => ({ frames: n.frames })));
  const accepts: Record<string, number> = {};
  const perKind: Record<string, number> = {};
  negatives.forEach((n, i) => {
    perKind[n.kind] = (perKind[n.kind] ?? 0) + 1;
    if (decideWith(classifier, negPredictions[i].probs, glosses).accepted !== null) accepts[n.kind] = (accepts[n.kind] ?? 0) + 1;
  });
  const totalAccepts = Object.values(accepts).reduce((a, b) => a + b, 0);
  const timed = known.slice(0, TIMED_WINDOWS);
  const started = performance.now();
  for (const s of timed) await classifier.predict([{ frames: s.frames }]);
  const ms = timed.length ? (performance.now() - started) / timed.length : NaN;
  return {
    accuracy: known.length ? correct / known.length : NaN,
    forced_choice: known.length ? forcedCorrect / known.length : NaN,
    n: known.length,
    skipped,
    unknown_sign: { n: unknown.length, accepted: unknown.length ? unknownAccepted / unknown.length : NaN },
    per_class: recallPerClass(confusion),
    confusion,
    false_accept: negatives.length ? totalAccepts / negatives.length : NaN,
    false_accept_by_kind: Object.fromEntries(NEGATIVE_KINDS.map((k: NegativeKind) => [k, perKind[k] ? (accepts[k] ?? 0) / perKind[k] : NaN])),
    negatives: negatives.length,
    ms_per_window: ms,
  };
}

export function formatConfusion(c: Confusion): string {
  const width = Math.max(8, ...c.columns.map((l) => l.length), ...c.rows.map((l) => l.length)) + 1;
  const head = 'true \\ decided'.padEnd(width) + c.columns.map((l) => l.padStart(width)).join('');
  return [head, ...c.rows.map((r, i) => r.padEnd(width) + c.counts[i].map((v) => String(v).padStart(width)).join(''))].join('\n');
}

/**
 * The report of several evaluations of one classifier on disjoint recordings (chunks of a
 * corpus evaluated one after another, so memory holds one chunk): counts are summed, shares
 * weighed by what they are shares of (no-sign kinds by each chunk's windows, which every
 * chunk draws in the same even mix), the time per window averaged.
 */
export function mergeReports(reports: readonly EvalReport[]): EvalReport {
  if (reports.length === 1) return reports[0];
  const sum = (f: (r: EvalReport) => number) => reports.reduce((a, r) => a + f(r), 0);
  const share = (f: (r: EvalReport) => number, weight: (r: EvalReport) => number) => {
    const w = sum(weight);
    return w ? sum((r) => (weight(r) ? f(r) * weight(r) : 0)) / w : NaN;
  };
  const first = reports[0].confusion;
  const confusion = { ...first, counts: first.counts.map((row, i) => row.map((_, j) => sum((r) => r.confusion.counts[i][j]))) };
  const unknownN = sum((r) => r.unknown_sign.n);
  return {
    accuracy: share((r) => r.accuracy, (r) => r.n),
    forced_choice: share((r) => r.forced_choice, (r) => r.n),
    n: sum((r) => r.n),
    skipped: sum((r) => r.skipped),
    unknown_sign: { n: unknownN, accepted: share((r) => r.unknown_sign.accepted, (r) => r.unknown_sign.n) },
    per_class: recallPerClass(confusion),
    confusion,
    false_accept: share((r) => r.false_accept, (r) => r.negatives),
    false_accept_by_kind: Object.fromEntries(NEGATIVE_KINDS.map((k) => [k, share((r) => r.false_accept_by_kind[k], (r) => (Number.isNaN(r.false_accept_by_kind[k]) ? 0 : r.negatives))])),
    negatives: sum((r) => r.negatives),
    ms_per_window: share((r) => r.ms_per_window, (r) => (Number.isNaN(r.ms_per_window) ? 0 : 1)),
  };
}
