/**
 * The default classifier architecture and its files. Per-frame Dense layers (hand shape,
 * location and motion mixed per frame, shared over frames), then two paths: the frames
 * flattened into a Dense layer (the spec resamples every sign to the same frame count,
 * so frame k means "k/32 of the way through the sign") and max/mean pooling over time;
 * then the embedding layer and a softmax. A GRU path (kind 'gru') trains on wasm too but
 * was slower (26 vs 20 s per epoch) and no better on validation signers; Conv1D has no
 * gradients on wasm.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tfType from '@tensorflow/tfjs';
import { FEATURE_FRAMES, FEATURE_SIZE } from '../../src/lib/features/spec';
import { createClassifier, type SignClassifier, type Tf } from '../../src/lib/recognition/classifier';
import { MODEL_FILE, MODEL_MANIFEST_FILE, parseModelManifest, type ModelManifest } from '../../src/lib/recognition/manifest';

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
}

export const DEFAULT_ARCHITECTURE: Architecture = { kind: 'dense', frameUnits: 128, frameLayers: 2, hiddenUnits: 256, embeddingSize: 64, dropout: 0.3, members: 2 };

export function describeArchitecture(a: Architecture): string {
  const frame = Array.from({ length: a.frameLayers }, () => `Dense(${a.frameUnits}, relu)`).join(' -> ');
  const order = a.kind === 'dense' ? `[flatten -> dropout ${a.dropout} -> Dense(${a.hiddenUnits}, relu)]` : `[GRU(${a.hiddenUnits}) over frames -> max and mean of its states]`;
  const ensemble = a.members > 1 ? `an average of ${a.members} members trained side by side from different initial weights, each: ` : '';
  return `${ensemble}per-frame ${frame} -> ${order} + max and mean of the per-frame vectors over time -> Dense(${a.embeddingSize}, relu) = embedding -> dropout ${a.dropout} -> softmax`;
}

export interface BuiltModel {
  /** Class scores only: what is trained. */
  train: tfType.LayersModel;
  /** The same layers with two outputs, class scores and the embedding (the layer before the softmax, for the one-shot matcher): what is saved. */
  inference: tfType.LayersModel;
}

type Apply = (layer: tfType.layers.Layer, x: tfType.SymbolicTensor | tfType.SymbolicTensor[]) => tfType.SymbolicTensor;

export function buildModel(tf: Tf, classes: number, arch: Architecture, seed: number): BuiltModel {
  const apply: Apply = (layer, x) => layer.apply(x) as tfType.SymbolicTensor;
  const input = tf.input({ shape: [FEATURE_FRAMES, FEATURE_SIZE] });
  const members = Math.max(1, arch.members);
  const built = Array.from({ length: members }, (_, m) => buildMember(tf, apply, input, classes, arch, seed + 1000 * m, members > 1 ? `_${m}` : ''));
  if (members === 1) {
    return { train: tf.model({ inputs: input, outputs: built[0].probs }), inference: tf.model({ inputs: input, outputs: [built[0].probs, built[0].embedding] }) };
  }
  const probs = apply(tf.layers.average({ name: 'probs' }), built.map((b) => b.probs));
  const embedding = apply(tf.layers.concatenate({ name: EMBEDDING_LAYER }), built.map((b) => b.embedding));
  return { train: tf.model({ inputs: input, outputs: built.map((b) => b.probs) }), inference: tf.model({ inputs: input, outputs: [probs, embedding] }) };
}

function buildMember(tf: Tf, apply: Apply, input: tfType.SymbolicTensor, classes: number, arch: Architecture, seed: number, suffix: string): { probs: tfType.SymbolicTensor; embedding: tfType.SymbolicTensor } {
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
  const probs = apply(tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: init(6), name: 'probs' + suffix }), dropped);
  return { probs, embedding };
}

/** Writes model.json + weights.bin + manifest.json into `dir` (tf.io to plain files). */
export async function saveModel(tf: Tf, model: tfType.LayersModel, manifest: ModelManifest, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const weightData = artifacts.weightData as ArrayBuffer;
    writeFileSync(join(dir, WEIGHTS_FILE), Buffer.from(weightData));
    const modelJson = {
      modelTopology: artifacts.modelTopology,
      format: 'layers-model',
      generatedBy: artifacts.generatedBy,
      convertedBy: null,
      weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
    };
    writeFileSync(join(dir, MODEL_FILE), JSON.stringify(modelJson));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weightData.byteLength } };
  }));
  writeFileSync(join(dir, MODEL_MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
}

export function readManifest(dir: string): ModelManifest {
  const file = join(dir, MODEL_MANIFEST_FILE);
  return parseModelManifest(JSON.parse(readFileSync(file, 'utf8')), file);
}

/** Loads a model folder written by saveModel (or any layers model + manifest) in Node. */
export async function loadModelFromDir(tf: Tf, dir: string): Promise<SignClassifier> {
  const manifest = readManifest(dir);
  const modelJson = JSON.parse(readFileSync(join(dir, MODEL_FILE), 'utf8'));
  const weightSpecs = modelJson.weightsManifest.flatMap((g: { weights: unknown[] }) => g.weights);
  const buffers = modelJson.weightsManifest.flatMap((g: { paths: string[] }) => g.paths.map((p) => readFileSync(join(dir, p))));
  const weights = Buffer.concat(buffers);
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength);
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs, weightData }));
  return createClassifier(tf, model, manifest);
}
