/**
 * The classifier plug-in contract (docs/model.md): manifests old and new, feature-block and
 * raw-landmark inputs, layers and graph models from any folder, and a model that does not
 * fit refused when it loads, naming the mismatch.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { blockColumns, computeFeatures, FEATURE_BLOCKS, FEATURE_FRAMES, FEATURE_SIZE, FEATURE_SPEC_VERSION, HAND_BLOCK_NAMES, selectColumns } from '../../src/lib/features/spec';
import { LANDMARK_INPUT_SIZE, MODEL_FILE, MODEL_MANIFEST_FILE, NO_SIGN_LABEL, parseModelManifest } from '../../src/lib/recognition/manifest';
import { fileListModelFiles, loadClassifierFrom, modelFolderPaths, modelInput } from '../../src/lib/recognition/classifier';
import { SIGN_EMBEDDINGS_FILE } from '../../src/lib/recognition/sign-embeddings';
import {
  DEFAULT_MODEL_CHOICE, LocalModelStore, MODEL_CHOICE_KEY, modelFilesFor, readModelChoice, saveModelChoice, SHIPPED_MODEL_NAMES,
} from '../../src/lib/recognition/model-choice';
import { tf } from '../../training/model/tf-node';
import { cpuTfAndTempDir } from './fakes/temp-model-dir';
import { dirModelFiles, loadModelFromDir } from '../../training/model/model';
import { loadSamples } from '../../training/model/dataset';
import { DEFAULT_MODEL_NAME, MODELS_DIR } from '../../training/model/cli-options';

const FIXTURE_PACK = 'tests/fixtures/features';
const SHIPPED = join(MODELS_DIR, DEFAULT_MODEL_NAME);
const LABELS = ['hello', 'thankyou', NO_SIGN_LABEL];
const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, MODEL_MANIFEST_FILE), 'utf8'));

/**
 * A TF.js graph model (tensorflowjs_converter's format) written by hand: the window block
 * (4 values) of every frame, flattened, through one MatMul and a softmax; no embedding.
 */
function writeGraphModel(dir: string, classes: number, blocks = ['window']): void {
  const values = blockColumns(blocks).length;
  const inputs = FEATURE_FRAMES * values;
  const dim = (...sizes: number[]) => ({ dim: sizes.map((size) => ({ size: String(size) })) });
  const modelJson = {
    format: 'graph-model',
    generatedBy: 'plugin-contract.test',
    convertedBy: null,
    modelTopology: {
      node: [
        { name: 'x', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: dim(-1, FEATURE_FRAMES, values) } } },
        { name: 'flat_shape', op: 'Const', attr: { dtype: { type: 'DT_INT32' }, value: { tensor: { dtype: 'DT_INT32', tensorShape: dim(2) } } } },
        { name: 'w', op: 'Const', attr: { dtype: { type: 'DT_FLOAT' }, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: dim(inputs, classes) } } } },
        { name: 'flat', op: 'Reshape', input: ['x', 'flat_shape'], attr: { T: { type: 'DT_FLOAT' }, Tshape: { type: 'DT_INT32' } } },
        { name: 'logits', op: 'MatMul', input: ['flat', 'w'], attr: { T: { type: 'DT_FLOAT' }, transpose_a: { b: false }, transpose_b: { b: false } } },
        { name: 'probs', op: 'Softmax', input: ['logits'], attr: { T: { type: 'DT_FLOAT' } } },
      ],
      library: {},
      versions: { producer: 1 },
    },
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [{ name: 'flat_shape', shape: [2], dtype: 'int32' }, { name: 'w', shape: [inputs, classes], dtype: 'float32' }] }],
  };
  const w = Float32Array.from({ length: inputs * classes }, (_, i) => ((i * 7919) % 13) / 13 - 0.5);
  writeFileSync(join(dir, MODEL_FILE), JSON.stringify(modelJson));
  writeFileSync(join(dir, 'group1-shard1of1.bin'), Buffer.concat([Buffer.from(Int32Array.from([-1, inputs]).buffer), Buffer.from(w.buffer)]));
  writeFileSync(join(dir, MODEL_MANIFEST_FILE), JSON.stringify({
    format: 'signquest-model', name: 'graph-test', labels: LABELS, input: { kind: 'features', blocks }, featureSpecVersion: FEATURE_SPEC_VERSION,
    windowFrames: FEATURE_FRAMES, inputShape: [FEATURE_FRAMES, values], thresholds: { accept: 0.5 }, extractor: 'MediaPipe Holistic',
  }));
}

