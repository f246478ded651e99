import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as tfType from '@tensorflow/tfjs';
import { computeFeatures, FEATURE_FRAMES, FEATURE_SIZE, FEATURE_SPEC_VERSION } from '../../src/lib/features/spec';
import { parseModelManifest, NO_SIGN_LABEL, MODEL_FILE, MODEL_MANIFEST_FILE } from '../../src/lib/recognition/manifest';
import { nearestSimilarity, SIGN_EMBEDDINGS_FILE } from '../../src/lib/recognition/sign-embeddings';
import { embedSignRecordings, writeSignEmbeddings } from '../../training/model/sign-embeddings';
import { tf } from '../../training/model/tf-node';
import { cpuTfAndTempDir } from './fakes/temp-model-dir';
import { loadSamples } from '../../training/model/dataset';
import { buildModel, linearInputs, linearStats, loadLayersFromDir, loadModelFromDir, toFloat16Weights, DEFAULT_ARCHITECTURE, WEIGHTS_FILE } from '../../training/model/model';
import { trainClassifier, DEFAULT_TRAIN } from '../../training/model/train-model';
import { DEFAULT_MODEL_NAME, MODELS_DIR } from '../../training/model/cli-options';
import { pickReferenceSigners, ONE_SHOT_REFERENCE_SIGNERS } from '../../training/model/one-shot';
import { GISLR_REFERENCE_SIGNERS } from '../../training/data/reference-signers';
import type { Sample } from '../../training/model/dataset';

const FIXTURE_PACK = 'tests/fixtures/features';
const SHIPPED = join(MODELS_DIR, DEFAULT_MODEL_NAME);

