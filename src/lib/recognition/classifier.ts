/**
 * The sign classifier: a TF.js layers or graph model with one output of class scores and
 * optionally a second, the embedding the one-shot matcher can reuse, run on windows of
 * frames as its manifest's `input` says (feature spec blocks or raw landmarks). The same
 * code runs in the browser and in Node (training/eval); tf is passed in so the app can
 * import TF.js lazily and Node can pick its own backend. The plug-in contract is in
 * docs/model.md.
 */
import type * as tfType from '@tensorflow/tfjs';
import { blockColumns, computeFeatures, FEATURE_BLOCKS, selectColumns } from '../features/spec';
import { resampleFrames } from '../features/resample';
import { FileProblemError, parseJsonText } from '../files/problems';
import type { LandmarkFrame } from '../landmarks/frame';
import {
  checkModelInput, checkModelOutputs, MODEL_CARD_FILE, MODEL_FILE, MODEL_MANIFEST_FILE, ModelManifestError, parseModelManifest, type ModelManifest,
} from './manifest';
import { parseModelJson, type ModelJson } from './model-json';
import { readSignEmbeddings, type SignEmbeddings } from './sign-embeddings';

export type Tf = typeof tfType;

/** One window to judge: its frames and, when the caller has them already, their feature tensor (computeFeatures). */
export interface ModelWindow {
  frames: readonly LandmarkFrame[];
  features?: Float32Array;
}

export interface WindowPrediction {
  /** Per manifest label. */
  probs: Float32Array;
  /** L2-normalised embedding; null when the model has none. */
  embedding: Float32Array | null;
}

/** The plug-in contract's runtime half: what the recogniser asks of any classifier. */
export interface SignClassifier {
  readonly manifest: ModelManifest;
  /** Its training recordings' embeddings (manifest signEmbeddings); absent or null when it ships none. */
  readonly signEmbeddings?: SignEmbeddings | null;
  /** Predicts each window in one batch. */
  predict(windows: readonly ModelWindow[]): Promise<WindowPrediction[]>;
  dispose(): void;
}

/** A loaded TF.js model of either kind; both predict a batch to one tensor or a list of them. */
export type TfModel = tfType.LayersModel | tfType.GraphModel;

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

/** The values one window gives the model, as its manifest's `input` says. */
export function modelInput(manifest: Pick<ModelManifest, 'input' | 'inputShape' | 'windowFrames'>): (window: ModelWindow) => Float32Array {
  const input = manifest.input;
  if (input.kind === 'landmarks') {
    return ({ frames }) => {
      const out = new Float32Array(manifest.inputShape[0] * manifest.inputShape[1]);
      if (frames.length === 0) return out;
      resampleFrames(frames, manifest.windowFrames).forEach((data, f) => out.set(data.map((x) => (Number.isNaN(x) ? 0 : x)), f * manifest.inputShape[1]));
      return out;
    };
  }
  const all = input.blocks.length === FEATURE_BLOCKS.length && input.blocks.every((b, i) => b === FEATURE_BLOCKS[i].name);
  const columns = blockColumns(input.blocks);
  return ({ frames, features }) => {
    const full = features ?? computeFeatures(frames);
    return all ? full : selectColumns(full, columns);
  };
}

function outputList(out: tfType.Tensor | tfType.Tensor[] | tfType.NamedTensorMap): tfType.Tensor[] {
  if (Array.isArray(out)) return out;
  return 'shape' in out && 'dtype' in out ? [out as tfType.Tensor] : Object.values(out as tfType.NamedTensorMap);
}

/**
 * Checks a loaded model against its manifest: its input shape, then one batch of zeros
 * through it for the number and size of its outputs. `source` names the manifest in the
 * error, so a model that does not fit is refused here, with the mismatch, not mid-attempt.
 */
function checkModel(tf: Tf, model: TfModel, manifest: ModelManifest, source: string): void {
  const declared = model.inputs[0]?.shape;
  if (declared) checkModelInput(manifest, declared.slice(1), source);
  let sizes: number[];
  try {
    sizes = tf.tidy(() => outputList(model.predict(tf.zeros([1, ...manifest.inputShape])) as tfType.Tensor | tfType.Tensor[]).map((t) => t.shape.at(-1) ?? 1));
  } catch (e) {
    throw new ModelManifestError(source, [{ field: 'inputShape', message: `is ${JSON.stringify(manifest.inputShape)}, but the model fails on a window of that shape (${(e as Error).message})` }]);
  }
  checkModelOutputs(manifest, sizes, source);
}

