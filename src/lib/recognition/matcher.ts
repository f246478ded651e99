/**
 * The one-shot matcher: judges signs the classifier was not trained on by comparing an
 * attempt with reference recordings (a teacher's or a pack's), nearest neighbour by DTW
 * over the shared features. A match scores 0.5 at the calibrated distance
 * (manifest thresholds.matchDistance), so "not this sign" is a score below 0.5; a window
 * without a hand is never a match, however near its body and face come.
 */
import type { LandmarkFrame } from '../landmarks/frame';
import { computeFeatures, featuresShowHand } from '../features/spec';
import { dtwDistance, dtwEnvelope, dtwLowerBound, type DtwEnvelope } from '../features/compare';
import type { Decision } from './decide';

export interface Reference {
  gloss: string;
  frames: readonly LandmarkFrame[];
}

/**
 * Only for an app without a deployed model (no manifest to read): the distance `signs
 * train` calibrated for feature spec v2. The model's manifest is the source otherwise, and
 * the command line always reads one (training/model/cli-options.ts gameMatchDistance).
 */
export const DEFAULT_MATCH_DISTANCE = 0.45;

/** Score of a match at DTW distance d: 1 at 0, 0.5 at the calibrated distance, towards 0 beyond. */
export function matchScore(distance: number, matchDistance: number): number {
  const r = distance / matchDistance;
  return 1 / (1 + r * r);
}

/**
 * A sign's distance is the mean of its this many nearest references' DTW distances (all
 * of them when it has fewer): see MATCH_NEAREST for the choice.
 */
export const MATCH_NEAREST = 1;

/** The mean of the k smallest of `distances` (all of them when fewer). */
export function meanOfNearest(distances: readonly number[], k: number): number {
  const nearest = [...distances].sort((a, b) => a - b).slice(0, Math.max(1, k));
  return nearest.reduce((s, d) => s + d, 0) / nearest.length;
}

export interface OneShotMatcher {
  readonly glosses: readonly string[];
  /** Distance per candidate gloss that has references: the mean of its `nearest` nearest references. */
  distances(features: Float32Array, candidates: readonly string[]): Map<string, number>;
  match(features: Float32Array, candidates: readonly string[]): Decision;
}

/** A reference as the matcher keeps it: its features and their DTW envelope, computed once at load. */
interface PreparedReference extends DtwEnvelope {
  readonly features: Float32Array;
}

/**
 * The mean of the `k` nearest references' DTW distances, exactly as meanOfNearest over all
 * of them, but a reference whose lower bound already exceeds the k-th nearest found so far
 * is never compared in full (references are taken in order of their bound).
 */
function nearestDistance(features: Float32Array, references: readonly PreparedReference[], k: number): number {
  // No more references than are averaged: every one is compared, bounds would only cost.
  if (references.length <= k) return meanOfNearest(references.map((r) => dtwDistance(features, r.features)), k);
  const bounds = references.map((r) => dtwLowerBound(features, r));
  const order = references.map((_, i) => i).sort((x, y) => bounds[x] - bounds[y]);
  const nearest: number[] = [];
  const want = Math.max(1, k);
  for (const i of order) {
    if (nearest.length >= want && bounds[i] > nearest[want - 1]) break;
    nearest.push(dtwDistance(features, references[i].features));
    nearest.sort((a, b) => a - b);
  }
  return meanOfNearest(nearest, k);
}

export function createMatcher(references: readonly Reference[], matchDistance = DEFAULT_MATCH_DISTANCE, nearest = MATCH_NEAREST): OneShotMatcher {
  const byGloss = new Map<string, PreparedReference[]>();
  for (const r of references) {
    const list = byGloss.get(r.gloss) ?? [];
    const features = computeFeatures(r.frames);
    list.push({ features, ...dtwEnvelope(features) });
    byGloss.set(r.gloss, list);
  }
  // The recogniser asks about the same windows more than once (vetting a classifier verdict,
  // then the step's other signs): each window's DTW to a gloss is computed once.
  const computed = new WeakMap<Float32Array, Map<string, number>>();
  const matcher: OneShotMatcher = {
    glosses: [...byGloss.keys()],
    distances(features, candidates) {
      const known = computed.get(features) ?? new Map<string, number>();
      computed.set(features, known);
      const out = new Map<string, number>();
      for (const gloss of candidates) {
        const refs = byGloss.get(gloss);
        if (!refs) continue;
        if (!known.has(gloss)) known.set(gloss, nearestDistance(features, refs, nearest));
        out.set(gloss, known.get(gloss)!);
      }
      return out;
    },
    match(features, candidates) {
      const handSeen = featuresShowHand(features);
      const scores = [...matcher.distances(features, candidates)]
        .map(([gloss, d]) => ({ gloss, score: handSeen ? matchScore(d, matchDistance) : 0 }))
        .sort((a, b) => b.score - a.score);
      const best = scores[0];
      const accepted = best && best.score >= 0.5 ? best.gloss : null;
      return { accepted, scores, noSign: best ? 1 - best.score : 1 };
    },
  };
  return matcher;
}
