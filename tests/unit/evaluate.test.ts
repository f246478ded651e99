/** `signs eval` on data holding signs the model does not know. */
import { beforeAll, describe, expect, it } from 'vitest';
import { readRecordingFile } from '../../training/data/recording-io';
import { loadSamples, type Sample } from '../../training/model/dataset';
import { evaluateClassifier } from '../../training/model/evaluate';
import { negativeWindows } from '../../training/model/negatives';
import { createRng } from '../../training/model/rng';
import { classifierSureOf } from './fakes/classifier';

describe('evaluating a classifier', () => {
  let samples: Sample[];
  let coffee: Sample;
  beforeAll(async () => {
    samples = await loadSamples('tests/fixtures/features');
    coffee = { id: 'coffee', signerId: 'rth-studio-a', gloss: 'coffee', frames: readRecordingFile('public/signs/rth-signs/coffee.signrec').frames };
  });

  it('on a sign it does not know only: no crash, no no-sign windows, the unknown sign counted with how often it passes as the model\'s', async () => {
    const report = await evaluateClassifier(classifierSureOf('hello'), [coffee], 0);
    expect(report).toMatchObject({ n: 0, skipped: 0, negatives: 0, unknown_sign: { n: 1, accepted: 1 } });
    const unsure = await evaluateClassifier(classifierSureOf('_nosign'), [coffee], 0);
    expect(unsure.unknown_sign).toEqual({ n: 1, accepted: 0 });
  });

  it('on mixed data: training signers\' recordings skipped, unknown signs counted apart', async () => {
    const report = await evaluateClassifier(classifierSureOf('hello'), [...samples, coffee], 5);
    expect(report).toMatchObject({ n: samples.length, skipped: 5, unknown_sign: { n: 1, accepted: 1 } });
    expect(report.negatives).toBeGreaterThan(0);
  });

  it('refuses to cut no-sign windows from no recording, saying so', () => {
    expect(() => negativeWindows([], 3, createRng(1))).toThrow('negativeWindows: 3 no-sign windows asked for, but no recording to cut them from');
    expect(negativeWindows([], 0, createRng(1))).toEqual([]);
  });
});