/** `source` names the model in the error when it does not fit the manifest. */
export function createClassifier(tf: Tf, model: TfModel, manifest: ModelManifest, source: string): SignClassifier {
  checkModel(tf, model, manifest, source);
  const classes = manifest.labels.length;
  const [frames, values] = manifest.inputShape;
  const toInput = modelInput(manifest);
  return {
    manifest,
    async predict(windows) {
      if (windows.length === 0) return [];
      const size = frames * values;
      const batch = new Float32Array(windows.length * size);
      windows.forEach((w, i) => batch.set(toInput(w), i * size));
      const outputs = tf.tidy(() => outputList(model.predict(tf.tensor3d(batch, [windows.length, frames, values])) as tfType.Tensor | tfType.Tensor[]).map((t) => tf.keep(t)));
      try {
        const [probs, emb] = await Promise.all(outputs.map((t) => t.data() as Promise<Float32Array>));
        const embeddingSize = manifest.embeddingSize;
        return windows.map((_, i) => ({
          probs: probs.slice(i * classes, (i + 1) * classes),
          embedding: emb && embeddingSize ? normalise(emb.slice(i * embeddingSize, (i + 1) * embeddingSize)) : null,
        }));
      } finally {
        for (const t of outputs) t.dispose();
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

/**
 * A model folder wherever it is: served (a URL), dropped on the settings page (the files
 * of a folder), or on disk (Node). `read` throws ModelFileError naming the file when it is
 * not there.
 */
export interface ModelFiles {
  /** The folder, for messages: a URL, a folder name or a path. */
  readonly source: string;
  /** The file's name in messages (a URL or path). */
  name(path: string): string;
  read(path: string): Promise<Uint8Array>;
}

/** The model folder at `modelUrl` (public/models/<name>/ or any URL this page may fetch). */
export function urlModelFiles(modelUrl: string): ModelFiles {
  const base = modelUrl.endsWith('/') ? modelUrl : modelUrl + '/';
  return {
    source: base,
    name: (path) => base + path,
    async read(path) {
      const url = base + path;
      let res: Response;
      try {
        res = await fetch(url);
      } catch (e) {
        throw new ModelFileError(url, `cannot be fetched (${(e as Error).message})`);
      }
      if (!res.ok) throw new ModelFileError(url, `HTTP ${res.status}`);
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}

/**
 * The files of a folder picked or dropped in the browser (`webkitRelativePath`, or the
 * path `paths` gives): files under the folder that holds manifest.json.
 */
export function fileListModelFiles(files: readonly File[], paths: (file: File) => string = (f) => f.webkitRelativePath || f.name): ModelFiles {
  const byPath = new Map(files.map((f) => [paths(f), f]));
  const manifestPath = [...byPath.keys()].filter((p) => p === MODEL_MANIFEST_FILE || p.endsWith('/' + MODEL_MANIFEST_FILE)).sort((a, b) => a.length - b.length)[0];
  const folder = manifestPath ? manifestPath.slice(0, -MODEL_MANIFEST_FILE.length) : '';
  const source = folder.replace(/\/$/, '') || 'the dropped files';
  return {
    source,
    name: (path) => (folder ? folder + path : path),
    async read(path) {
      const file = byPath.get(folder + path);
      if (!file) throw new ModelFileError(folder + path, `is not among the dropped files (a model folder holds ${MODEL_MANIFEST_FILE}, ${MODEL_FILE} and its weight files)`);
      return new Uint8Array(await file.arrayBuffer());
    },
  };
}

const decodeText = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Reads and checks a folder's manifest.json. */
export async function readModelManifest(files: ModelFiles): Promise<ModelManifest> {
  const file = files.name(MODEL_MANIFEST_FILE);
  return parseModelManifest(parseJsonText(decodeText(await files.read(MODEL_MANIFEST_FILE)), file, ModelFileError), file);
}

async function readModelJson(files: ModelFiles): Promise<ModelJson> {
  const file = files.name(MODEL_FILE);
  return parseModelJson(parseJsonText(decodeText(await files.read(MODEL_FILE)), file, ModelFileError), file);
}

/** Every file of a model folder: the manifest, model.json, its weight files, its sign embeddings and the card when there are. */
export async function modelFolderPaths(files: ModelFiles, manifest: ModelManifest): Promise<string[]> {
  const weights = (await readModelJson(files)).json.weightsManifest.flatMap((g) => g.paths);
  const card = manifest.card ?? MODEL_CARD_FILE;
  const hasCard = await files.read(card).then(() => true, () => false);
  return [MODEL_MANIFEST_FILE, MODEL_FILE, ...weights, ...(manifest.signEmbeddings ? [manifest.signEmbeddings.file] : []), ...(hasCard ? [card] : [])];
}

/** Loads a model folder's TF.js model (layers or graph) with its weights, in memory. */
export async function loadTfModel(tf: Tf, files: ModelFiles): Promise<TfModel> {
  const file = files.name(MODEL_FILE);
  const parsed = await readModelJson(files);
  const { weightsManifest, ...rest } = parsed.json;
  const parts = await Promise.all(weightsManifest.flatMap((g) => g.paths.map((p) => files.read(p))));
  const weightData = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  parts.reduce((at, p) => (weightData.set(p, at), at + p.byteLength), 0);
  const handler = tf.io.fromMemory({ ...rest, weightSpecs: weightsManifest.flatMap((g) => g.weights), weightData: weightData.buffer });
  try {
    return parsed.kind === 'graph' ? await tf.loadGraphModel(handler) : await tf.loadLayersModel(handler);
  } catch (e) {
    throw new ModelFileError(file, `cannot be loaded with its weights (${(e as Error).message})`);
  }
}

/** Loads a model folder: manifest.json, model.json and its weights (and sign embeddings), checked against each other. */
export async function loadClassifierFrom(tf: Tf, files: ModelFiles): Promise<SignClassifier> {
  const manifest = await readModelManifest(files);
  const model = await loadTfModel(tf, files);
  // The model is checked against its manifest first: a model that does not fit says so, not its embeddings.
  const classifier = createClassifier(tf, model, manifest, files.name(MODEL_MANIFEST_FILE));
  try {
    return { ...classifier, signEmbeddings: await readSignEmbeddings(files, manifest) };
  } catch (e) {
    classifier.dispose();
    throw e;
  }
}

/** Loads public/models/<name>/ (manifest.json + model.json + weights) from a URL. */
export function loadClassifier(tf: Tf, modelUrl: string): Promise<SignClassifier> {
  return loadClassifierFrom(tf, urlModelFiles(modelUrl));
}

/** The folder's model card (Markdown), or null when it has none. */
export async function readModelCard(files: ModelFiles, manifest: ModelManifest): Promise<string | null> {
  try {
    return decodeText(await files.read(manifest.card ?? MODEL_CARD_FILE));
  } catch (e) {
    if (e instanceof ModelFileError) return null;
    throw e;
  }
}