describe('classifier model', () => {
  const temp = cpuTfAndTempDir('signs-model-test-');

  it('trains end to end on a few recordings, saves, loads back and predicts', async () => {
    const samples = await loadSamples(FIXTURE_PACK);
    expect(samples.length).toBe(4);
    const result = await trainClassifier(tf, {
      ...DEFAULT_TRAIN, name: 'tiny', outDir: temp.dir, samples, backend: 'cpu', epochs: 2, copies: 2, quiet: true,
    });
    expect(result.history).toHaveLength(2);
    expect(result.history.every((h) => Number.isFinite(h.loss))).toBe(true);
    for (const f of [MODEL_FILE, WEIGHTS_FILE, MODEL_MANIFEST_FILE]) expect(existsSync(join(temp.dir, f))).toBe(true);
    const classifier = await loadModelFromDir(tf, temp.dir);
    expect(classifier.manifest.labels).toEqual(['hello', 'thankyou', NO_SIGN_LABEL]);
    expect(classifier.manifest.trainedSignerIds).toEqual(['2044', '16069']);
    expect(classifier.manifest.featureSpecVersion).toBe(FEATURE_SPEC_VERSION);
    const [p] = await classifier.predict([{ frames: samples[0].frames }]);
    expect(p.probs).toHaveLength(3);
    expect(p.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(p.embedding).toHaveLength(classifier.manifest.embeddingSize);
    const norm = Math.hypot(...(p.embedding ?? []));
    expect(norm === 0 || Math.abs(norm - 1) < 1e-5).toBe(true);
    classifier.dispose();
  });

  it('writes its training recordings\' embeddings beside it, which load with the model; a manifest that names a sign it lacks is refused', async () => {
    const samples = await loadSamples(FIXTURE_PACK);
    const trained = await loadModelFromDir(tf, temp.dir);
    const manifest = writeSignEmbeddings(temp.dir, await embedSignRecordings(trained, samples));
    trained.dispose();
    expect(manifest.signEmbeddings).toEqual({ file: SIGN_EMBEDDINGS_FILE, counts: { hello: 2, thankyou: 2 } });
    const classifier = await loadModelFromDir(tf, temp.dir);
    const [p] = await classifier.predict([{ frames: samples[0].frames }]);
    expect(nearestSimilarity(p.embedding!, classifier.signEmbeddings!.get(samples[0].gloss)!)).toBeCloseTo(1, 5);
    classifier.dispose();
    expect(() => parseModelManifest({ ...manifest, signEmbeddings: { file: SIGN_EMBEDDINGS_FILE, counts: { coffee: 2 } } }, 'm.json'))
      .toThrow('m.json: signEmbeddings.counts.coffee: coffee is not one of the model\'s signs (hello, thankyou)');
  });

  it('fine-tunes from a saved model\'s weights, with other signs trained as "no sign" and listed in the manifest', async () => {
    const samples = await loadSamples(FIXTURE_PACK);
    const coffee = { id: 'coffee', signerId: 'rth-studio-a', gloss: 'coffee', frames: samples[0].frames.slice().reverse() };
    const start = await loadLayersFromDir(tf, temp.dir);
    const tuned = mkdtempSync(join(tmpdir(), 'signs-model-tuned-'));
    try {
      // A learning rate this small leaves the weights where they started, up to float16 storage.
      const result = await trainClassifier(tf, {
        ...DEFAULT_TRAIN, name: 'tuned', outDir: tuned, samples, backend: 'cpu', epochs: 1, copies: 1, quiet: true,
        learningRate: 1e-12, startFrom: start, otherSigns: [coffee], otherSignCopies: 2,
      });
      expect(result.manifest.otherSignsTrained).toEqual(['coffee']);
      const saved = await loadLayersFromDir(tf, tuned);
      const after = saved.getWeights().map((w) => w.dataSync());
      const before = start.getWeights().map((w) => w.dataSync());
      saved.dispose();
      expect(after.length).toBe(before.length);
      let worst = 0;
      after.forEach((w, i) => w.forEach((v, j) => { worst = Math.max(worst, Math.abs(v - before[i][j]) / Math.max(1, Math.abs(before[i][j]))); }));
      expect(worst).toBeLessThanOrEqual(1e-3);
    } finally {
      start.dispose();
      rmSync(tuned, { recursive: true, force: true });
    }
  });

  it('computes the baseline\'s inputs (wrist path, mean hand shape) inside the graph, standardised, and keeps them fixed in training', async () => {
    const samples = await loadSamples(FIXTURE_PACK);
    const windows = samples.map((s) => computeFeatures(s.frames));
    const stats = linearStats(windows);
    const { train, inference } = buildModel(tf, 3, { ...DEFAULT_ARCHITECTURE, members: 1, linear: 'member' }, 1, stats);
    const layer = inference.getLayer('linear_standardise');
    const probe = tf.model({ inputs: inference.inputs, outputs: layer.output as never });
    const x = tf.tensor3d(Float32Array.from(windows.flatMap((w) => Array.from(w))), [windows.length, FEATURE_FRAMES, FEATURE_SIZE]);
    const before = (probe.predict(x) as import('@tensorflow/tfjs').Tensor).arraySync() as number[][];
    windows.forEach((w, i) => {
      const want = Array.from(linearInputs(w), (v, j) => (v - stats.mean[j]) / stats.std[j]);
      want.forEach((v, j) => expect(before[i][j]).toBeCloseTo(v, 3));
    });
    train.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
    const y = tf.oneHot(tf.tensor1d([0, 1, 0, 1], 'int32'), 3).toFloat();
    await train.fit(x, [y, y], { epochs: 2, verbose: 0 });
    const after = (probe.predict(x) as import('@tensorflow/tfjs').Tensor).arraySync() as number[][];
    expect(after).toEqual(before);
    // Plain layers only: it serialises and loads back (as the browser loads model.json) unchanged.
    let saved: import('@tensorflow/tfjs').io.ModelArtifacts | undefined;
    await inference.save(tf.io.withSaveHandler(async (a) => { saved = a; return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }; }));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const [p0] = inference.predict(x) as import('@tensorflow/tfjs').Tensor[];
    const [p1] = loaded.predict(x) as import('@tensorflow/tfjs').Tensor[];
    expect(Array.from(p1.dataSync())).toEqual(Array.from(p0.dataSync()));
    tf.dispose([x, y, p0, p1]);
    loaded.dispose();
    train.dispose();
  });

  it('rejects a manifest built for another feature spec', () => {
    const manifest = JSON.parse(readFileSync(join(temp.dir, MODEL_MANIFEST_FILE), 'utf8'));
    expect(() => parseModelManifest({ ...manifest, featureSpecVersion: FEATURE_SPEC_VERSION + 1 }, 'm.json')).toThrow(/feature spec/);
    expect(() => parseModelManifest({ ...manifest, inputShape: [FEATURE_FRAMES, FEATURE_SIZE + 1] }, 'm.json')).toThrow(/input shape/);
  });

  it('refuses at load a model whose outputs do not fit its manifest, naming the field', async () => {
    const copy = join(temp.dir, 'misfit');
    cpSync(SHIPPED, copy, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(copy, MODEL_MANIFEST_FILE), 'utf8'));
    writeFileSync(join(copy, MODEL_MANIFEST_FILE), JSON.stringify({ ...manifest, labels: [...manifest.labels, 'coffee'], embeddingSize: 64 }));
    await expect(loadModelFromDir(tf, copy)).rejects.toThrow([
      `${join(copy, MODEL_MANIFEST_FILE)}: labels: lists 4 labels, but the model gives 3 class scores (list one label per output class, in order)`,
      `${join(copy, MODEL_MANIFEST_FILE)}: embeddingSize: is 64, but the model's embedding output has 128 values`,
    ].join('\n'));
  });

  it('ships weights without NaN or infinity', () => {
    const modelJson = JSON.parse(readFileSync(join(SHIPPED, MODEL_FILE), 'utf8'));
    const specs: tfType.io.WeightsManifestEntry[] = modelJson.weightsManifest.flatMap((g: { weights: tfType.io.WeightsManifestEntry[] }) => g.weights);
    expect(specs.every((s) => s.dtype === 'float32')).toBe(true);
    const bytes = readFileSync(join(SHIPPED, WEIGHTS_FILE));
    // Decoded as TF.js loads them (float16 storage expanded to float32).
    const weights = tf.io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), specs);
    const expected = specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
    expect(Object.values(weights).reduce((n, t) => n + t.size, 0)).toBe(expected);
    for (const t of Object.values(weights)) {
      expect((t.dataSync() as Float32Array).every((v) => Number.isFinite(v))).toBe(true);
      t.dispose();
    }
  });

  it('stores weights as float16 that TF.js expands to within half-precision rounding', () => {
    const values = Float32Array.from([0, -0, 1, -2.5, 0.1, 65504, 1e-5, -3e-7, 70000, Infinity, -Infinity, 1 / 3]);
    const stored = toFloat16Weights([{ name: 'w', shape: [values.length], dtype: 'float32' }], values.buffer);
    const back = tf.io.decodeWeights(stored.data, stored.specs).w.dataSync() as Float32Array;
    // 11 significant bits: relative error at most 2^-11 for normal halves; subnormals within 2^-25 absolute.
    const HALF_RELATIVE = 2 ** -11;
    const HALF_SUBNORMAL_STEP = 2 ** -25;
    for (let i = 0; i < 9; i++) {
      if (Math.abs(values[i]) > 65504) expect(back[i]).toBe(Infinity);
      else expect(Math.abs(back[i] - values[i])).toBeLessThanOrEqual(Math.max(Math.abs(values[i]) * HALF_RELATIVE, HALF_SUBNORMAL_STEP));
    }
    expect(Array.from(back.slice(9, 11))).toEqual([Infinity, -Infinity]);
    expect(back[11]).toBeCloseTo(1 / 3, 3);
    expect(Object.is(back[1], -0)).toBe(true);
  });

  it('leaks no tensors over 100 inferences of the shipped model', async () => {
    const classifier = await loadModelFromDir(tf, SHIPPED);
    const samples = await loadSamples(FIXTURE_PACK);
    const windows = samples.map((s) => ({ frames: s.frames, features: computeFeatures(s.frames) }));
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
