/**
 * Comparing two signings in feature space: dynamic time warping over the feature
 * frames, for the one-shot matcher (all columns) and for the game's feedback (one
 * FeaturePart at a time: which part of the attempt differs most from the reference).
 */
import type { LandmarkFrame } from '../landmarks/frame';
import type { FeaturePart } from '../recognition/types';
import { FEATURE_FRAMES, FEATURE_SIZE, PART_COLUMNS, computeFeatures } from './spec';

/**
 * How far DTW may stray from the diagonal, in frames: signs differ in pace, but a path
 * that matches the start of one with the end of the other compares nothing useful.
 */
export const DTW_BAND = 8;

/** All feature columns. */
export const ALL_COLUMNS: Int32Array = Int32Array.from({ length: FEATURE_SIZE }, (_, i) => i);

function frameDistance(a: Float32Array, b: Float32Array, fa: number, fb: number, columns: Int32Array): number {
  const oa = fa * FEATURE_SIZE;
  const ob = fb * FEATURE_SIZE;
  let sum = 0;
  if (columns === ALL_COLUMNS) {
    for (let k = 0; k < FEATURE_SIZE; k++) {
      const d = a[oa + k] - b[ob + k];
      sum += d * d;
    }
  } else {
    for (let k = 0; k < columns.length; k++) {
      const d = a[oa + columns[k]] - b[ob + columns[k]];
      sum += d * d;
    }
  }
  // Root mean square per column, so parts with many columns are not favoured.
  return Math.sqrt(sum / columns.length);
}

const GRID = (FEATURE_FRAMES + 1) * (FEATURE_FRAMES + 1);
// One DTW runs at a time (JS is single-threaded): the grids are allocated once, and only the
// band's cells and their neighbours above and to the left are ever read.
const cost = new Float64Array(GRID);
const steps = new Int32Array(GRID);

/**
 * Banded DTW between two feature tensors (FEATURE_FRAMES x FEATURE_SIZE) over the given
 * columns: the mean per-step distance along the best path (0 = identical).
 */
export function dtwDistance(a: Float32Array, b: Float32Array, columns: Int32Array = ALL_COLUMNS): number {
  const n = FEATURE_FRAMES;
  cost.fill(Infinity);
  cost[0] = 0;
  steps[0] = 0;
  for (let i = 1; i <= n; i++) {
    for (let j = Math.max(1, i - DTW_BAND); j <= Math.min(n, i + DTW_BAND); j++) {
      const d = frameDistance(a, b, i - 1, j - 1, columns);
      const diag = (i - 1) * (n + 1) + (j - 1);
      const up = (i - 1) * (n + 1) + j;
      const left = i * (n + 1) + (j - 1);
      let best = diag;
      if (cost[up] < cost[best]) best = up;
      if (cost[left] < cost[best]) best = left;
      cost[i * (n + 1) + j] = cost[best] + d;
      steps[i * (n + 1) + j] = steps[best] + 1;
    }
  }
  return cost[n * (n + 1) + n] / steps[n * (n + 1) + n];
}

/** A reference prepared once for dtwLowerBound: per frame, each column's range over the frames DTW may pair with it. */
export interface DtwEnvelope {
  readonly upper: Float32Array;
  readonly lower: Float32Array;
}

/** LB_Keogh's envelope of a feature tensor: for frame i, the max and min of each column over frames i +- DTW_BAND. */
export function dtwEnvelope(features: Float32Array): DtwEnvelope {
  const upper = new Float32Array(FEATURE_FRAMES * FEATURE_SIZE).fill(-Infinity);
  const lower = new Float32Array(FEATURE_FRAMES * FEATURE_SIZE).fill(Infinity);
  for (let i = 0; i < FEATURE_FRAMES; i++) {
    for (let j = Math.max(0, i - DTW_BAND); j <= Math.min(FEATURE_FRAMES - 1, i + DTW_BAND); j++) {
      for (let k = 0; k < FEATURE_SIZE; k++) {
        const v = features[j * FEATURE_SIZE + k];
        const at = i * FEATURE_SIZE + k;
        if (v > upper[at]) upper[at] = v;
        if (v < lower[at]) lower[at] = v;
      }
    }
  }
  return { upper, lower };
}

/** Longest banded DTW path, in steps: a staircase through every row and column. */
const MAX_PATH_STEPS = 2 * FEATURE_FRAMES - 1;
/** Rounding in the DTW's own sums (another order of additions) may differ from the bound's by an ulp or so. */
const ROUNDING_SLACK = 1 - 1e-9;

