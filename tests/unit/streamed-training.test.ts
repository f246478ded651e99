/**
 * `signs train --gislr`'s streamed training: every recording read once per epoch, when its
 * turn comes; the model and manifest written as the in-memory path writes them; no tensor
 * left behind. And the streamed evaluation's merge of chunk reports.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { HAND_BLOCK_NAMES } from '../../src/lib/features/spec';
import { tf } from '../../training/model/tf-node';
import { cpuTfAndTempDir } from './fakes/temp-model-dir';
import { loadSamples, openSampleSources, type SampleSource } from '../../training/model/dataset';
import { DEFAULT_ARCHITECTURE, loadModelFromDir } from '../../training/model/model';
import { DEFAULT_TRAIN, trainStreamed } from '../../training/model/train-model';
import { evaluateClassifier, mergeReports } from '../../training/model/evaluate';
import { GISLR_SUBSET_DIR } from '../../training/shared-data';

const FIXTURE_PACK = 'tests/fixtures/features';

describe('streamed training', () => {
  const temp = cpuTfAndTempDir('signs-streamed-');

  it('reads each recording once per epoch, trains a hands-only model and leaks no tensor', async () => {
    const samples = await loadSamples(FIXTURE_PACK);
    const loads: string[] = [];
    const sources: SampleSource[] = samples.map((s) => ({ id: s.id, signerId: s.signerId, gloss: s.gloss, load: async () => (loads.push(s.id), s) }));
    const tensors = tf.memory().numTensors;
    const result = await trainStreamed(tf, {
      ...DEFAULT_TRAIN, name: 'streamed', outDir: temp.dir, sources, backend: 'cpu', epochs: 2, copies: 2, quiet: true, shuffleBuffer: 3, batchSize: 4, blocks: HAND_BLOCK_NAMES,
      architecture: { ...DEFAULT_ARCHITECTURE, frameUnits: 16, hiddenUnits: 16, embeddingSize: 8, members: 1, linear: 'none' },
    });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(loads).toHaveLength(2 * samples.length);
    expect(new Set(loads.slice(0, samples.length))).toEqual(new Set(samples.map((s) => s.id)));
    expect(result.history).toHaveLength(2);
    expect(result.manifest.trainedSignerIds).toEqual(['2044', '16069']);
    const classifier = await loadModelFromDir(tf, temp.dir);
    expect(classifier.manifest.input).toEqual({ kind: 'features', blocks: HAND_BLOCK_NAMES });
    const [p] = await classifier.predict([{ frames: samples[0].frames }]);
    expect(p.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);

    // Two chunks merged give the counts of both: the confusion sums, the shares weigh by size.
    const [a, b] = [await evaluateClassifier(classifier, samples.slice(0, 1), 0, 4), await evaluateClassifier(classifier, samples.slice(1), 0, 8)];
    const merged = mergeReports([a, b]);
    expect(merged.n).toBe(samples.length);
    expect(merged.negatives).toBe(12);
    expect(merged.accuracy).toBeCloseTo((a.accuracy * a.n + b.accuracy * b.n) / samples.length, 10);
    expect(merged.false_accept).toBeCloseTo((a.false_accept * 4 + b.false_accept * 8) / 12, 10);
    expect(merged.confusion.counts.flat().reduce((x, y) => x + y, 0)).toBe(samples.length);
    classifier.dispose();
  }, 240_000);

  it('opens the Kaggle parquet layout as sources without reading a recording', () => {
    const sources = openSampleSources(join(GISLR_SUBSET_DIR, 'parquet'));
    expect(sources).toHaveLength(42);
    expect(new Set(sources.map((s) => s.gloss))).toEqual(new Set(['hello', 'thankyou']));
  });
});
