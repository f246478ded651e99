/**
 * The default classifier architecture and its files. Per-frame Dense layers (hand shape,
 * location and motion mixed per frame, shared over frames), then two paths: the frames
 * flattened into a Dense layer (the spec resamples every sign to the same frame count,
 * so frame k means "k/32 of the way through the sign") and max/mean pooling over time;
 * then the embedding layer and a softmax. A GRU path (kind 'gru') trains on wasm too but
 * was slower (26 vs 20 s per epoch) and no better on validation signers; Conv1D has no
 * gradients on wasm. `linear` adds the baseline's inputs (wrist path, mean hand shape)
 * computed inside the graph; it did not help on validation signers (docs/model.md) and is
 * off by default.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tfType from '@tensorflow/tfjs';
import { FEATURE_BLOCKS, FEATURE_FRAMES, FEATURE_SIZE } from '../../src/lib/features/spec';
import { HAND_LANDMARK } from '../../src/lib/landmarks/layout';
import { loadClassifierFrom, loadTfModel, ModelFileError, type ModelFiles, type SignClassifier, type Tf } from '../../src/lib/recognition/classifier';
import { MODEL_FILE, MODEL_MANIFEST_FILE, ModelManifestError, parseModelManifest, type ModelManifest } from '../../src/lib/recognition/manifest';
import { parseModelJson, type ModelJson } from '../../src/lib/recognition/model-json';
import { readFileOr, readJsonOr } from '../data/read-file';

export const EMBEDDING_LAYER = 'embedding';
export const WEIGHTS_FILE = 'weights.bin';

export interface Architecture {
  /** dense: order-aware flatten path + pooling; gru: a GRU over the per-frame vectors + pooling. */
  kind: 'dense' | 'gru';
  frameUnits: number;
  /** Per-frame Dense layers (shared over frames). */
  frameLayers: number;
  hiddenUnits: number;
  embeddingSize: number;
  dropout: number;
  /**
   * Members of an ensemble trained side by side on the same batches from different
   * initial weights; the saved model averages their class scores and concatenates their
   * embeddings (embedding size = members x embeddingSize).
   */
  members: number;
  /**
   * The baseline's inductive bias inside the model (training/model/baseline.ts): the
   * signing wrist's path over the 32 frames and the mean hand shape (+ the share of frames
   * with the hand), standardised with training statistics, into an L2-regularised softmax.
   * 'member': one more ensemble member whose scores are averaged with the deep members';
   * 'concat': those standardised values join each deep member's embedding before its
   * softmax; 'none': no such path.
   */
  linear: 'none' | 'member' | 'concat';
  /** L2 weight on the linear path's softmax kernel. */
  linearL2: number;
}

export const DEFAULT_ARCHITECTURE: Architecture = { kind: 'dense', frameUnits: 128, frameLayers: 2, hiddenUnits: 256, embeddingSize: 64, dropout: 0.3, members: 2, linear: 'none', linearL2: 1e-3 };

export function describeArchitecture(a: Architecture): string {
  const frame = Array.from({ length: a.frameLayers }, () => `Dense(${a.frameUnits}, relu)`).join(' -> ');
  const order = a.kind === 'dense' ? `[flatten -> dropout ${a.dropout} -> Dense(${a.hiddenUnits}, relu)]` : `[GRU(${a.hiddenUnits}) over frames -> max and mean of its states]`;
  const ensemble = a.members > 1 ? `an average of ${a.members} members trained side by side from different initial weights, each: ` : '';
  const linear = `the baseline's inputs computed in the graph (signing wrist x, y in each of the ${FEATURE_FRAMES} frames, mean hand shape and hand presence over the frames; fixed 0/1 selection Dense layers, flatten and average pooling, then standardised with training statistics by a fixed diagonal Dense)`;
  const head = a.linear === 'concat' ? `[dropout ${a.dropout} of the embedding, ${linear}] -> softmax (L2 ${a.linearL2})` : `dropout ${a.dropout} -> softmax`;
  const deep = `${ensemble}per-frame ${frame} -> ${order} + max and mean of the per-frame vectors over time -> Dense(${a.embeddingSize}, relu) = embedding -> ${head}`;
  return a.linear === 'member' ? `${deep}; plus a linear member averaged with them: ${linear} -> softmax (L2 ${a.linearL2}); the embedding is the deep members' only` : deep;
}

export interface BuiltModel {
  /** Class scores only: what is trained. */
  train: tfType.LayersModel;
  /** The same layers with two outputs, class scores and the embedding (the layer before the softmax, for the one-shot matcher): what is saved. */
  inference: tfType.LayersModel;
}