/**
 * A lower bound on dtwDistance(a, reference) over all columns, at about a tenth of its
 * cost (one frame distance per row instead of one per band cell). Every path visits each
 * row i at least once, at a cell no nearer than frame i's distance r_i to the reference's
 * envelope; a path of s steps costs at least sum(r) + (s - n) min(r), so its mean per step
 * is at least that over s, smallest at the longest path.
 */
export function dtwLowerBound(a: Float32Array, reference: DtwEnvelope): number {
  const { upper, lower } = reference;
  let total = 0;
  let least = Infinity;
  for (let i = 0; i < FEATURE_FRAMES; i++) {
    const o = i * FEATURE_SIZE;
    let sum = 0;
    for (let k = 0; k < FEATURE_SIZE; k++) {
      const v = a[o + k];
      const d = v > upper[o + k] ? v - upper[o + k] : v < lower[o + k] ? lower[o + k] - v : 0;
      sum += d * d;
    }
    const r = Math.sqrt(sum / FEATURE_SIZE);
    total += r;
    if (r < least) least = r;
  }
  return ((total + (MAX_PATH_STEPS - FEATURE_FRAMES) * least) / MAX_PATH_STEPS) * ROUNDING_SLACK;
}

const FEATURE_PARTS = Object.keys(PART_COLUMNS) as FeaturePart[];

/** Per-part DTW distances between two feature tensors. */
export function comparePartsOfFeatures(attempt: Float32Array, reference: Float32Array): Record<FeaturePart, number> {
  return Object.fromEntries(FEATURE_PARTS.map((p) => [p, dtwDistance(attempt, reference, PART_COLUMNS[p])])) as Record<FeaturePart, number>;
}

/**
 * The parts a miss's feedback can name. The face is left out: its columns are face points
 * relative to the shoulders, so they follow where the head is far more than the mouth or
 * the eyebrows, which is nothing a learner can act on.
 */
export type FeedbackPart = Exclude<FeaturePart, 'face'>;

/**
 * How far each part typically lies between two different signers making the same sign:
 * the median per-part DTW distance (comparePartsOf) over 300 same-sign pairs of GISLR
 * training signers, the random pairs drawn with seed 20261127. The parts sit on different scales (movement
 * about four times hand location), so a part's distance is weighed against its own.
 */
export const TYPICAL_PART_DISTANCE: Readonly<Record<FeedbackPart, number>> = { handShape: 0.352, handLocation: 0.204, movement: 0.889 };

/** Each feedback part's distance as a multiple of its typical one, where it could be compared. */
function typicalRatios(distances: Readonly<Record<FeaturePart, number>>): Array<[FeedbackPart, number]> {
  return (Object.keys(TYPICAL_PART_DISTANCE) as FeedbackPart[])
    .map((part): [FeedbackPart, number] => [part, distances[part] / TYPICAL_PART_DISTANCE[part]])
    .filter(([, ratio]) => Number.isFinite(ratio));
}

/**
 * The part of an attempt that differs most from the reference, each part's distance taken
 * as a multiple of TYPICAL_PART_DISTANCE; null when no part could be compared. Measured on
 * recordings with one part changed on purpose (the hand 0.6 shoulder widths lower, another
 * sign's hand shape on the same path, the hand held still): raw distances named the hand
 * shape for 73 of 154 shape changes (the rest "movement"); these name it for 151, and the
 * place and the movement for 154 and 148 (docs/model.md).
 */
export function partThatDiffersMost(distances: Readonly<Record<FeaturePart, number>>): FeedbackPart | null {
  let best: [FeedbackPart, number] | null = null;
  for (const entry of typicalRatios(distances)) if (!best || entry[1] > best[1]) best = entry;
  return best?.[0] ?? null;
}

/**
 * Whether every part that could be compared lies within its typical distance: the attempt
 * is as close to the reference as another signer's same sign usually is, so no part is
 * worth blaming. Measured: 12 % of held-out GISLR signs against a reference of the same
 * sign, none against the other sign's, 1 of 40 studio signs against another studio sign.
 */
export function closeInEveryPart(distances: Readonly<Record<FeaturePart, number>>): boolean {
  const ratios = typicalRatios(distances);
  return ratios.length > 0 && ratios.every(([, ratio]) => ratio < 1);
}

/**
 * For the game's feedback: per FeaturePart, the DTW distance (root mean square per
 * column, in shoulder widths for locations and palm lengths for hand shape) between an
 * attempt and a reference signing; partThatDiffersMost names the part that differs most.
 */
export function comparePartsOf(attempt: LandmarkFrame[], reference: LandmarkFrame[]): Record<FeaturePart, number> {
  return comparePartsOfFeatures(computeFeatures(attempt), computeFeatures(reference));
}
