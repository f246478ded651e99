/** One-shot matching with several references per sign, as `signs match` measures it. */
import { beforeAll, describe, expect, it } from 'vitest';
import { computeFeatures } from '../../src/lib/features/spec';
import { createMatcher, meanOfNearest } from '../../src/lib/recognition/matcher';
import { dtwDistance } from '../../src/lib/features/compare';
import { mirrorFrame } from '../../src/lib/landmarks';
import { loadSamples, type Sample } from '../../training/model/dataset';
import { calibrateOneShot, evaluateOneShot } from '../../training/model/one-shot';
import { createRng } from '../../training/model/rng';
import { gameMatchDistance, DEFAULT_MODEL_DIR } from '../../training/model/cli-options';
import { readManifest } from '../../training/model/model';

describe('several references per sign', () => {
  let samples: Sample[];
  beforeAll(async () => {
    samples = await loadSamples('tests/fixtures/features');
  });

  it('scores a sign by the mean of its k nearest references (all of them when it has fewer)', () => {
    expect(meanOfNearest([0.9, 0.1, 0.5], 1)).toBe(0.1);
    expect(meanOfNearest([0.9, 0.1, 0.5], 2)).toBeCloseTo(0.3, 9);
    expect(meanOfNearest([0.9, 0.1, 0.5], 5)).toBeCloseTo(0.5, 9);
    const hellos = samples.filter((s) => s.gloss === 'hello');
    const test = computeFeatures(hellos[0].frames.map(mirrorFrame));
    const d = hellos.map((h) => dtwDistance(test, computeFeatures(h.frames)));
    const refs = hellos.map((h) => ({ gloss: 'hello', frames: h.frames }));
    expect(createMatcher(refs, 0.5, 1).distances(test, ['hello']).get('hello')).toBeCloseTo(Math.min(...d), 9);
    expect(createMatcher(refs, 0.5, 2).distances(test, ['hello']).get('hello')).toBeCloseTo((d[0] + d[1]) / 2, 9);
  });

  it('reports every test recording\'s verdict and distances, and the figures per signer', async () => {
    const [references, tests] = [samples.filter((s) => s.signerId === '2044'), samples.filter((s) => s.signerId !== '2044')];
    const report = await evaluateOneShot(references, tests, { method: 'dtw', matchDistance: 1e6, seed: 1 });
    expect(report.recordings).toHaveLength(tests.length);
    for (const r of report.recordings) {
      expect(Object.keys(r.distances).sort()).toEqual(['hello', 'thankyou']);
      expect(r.nearest).toBe(Object.entries(r.distances).sort((a, b) => a[1] - b[1])[0][0]);
      expect(r.accepted).toBe(r.nearest);
    }
    expect(Object.keys(report.per_signer)).toEqual(['16069']);
    expect(report.per_signer['16069']).toEqual({ n: tests.length, accuracy: report.accuracy, accepted_correct: report.accepted_correct });
    // At so lenient a distance every test is accepted, and as the other sign whenever its own is no candidate.
    expect(report.unknown_accepted).toBe(1);
    expect(report.accepted_correct! + report.accepted_wrong!).toBe(1);
  });

  it('calibrates the match distance on pairs of different signers, against no-sign windows and against other signs', () => {
    const c = calibrateOneShot(samples, { referenceSigners: 1, takes: 1, nearest: 1, draws: 40 }, createRng(3));
    expect(c.distance).toBeGreaterThan(0);
    expect(c.error).toBeGreaterThanOrEqual(0);
    expect(c.error).toBeLessThanOrEqual(0.5);
    expect(c.distanceOtherSign).toBeGreaterThan(0);
    expect(() => calibrateOneShot(samples, { referenceSigners: 2, takes: 1, nearest: 1, draws: 1 }, createRng(3))).toThrow('calibrateOneShot: 2 signers, need more than 2');
  });

  it('takes the match distance from the model manifest, the shipped model\'s when there is no model (one source)', () => {
    expect(gameMatchDistance()).toBe(readManifest(DEFAULT_MODEL_DIR).thresholds.matchDistance);
    expect(gameMatchDistance(DEFAULT_MODEL_DIR)).toBe(readManifest(DEFAULT_MODEL_DIR).thresholds.matchDistance);
  });
});
