/**
 * The matcher's DTW pruning: dtwLowerBound never exceeds the DTW distance (fuzzed), and on
 * real recordings the pruned matcher gives exactly the distances, verdicts and score order
 * of comparing every reference in full.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FEATURE_CLIP, FEATURE_FRAMES, FEATURE_SIZE, computeFeatures } from '../../src/lib/features/spec';
import { dtwDistance, dtwEnvelope, dtwLowerBound } from '../../src/lib/features/compare';
import { createMatcher, matchScore, meanOfNearest, type Reference } from '../../src/lib/recognition/matcher';
import { recentWindows } from '../../src/lib/recognition/recognizer';
import { readPack } from '../../training/data/recording-io';
import { loadSamples } from '../../training/model/dataset';

/** A feature tensor: a smooth random walk per column (as real signs are), clipped like the spec's. */
const featureTensor = fc.tuple(fc.integer(), fc.double({ min: 0, max: 1, noNaN: true })).map(([seed, step]) => {
  let state = seed >>> 0;
  const next = () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const out = new Float32Array(FEATURE_FRAMES * FEATURE_SIZE);
  for (let k = 0; k < FEATURE_SIZE; k++) {
    let v = next() * FEATURE_CLIP;
    for (let f = 0; f < FEATURE_FRAMES; f++) {
      v = Math.max(-FEATURE_CLIP, Math.min(FEATURE_CLIP, v + next() * step * FEATURE_CLIP));
      out[f * FEATURE_SIZE + k] = v;
    }
  }
  return out;
});

describe('DTW lower bound', () => {
  it('never exceeds the banded DTW distance', () => {
    fc.assert(fc.property(featureTensor, featureTensor, (a, b) => dtwLowerBound(a, dtwEnvelope(b)) <= dtwDistance(a, b)), { numRuns: 150 });
  });

  it('is zero against itself and positive against a tensor that differs', () => {
    fc.assert(fc.property(featureTensor, (a) => {
      expect(dtwLowerBound(a, dtwEnvelope(a))).toBe(0);
      expect(dtwLowerBound(a.map((v) => v + 1), dtwEnvelope(a))).toBeGreaterThan(0);
    }), { numRuns: 50 });
  });
});

describe('pruned matcher on real recordings', () => {
  let references: Reference[];
  let attempts: Float32Array[];
  beforeAll(async () => {
    // Several references per sign (both GISLR packs), so pruning has references to skip.
    const packs = ['public/signs/gislr-hello-thankyou', 'public/signs/rth-signs'].flatMap((dir) => readPack(dir).recordings);
    const fixtures = await loadSamples('tests/fixtures/features');
    references = [...packs.map((r) => ({ gloss: r.meta.gloss, frames: r.frames })), ...fixtures.slice(2).map((s) => ({ gloss: s.gloss, frames: s.frames }))];
    // Attempts: other signers' recordings and the windows a reading of them judges.
    attempts = fixtures.slice(0, 2).flatMap((s) => [s.frames, ...recentWindows(s.frames)]).map((frames) => computeFeatures(frames));
  });

  it('gives the distances of comparing every reference, and the same verdicts and score order', () => {
    const glosses = [...new Set(references.map((r) => r.gloss))];
    const features = references.map((r) => ({ gloss: r.gloss, features: computeFeatures(r.frames) }));
    for (const nearest of [1, 2]) {
      const matcher = createMatcher(references, 0.45, nearest);
      for (const attempt of attempts) {
        const full = new Map(glosses.map((g) => [g, meanOfNearest(features.filter((r) => r.gloss === g).map((r) => dtwDistance(attempt, r.features)), nearest)]));
        expect(matcher.distances(attempt, glosses)).toEqual(full);
        const decision = matcher.match(attempt, glosses);
        const order = [...full].sort((x, y) => x[1] - y[1]).map(([g]) => g);
        expect(decision.scores.map((s) => s.gloss)).toEqual(order);
        expect(decision.accepted).toBe(matchScore(full.get(order[0])!, 0.45) >= 0.5 ? order[0] : null);
      }
    }
  });
});