type Apply = (layer: tfType.layers.Layer, x: tfType.SymbolicTensor | tfType.SymbolicTensor[]) => tfType.SymbolicTensor;

const blockOf = (name: string) => FEATURE_BLOCKS.find((b) => b.name === name)!;
const LOCATION = blockOf('dominantHandLocation');
const SHAPE = blockOf('dominantHandShape');
const PRESENT = blockOf('dominantHandPresent');
/** Columns the linear path reads per frame: the wrist (x, y) of the signing hand ... */
const LINEAR_WRIST_COLUMNS = [LOCATION.start + HAND_LANDMARK.wrist * 2, LOCATION.start + HAND_LANDMARK.wrist * 2 + 1];
/** ... and its hand shape plus presence flag (averaged over the frames). */
const LINEAR_SHAPE_COLUMNS = [...Array.from({ length: SHAPE.count }, (_, i) => SHAPE.start + i), PRESENT.start];
/** Values the linear path sees: the wrist path (32 x 2) then mean shape and presence. */
export const LINEAR_INPUT_SIZE = FEATURE_FRAMES * LINEAR_WRIST_COLUMNS.length + LINEAR_SHAPE_COLUMNS.length;

/** The linear path's inputs of one feature window, as the graph computes them (for its standardisation statistics). */
export function linearInputs(features: Float32Array): Float32Array {
  const out = new Float32Array(LINEAR_INPUT_SIZE);
  const pathSize = FEATURE_FRAMES * LINEAR_WRIST_COLUMNS.length;
  for (let f = 0; f < FEATURE_FRAMES; f++) {
    LINEAR_WRIST_COLUMNS.forEach((c, j) => (out[f * LINEAR_WRIST_COLUMNS.length + j] = features[f * FEATURE_SIZE + c]));
    LINEAR_SHAPE_COLUMNS.forEach((c, j) => (out[pathSize + j] += features[f * FEATURE_SIZE + c] / FEATURE_FRAMES));
  }
  return out;
}

export interface LinearStats {
  mean: Float32Array;
  std: Float32Array;
}

/** Mean and standard deviation of the linear path's inputs over some feature windows. */
export function linearStats(windows: readonly Float32Array[]): LinearStats {
  const mean = new Float32Array(LINEAR_INPUT_SIZE);
  const sq = new Float32Array(LINEAR_INPUT_SIZE);
  for (const w of windows) linearInputs(w).forEach((v, i) => { mean[i] += v / windows.length; sq[i] += (v * v) / windows.length; });
  const std = mean.map((m, i) => Math.sqrt(Math.max(0, sq[i] - m * m)) || 1);
  return { mean, std };
}

function selection(tf: Tf, columns: readonly number[]): tfType.Tensor2D {
  const k = new Float32Array(FEATURE_SIZE * columns.length);
  columns.forEach((c, j) => (k[c * columns.length + j] = 1));
  return tf.tensor2d(k, [FEATURE_SIZE, columns.length]);
}

/**
 * The linear path's standardised inputs, with layers every TF.js backend loads: fixed
 * (non-trainable) Dense layers whose kernels are 0/1 column selections, flatten for the
 * wrist path, global average pooling for the mean shape, and a fixed diagonal Dense for
 * the standardisation.
 */
function linearFeatures(tf: Tf, apply: Apply, input: tfType.SymbolicTensor, stats: LinearStats | undefined): { out: tfType.SymbolicTensor; init: () => void } {
  const wristSelect = tf.layers.dense({ units: LINEAR_WRIST_COLUMNS.length, useBias: false, trainable: false, name: 'linear_wrist_select' });
  const shapeSelect = tf.layers.dense({ units: LINEAR_SHAPE_COLUMNS.length, useBias: false, trainable: false, name: 'linear_shape_select' });
  const standardise = tf.layers.dense({ units: LINEAR_INPUT_SIZE, trainable: false, name: 'linear_standardise' });
  const path = apply(tf.layers.flatten(), apply(wristSelect, input));
  const shape = apply(tf.layers.globalAveragePooling1d(), apply(shapeSelect, input));
  const out = apply(standardise, apply(tf.layers.concatenate(), [path, shape]));
  const init = () => {
    const mean = stats?.mean ?? new Float32Array(LINEAR_INPUT_SIZE);
    const std = stats?.std ?? new Float32Array(LINEAR_INPUT_SIZE).fill(1);
    const diag = new Float32Array(LINEAR_INPUT_SIZE * LINEAR_INPUT_SIZE);
    for (let i = 0; i < LINEAR_INPUT_SIZE; i++) diag[i * LINEAR_INPUT_SIZE + i] = 1 / std[i];
    wristSelect.setWeights([selection(tf, LINEAR_WRIST_COLUMNS)]);
    shapeSelect.setWeights([selection(tf, LINEAR_SHAPE_COLUMNS)]);
    standardise.setWeights([tf.tensor2d(diag, [LINEAR_INPUT_SIZE, LINEAR_INPUT_SIZE]), tf.tensor1d(mean.map((m, i) => -m / std[i]))]);
  };
  return { out, init };
}

