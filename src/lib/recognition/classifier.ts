/**
 * The sign classifier: a TF.js layers model with two outputs (class scores and the
 * embedding the one-shot matcher can reuse), run on windows of feature frames. The same
 * code runs in the browser and in Node (training/eval); tf is passed in so the app can
 * import TF.js lazily and Node can pick its own backend.
 */
import type * as tfType from '@tensorflow/tfjs';
import { FEATURE_FRAMES, FEATURE_SIZE } from '../features/spec';
import { FileProblemError, parseJsonText } from '../files/problems';
import { checkModelOutputs, MODEL_FILE, MODEL_MANIFEST_FILE, parseModelManifest, type ModelManifest } from './manifest';

export type Tf = typeof tfType;

export interface WindowPrediction {
  /** Per manifest label. */
  probs: Float32Array;
  /** L2-normalised embedding. */
  embedding: Float32Array;
}

export interface SignClassifier {
  readonly manifest: ModelManifest;
  /** Predicts each window (FEATURE_FRAMES x FEATURE_SIZE features) in one batch. */
  predict(windows: readonly Float32Array[]): Promise<WindowPrediction[]>;
  dispose(): void;
}

/** Loads TF.js on demand, so the start screen does not wait for it. */
export function loadTf(): Promise<Tf> {
  return import('@tensorflow/tfjs');
}

function normalise(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  const s = n > 0 ? 1 / Math.sqrt(n) : 0;
  return v.map((x) => x * s);
}

/** `source` names the model in the error when its outputs do not fit the manifest. */
export function createClassifier(tf: Tf, model: tfType.LayersModel, manifest: ModelManifest, source: string): SignClassifier {
  checkModelOutputs(manifest, model.outputs.map((o) => o.shape.at(-1)), source);
  const classes = manifest.labels.length;
  return {
    manifest,
    async predict(windows) {
      if (windows.length === 0) return [];
      const batch = new Float32Array(windows.length * FEATURE_FRAMES * FEATURE_SIZE);
      windows.forEach((w, i) => batch.set(w, i * FEATURE_FRAMES * FEATURE_SIZE));
      const [probsT, embT] = tf.tidy(() => {
        const out = model.predict(tf.tensor3d(batch, [windows.length, FEATURE_FRAMES, FEATURE_SIZE])) as tfType.Tensor[];
        return [out[0], out[1]];
      });
      try {
        const [probs, emb] = await Promise.all([probsT.data() as Promise<Float32Array>, embT.data() as Promise<Float32Array>]);
        const size = manifest.embeddingSize;
        return windows.map((_, i) => ({
          probs: probs.slice(i * classes, (i + 1) * classes),
          embedding: normalise(emb.slice(i * size, (i + 1) * size)),
        }));
      } finally {
        probsT.dispose();
        embT.dispose();
      }
    },
    dispose() {
      model.dispose();
    },
  };
}

/** A model file that is missing or cannot be read; the message starts with the file. */
export class ModelFileError extends FileProblemError {
  override name = 'ModelFileError';
}

/** Loads public/models/<name>/ (manifest.json + model.json + weights) from a URL. */
export async function loadClassifier(tf: Tf, modelUrl: string): Promise<SignClassifier> {
  const base = modelUrl.endsWith('/') ? modelUrl : modelUrl + '/';
  const manifestUrl = base + MODEL_MANIFEST_FILE;
  const res = await fetch(manifestUrl);
  if (!res.ok) throw new ModelFileError(manifestUrl, `HTTP ${res.status}`);
  const manifest = parseModelManifest(parseJsonText(await res.text(), manifestUrl, ModelFileError), manifestUrl);
  let model: tfType.LayersModel;
  try {
    model = await tf.loadLayersModel(base + MODEL_FILE);
  } catch (e) {
    // TF.js names the weight file only sometimes (a failed request), never for bad contents.
    throw new ModelFileError(base + MODEL_FILE, `cannot be loaded with its weights (${(e as Error).message})`);
  }
  return createClassifier(tf, model, manifest, manifestUrl);
}
