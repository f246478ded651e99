import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeFeatures, FEATURE_FRAMES, FEATURE_SIZE, FEATURE_SPEC_VERSION } from '../../src/lib/features/spec';
import { parseModelManifest, NO_SIGN_LABEL, MODEL_FILE, MODEL_MANIFEST_FILE } from '../../src/lib/recognition/manifest';
import { initNodeBackend, tf } from '../../training/model/tf-node';
import { loadSamples } from '../../training/model/dataset';
import { loadModelFromDir, WEIGHTS_FILE } from '../../training/model/model';
import { trainClassifier, DEFAULT_TRAIN } from '../../training/model/train-model';
import { DEFAULT_MODEL_NAME, MODELS_DIR } from '../../training/model/cli-options';
import { pickReferenceSigners, ONE_SHOT_REFERENCE_SIGNERS } from '../../training/model/one-shot';
import { GISLR_REFERENCE_SIGNERS } from '../../training/data/reference-signers';
import type { Sample } from '../../training/model/dataset';

const FIXTURE_PACK = 'tests/fixtures/features';
const SHIPPED = join(MODELS_DIR, DEFAULT_MODEL_NAME);

describe('classifier model', () => {
  let dir: string;
  beforeAll(async () => {
    await initNodeBackend('cpu');
    dir = mkdtempSync(join(tmpdir(), 'signs-model-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trains end to end on a few recordings, saves, loads back and predicts', async () => {
    const samples = await loadSamples(FIXTURE_PACK);
    expect(samples.length).toBe(4);
    const result = await trainClassifier(tf, {
      ...DEFAULT_TRAIN, name: 'tiny', outDir: dir, samples, backend: 'cpu', epochs: 2, copies: 2, quiet: true,
    });
    expect(result.history).toHaveLength(2);
    expect(result.history.every((h) => Number.isFinite(h.loss))).toBe(true);
    for (const f of [MODEL_FILE, WEIGHTS_FILE, MODEL_MANIFEST_FILE]) expect(existsSync(join(dir, f))).toBe(true);
    const classifier = await loadModelFromDir(tf, dir);
    expect(classifier.manifest.labels).toEqual(['hello', 'thankyou', NO_SIGN_LABEL]);
    expect(classifier.manifest.trainedSignerIds).toEqual(['2044', '16069']);
    expect(classifier.manifest.featureSpecVersion).toBe(FEATURE_SPEC_VERSION);
    const [p] = await classifier.predict([computeFeatures(samples[0].frames)]);
    expect(p.probs).toHaveLength(3);
    expect(p.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(p.embedding).toHaveLength(classifier.manifest.embeddingSize);
    const norm = Math.hypot(...p.embedding);
    expect(norm === 0 || Math.abs(norm - 1) < 1e-5).toBe(true);
    classifier.dispose();
  });

  it('rejects a manifest built for another feature spec', () => {
    const manifest = JSON.parse(readFileSync(join(dir, MODEL_MANIFEST_FILE), 'utf8'));
    expect(() => parseModelManifest({ ...manifest, featureSpecVersion: FEATURE_SPEC_VERSION + 1 }, 'm.json')).toThrow(/feature spec/);
    expect(() => parseModelManifest({ ...manifest, inputShape: [FEATURE_FRAMES, FEATURE_SIZE + 1] }, 'm.json')).toThrow(/input shape/);
  });

  it('ships weights without NaN or infinity', () => {
    const modelJson = JSON.parse(readFileSync(join(SHIPPED, MODEL_FILE), 'utf8'));
    const specs = modelJson.weightsManifest.flatMap((g: { weights: Array<{ dtype: string; shape: number[] }> }) => g.weights);
    expect(specs.every((s: { dtype: string }) => s.dtype === 'float32')).toBe(true);
    const bytes = readFileSync(join(SHIPPED, WEIGHTS_FILE));
    const values = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    const expected = specs.reduce((n: number, s: { shape: number[] }) => n + s.shape.reduce((a, b) => a * b, 1), 0);
    expect(values.length).toBe(expected);
    expect(values.every((v) => Number.isFinite(v))).toBe(true);
  });

  it('leaks no tensors over 100 inferences of the shipped model', async () => {
    const classifier = await loadModelFromDir(tf, SHIPPED);
    const samples = await loadSamples(FIXTURE_PACK);
    const windows = samples.map((s) => computeFeatures(s.frames));
    await classifier.predict([windows[0]]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) await classifier.predict([windows[i % windows.length]]);
    expect(tf.memory().numTensors).toBe(before);
    classifier.dispose();
  });

  it('takes one-shot references from the game\'s GISLR reference signers when the data holds them', () => {
    const of = (ids: string[]): Sample[] => ids.map((signerId, i) => ({ id: String(i), signerId, gloss: 'hello', frames: [] }));
    const gislr = of(['2044', '4718', '16069', ...GISLR_REFERENCE_SIGNERS]);
    expect(pickReferenceSigners(gislr, ONE_SHOT_REFERENCE_SIGNERS)).toEqual([...GISLR_REFERENCE_SIGNERS]);
    expect(pickReferenceSigners(of(['9', '10', '100', '2']), ONE_SHOT_REFERENCE_SIGNERS)).toEqual(['2', '9', '10']);
  });
});