/** `inputSize`: values per frame (FEATURE_SIZE, or fewer for a model of some feature blocks; the linear path needs all). */
export function buildModel(tf: Tf, classes: number, arch: Architecture, seed: number, stats?: LinearStats, inputSize = FEATURE_SIZE): BuiltModel {
  const apply: Apply = (layer, x) => layer.apply(x) as tfType.SymbolicTensor;
  if (arch.linear !== 'none' && inputSize !== FEATURE_SIZE) throw new RangeError(`the linear path reads every feature block; a model of ${inputSize} values per frame cannot have one`);
  const input = tf.input({ shape: [FEATURE_FRAMES, inputSize] });
  const members = Math.max(1, arch.members);
  const linear = arch.linear !== 'none' ? linearFeatures(tf, apply, input, stats) : undefined;
  const built = Array.from({ length: members }, (_, m) => buildMember(tf, apply, input, classes, arch, seed + 1000 * m, members > 1 || arch.linear === 'member' ? `_${m}` : '', arch.linear === 'concat' ? linear?.out : undefined));
  const allProbs = built.map((b) => b.probs);
  if (arch.linear === 'member' && linear) {
    allProbs.push(apply(tf.layers.dense({
      units: classes, activation: 'softmax', kernelInitializer: tf.initializers.zeros(), kernelRegularizer: tf.regularizers.l2({ l2: arch.linearL2 }), name: 'probs_linear',
    }), linear.out));
  }
  const result = allProbs.length === 1
    ? { train: tf.model({ inputs: input, outputs: allProbs[0] }), inference: tf.model({ inputs: input, outputs: [allProbs[0], built[0].embedding] }) }
    : {
      train: tf.model({ inputs: input, outputs: allProbs }),
      inference: tf.model({
        inputs: input,
        outputs: [apply(tf.layers.average({ name: 'probs' }), allProbs), members === 1 ? built[0].embedding : apply(tf.layers.concatenate({ name: EMBEDDING_LAYER }), built.map((b) => b.embedding))],
      }),
    };
  linear?.init();
  return result;
}

function buildMember(tf: Tf, apply: Apply, input: tfType.SymbolicTensor, classes: number, arch: Architecture, seed: number, suffix: string, linear?: tfType.SymbolicTensor): { probs: tfType.SymbolicTensor; embedding: tfType.SymbolicTensor } {
  const init = (k: number) => tf.initializers.glorotUniform({ seed: seed + k });
  let perFrame = input;
  for (let l = 0; l < arch.frameLayers; l++) {
    perFrame = apply(tf.layers.dense({ units: arch.frameUnits, activation: 'relu', kernelInitializer: init(10 + l) }), perFrame);
  }
  // Order-free summaries (did it move at all, how far, which shapes occurred) ...
  const peak = apply(tf.layers.globalMaxPooling1d(), perFrame);
  const mean = apply(tf.layers.globalAveragePooling1d(), perFrame);
  // ... and an order-aware path (where the hand is at each point of the sign).
  let ordered: tfType.SymbolicTensor[];
  if (arch.kind === 'dense') {
    ordered = [apply(tf.layers.dense({ units: arch.hiddenUnits, activation: 'relu', kernelInitializer: init(2) }),
      apply(tf.layers.dropout({ rate: arch.dropout, seed: seed + 3 }), apply(tf.layers.flatten(), perFrame)))];
  } else {
    const states = apply(tf.layers.gru({ units: arch.hiddenUnits, returnSequences: true, kernelInitializer: init(2), recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 7 }) }), perFrame);
    ordered = [apply(tf.layers.globalMaxPooling1d(), states), apply(tf.layers.globalAveragePooling1d(), states)];
  }
  const joined = apply(tf.layers.concatenate(), [...ordered, peak, mean]);
  const embedding = apply(tf.layers.dense({ units: arch.embeddingSize, activation: 'relu', kernelInitializer: init(4), name: EMBEDDING_LAYER + suffix }), joined);
  const dropped = apply(tf.layers.dropout({ rate: arch.dropout, seed: seed + 5 }), embedding);
  const head = linear ? apply(tf.layers.concatenate(), [dropped, linear]) : dropped;
  const probs = apply(tf.layers.dense({
    units: classes, activation: 'softmax', kernelInitializer: init(6), name: 'probs' + suffix,
    kernelRegularizer: linear ? tf.regularizers.l2({ l2: arch.linearL2 }) : undefined,
  }), head);
  return { probs, embedding };
}