describe('the classifier plug-in contract', () => {
  const temp = cpuTfAndTempDir('signs-plugin-');

  it('reads a manifest without `input` (every model before the contract) as all feature blocks', () => {
    const m = parseModelManifest(manifestOf(SHIPPED), 'manifest.json');
    expect(m.input).toEqual({ kind: 'features', blocks: FEATURE_BLOCKS.map((b) => b.name) });
    expect(m.inputShape).toEqual([FEATURE_FRAMES, FEATURE_SIZE]);
  });

  it('checks inputShape against the input it names, and names each faulty field', () => {
    const old = manifestOf(SHIPPED);
    const hands = { ...old, input: { kind: 'features', blocks: HAND_BLOCK_NAMES } };
    expect(() => parseModelManifest(hands, 'm.json')).toThrow(`m.json: inputShape: input shape [32,238] differs from [32,${blockColumns(HAND_BLOCK_NAMES).length}]`);
    expect(parseModelManifest({ ...hands, inputShape: [32, blockColumns(HAND_BLOCK_NAMES).length] }, 'm.json').input).toEqual(hands.input);
    expect(() => parseModelManifest({ ...old, input: { kind: 'features', blocks: ['elbows'] } }, 'm.json')).toThrow('m.json: input.blocks[0]: "elbows" is not a block of feature spec');
    const raw = { ...old, input: { kind: 'landmarks' }, featureSpecVersion: undefined, windowFrames: 16, inputShape: [16, LANDMARK_INPUT_SIZE] };
    expect(parseModelManifest(raw, 'm.json').input).toEqual({ kind: 'landmarks' });
    expect(() => parseModelManifest({ ...old, featureSpecVersion: undefined }, 'm.json')).toThrow('m.json: featureSpecVersion: missing');
  });

  it('feeds a raw-landmarks model the frames resampled, missing parts as 0, and a block model only its columns', async () => {
    const [sample] = await loadSamples(FIXTURE_PACK);
    const raw = modelInput({ input: { kind: 'landmarks' }, windowFrames: 16, inputShape: [16, LANDMARK_INPUT_SIZE] })({ frames: sample.frames });
    expect(raw).toHaveLength(16 * LANDMARK_INPUT_SIZE);
    expect(raw.every((x) => Number.isFinite(x))).toBe(true);
    expect(raw.subarray(0, LANDMARK_INPUT_SIZE)).toEqual(sample.frames[0].data.map((x) => (Number.isNaN(x) ? 0 : x)));
    const features = computeFeatures(sample.frames);
    const columns = blockColumns(HAND_BLOCK_NAMES);
    const hands = modelInput({ input: { kind: 'features', blocks: [...HAND_BLOCK_NAMES] }, windowFrames: FEATURE_FRAMES, inputShape: [FEATURE_FRAMES, columns.length] });
    expect(hands({ frames: sample.frames })).toEqual(selectColumns(features, columns));
    expect(hands({ frames: [], features })).toEqual(selectColumns(features, columns));
  });

  it('loads a graph model with one output (no embedding) and predicts with it', async () => {
    const graph = join(temp.dir, 'graph');
    mkdirSync(graph);
    writeGraphModel(graph, 3);
    const classifier = await loadModelFromDir(tf, graph);
    const samples = await loadSamples(FIXTURE_PACK);
    const predictions = await classifier.predict(samples.map((s) => ({ frames: s.frames })));
    expect(predictions).toHaveLength(samples.length);
    for (const p of predictions) {
      expect(p.embedding).toBeNull();
      expect(p.probs).toHaveLength(3);
      expect(p.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    classifier.dispose();
  });

  it('refuses at load a model whose outputs do not fit its labels, or whose input is not the manifest\'s, naming the field', async () => {
    const graph = join(temp.dir, 'graph-4');
    mkdirSync(graph);
    writeGraphModel(graph, 4);
    await expect(loadModelFromDir(tf, graph)).rejects.toThrow(`${join(graph, MODEL_MANIFEST_FILE)}: labels: lists 3 labels, but the model gives 4 class scores`);
    const wrongInput = join(temp.dir, 'graph-input');
    mkdirSync(wrongInput);
    writeGraphModel(wrongInput, 3);
    const manifest = manifestOf(wrongInput);
    writeFileSync(join(wrongInput, MODEL_MANIFEST_FILE), JSON.stringify({ ...manifest, input: { kind: 'features', blocks: ['window', 'facePresent'] }, inputShape: [FEATURE_FRAMES, 5] }));
    await expect(loadModelFromDir(tf, wrongInput)).rejects.toThrow(`${join(wrongInput, MODEL_MANIFEST_FILE)}: inputShape: is [32,5], but the model takes windows of [32,4]`);
    const layers = join(temp.dir, 'layers-no-embedding');
    cpSync(SHIPPED, layers, { recursive: true });
    const { signEmbeddings: _needsAnEmbedding, ...shipped } = manifestOf(SHIPPED);
    writeFileSync(join(layers, MODEL_MANIFEST_FILE), JSON.stringify({ ...shipped, embeddingSize: 0 }));
    await expect(loadModelFromDir(tf, layers)).rejects.toThrow('the model has 2 outputs, expected 1');
  });

  it('loads a folder from dropped files as from disk, and keeps it in IndexedDB for the next visit', async () => {
    const files = readdirSync(SHIPPED).map((name) => new File([readFileSync(join(SHIPPED, name))], name));
    const dropped = fileListModelFiles(files, (f) => `${DEFAULT_MODEL_NAME}/${f.name}`);
    const fromDrop = await loadClassifierFrom(tf, dropped);
    const fromDisk = await loadClassifierFrom(tf, dirModelFiles(SHIPPED));
    const [sample] = await loadSamples(FIXTURE_PACK);
    const [a] = await fromDrop.predict([{ frames: sample.frames }]);
    const [b] = await fromDisk.predict([{ frames: sample.frames }]);
    expect(a.probs).toEqual(b.probs);
    fromDisk.dispose();
    const store = await LocalModelStore.open();
    const paths = await modelFolderPaths(dropped, fromDrop.manifest);
    expect(paths).toEqual([MODEL_MANIFEST_FILE, MODEL_FILE, 'weights.bin', SIGN_EMBEDDINGS_FILE, 'MODEL_CARD.md']);
    await store.save('mine', dropped, paths);
    store.close();
    const stored = await loadClassifierFrom(tf, await modelFilesFor({ kind: 'local', name: 'mine' }, 'http://localhost/', LocalModelStore.open));
    const [c] = await stored.predict([{ frames: sample.frames }]);
    expect(c.probs).toEqual(a.probs);
    expect(stored.signEmbeddings).toEqual(fromDrop.signEmbeddings);
    stored.dispose();
    fromDrop.dispose();
    await expect(modelFilesFor({ kind: 'local', name: 'gone' }, 'http://localhost/', LocalModelStore.open)).rejects.toThrow('gone (signquest-models): is no longer stored in this browser');
  });

  it('remembers the model choice, and falls back to the shipped default on anything it cannot read', () => {
    const items = new Map<string, string>();
    const storage = { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) };
    expect(readModelChoice(storage)).toEqual(DEFAULT_MODEL_CHOICE);
    saveModelChoice(storage, { kind: 'url', url: 'https://example.org/models/x/' });
    expect(readModelChoice(storage)).toEqual({ kind: 'url', url: 'https://example.org/models/x/' });
    items.set(MODEL_CHOICE_KEY, '{"kind":"shipped","name":"not-shipped"}');
    expect(readModelChoice(storage)).toEqual(DEFAULT_MODEL_CHOICE);
    items.set(MODEL_CHOICE_KEY, '{');
    expect(readModelChoice(storage)).toEqual(DEFAULT_MODEL_CHOICE);
    expect(readModelChoice(undefined)).toEqual(DEFAULT_MODEL_CHOICE);
  });

  it('lists exactly the model folders the build ships', () => {
    expect([...SHIPPED_MODEL_NAMES].sort()).toEqual(readdirSync(MODELS_DIR).sort());
  });
});