/** Writes model.json + weights.bin + manifest.json into `dir` (tf.io to plain files). */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE half-precision bits of a float32 value (round half up; too large: infinity). */
export function float16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  const mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    // Subnormal half: the implicit leading 1 joins the mantissa, shifted into place.
    if (halfExponent < -10) return sign;
    const shift = 14 - halfExponent;
    const full = mantissa | 0x800000;
    return sign | ((full >> shift) + ((full >> (shift - 1)) & 1));
  }
  // A carry out of the mantissa correctly bumps the exponent.
  return (sign | (halfExponent << 10) | (mantissa >> 13)) + ((mantissa >> 12) & 1);
}

type WeightSpec = tfType.io.WeightsManifestEntry;

/**
 * Float32 weights stored as float16, which TF.js expands again when it loads them (the
 * `quantization` entry): half the download, and the model's outputs move by far less than
 * its decisions depend on (the card's figures are measured on the stored weights).
 */
export function toFloat16Weights(specs: readonly WeightSpec[], data: ArrayBuffer): { specs: WeightSpec[]; data: ArrayBuffer } {
  const values = new Float32Array(data);
  if (specs.some((s) => s.dtype !== 'float32') || values.length !== specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0)) {
    throw new Error('toFloat16Weights: expected float32 weights only, one value per weight element');
  }
  const half = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) half[i] = float16Bits(values[i]);
  return { specs: specs.map((s) => ({ ...s, quantization: { dtype: 'float16' } })), data: half.buffer };
}

export async function saveModel(tf: Tf, model: tfType.LayersModel, manifest: ModelManifest, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const stored = toFloat16Weights(artifacts.weightSpecs ?? [], artifacts.weightData as ArrayBuffer);
    writeFileSync(join(dir, WEIGHTS_FILE), Buffer.from(stored.data));
    const modelJson = {
      modelTopology: artifacts.modelTopology,
      format: 'layers-model',
      generatedBy: artifacts.generatedBy,
      convertedBy: null,
      weightsManifest: [{ paths: [WEIGHTS_FILE], weights: stored.specs }],
    };
    writeFileSync(join(dir, MODEL_FILE), JSON.stringify(modelJson));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: stored.data.byteLength } };
  }));
  writeFileSync(join(dir, MODEL_MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
}

export function readManifest(dir: string): ModelManifest {
  const file = join(dir, MODEL_MANIFEST_FILE);
  return parseModelManifest(readJsonOr(file, ModelManifestError), file);
}

/** A model folder's model.json (layers or graph), checked (weight paths stay inside the folder). */
export function readModelJson(dir: string): ModelJson {
  const file = join(dir, MODEL_FILE);
  return parseModelJson(readJsonOr(file, ModelManifestError), file);
}

/** A model folder on disk, for the loader the app uses (weight paths are checked relative paths before they are joined). */
export function dirModelFiles(dir: string): ModelFiles {
  return {
    source: dir,
    name: (path) => join(dir, path),
    read: async (path) => new Uint8Array(readFileOr(join(dir, path), ModelFileError)),
  };
}

/** Loads a model folder written by saveModel (or any model folder of the plug-in contract) in Node. */
export function loadModelFromDir(tf: Tf, dir: string): Promise<SignClassifier> {
  return loadClassifierFrom(tf, dirModelFiles(dir));
}

/** The layers model of a model folder (its weights expanded from float16), to fine-tune. */
export async function loadLayersFromDir(tf: Tf, dir: string): Promise<tfType.LayersModel> {
  const model = await loadTfModel(tf, dirModelFiles(dir));
  if (!(model instanceof tf.LayersModel)) throw new ModelFileError(join(dir, MODEL_FILE), 'is a graph model, which cannot be trained further (give a layers model)');
  return model;
}
