/**
 * The model's own signs as its training signers made them: the embedding of every training
 * recording, shipped beside the model (manifest `signEmbeddings`), so that a verdict can ask
 * whether the attempt is nearer the sign the model learnt than another sign's reference take.
 * The classifier alone cannot tell: it has seen only its own signs and "no sign", and maps
 * many another real sign into its own signs' regions (docs/experiments.md, "The shipped
 * model's windows, read offline").
 */
import type { ModelManifest } from './manifest';
import { ModelFileError, type ModelFiles, type SignClassifier } from './classifier';
import type { LandmarkFrame } from '../landmarks/frame';

/** The file `signs train` and `signs embed` write beside the model. */
export const SIGN_EMBEDDINGS_FILE = 'sign-embeddings.bin';

/** Training recordings' embeddings by sign (L2-normalised, the manifest's embeddingSize values each). */
export type SignEmbeddings = ReadonlyMap<string, readonly Float32Array[]>;

/** Float32 values, little-endian, sign after sign in the order of `counts`. */
export function encodeSignEmbeddings(embeddings: SignEmbeddings): { bytes: Uint8Array; counts: Record<string, number> } {
  const all = [...embeddings.values()].flat();
  const size = all[0]?.length ?? 0;
  const values = new Float32Array(all.length * size);
  all.forEach((e, i) => values.set(e, i * size));
  return { bytes: new Uint8Array(values.buffer), counts: Object.fromEntries([...embeddings].map(([gloss, list]) => [gloss, list.length])) };
}

/** What is wrong with a sign embeddings file of `byteLength` bytes for this manifest, or null when it fits. */
export function signEmbeddingsSizeProblem(manifest: ModelManifest, byteLength: number): string | null {
  const total = Object.values(manifest.signEmbeddings?.counts ?? {}).reduce((n, c) => n + c, 0);
  const expected = total * manifest.embeddingSize * 4;
  return byteLength === expected ? null
    : `holds ${byteLength} bytes, but the manifest's signEmbeddings.counts (${total} recordings) of ${manifest.embeddingSize} float32 values each make ${expected} (run signs embed again)`;
}

/** The folder's sign embeddings, or null when its manifest names none; throws ModelFileError naming the file when it does not fit. */
export async function readSignEmbeddings(files: ModelFiles, manifest: ModelManifest): Promise<SignEmbeddings | null> {
  const spec = manifest.signEmbeddings;
  if (!spec) return null;
  const bytes = await files.read(spec.file);
  const problem = signEmbeddingsSizeProblem(manifest, bytes.byteLength);
  if (problem) throw new ModelFileError(files.name(spec.file), problem);
  const counts = Object.entries(spec.counts);
  const size = manifest.embeddingSize;
  const values = new Float32Array(bytes.slice().buffer);
  const out = new Map<string, Float32Array[]>();
  let at = 0;
  for (const [gloss, count] of counts) {
    out.set(gloss, Array.from({ length: count }, (_, i) => values.subarray((at + i) * size, (at + i + 1) * size)));
    at += count;
  }
  return out;
}

/** The model's embedding of each recording, whole, in one batch; throws when the model has no embedding output. */
export async function embedRecordings(classifier: SignClassifier, recordings: readonly { frames: readonly LandmarkFrame[] }[]): Promise<Float32Array[]> {
  const predictions = await classifier.predict(recordings.map((r) => ({ frames: r.frames })));
  return predictions.map((p) => {
    if (!p.embedding) throw new Error(`${classifier.manifest.name} has no embedding output (embeddingSize 0).`);
    return p.embedding;
  });
}

/** The model's embedding of each recording, whole, by gloss. */
export async function embedByGloss(classifier: SignClassifier, recordings: readonly { gloss: string; frames: readonly LandmarkFrame[] }[]): Promise<Map<string, Float32Array[]>> {
  const embeddings = await embedRecordings(classifier, recordings);
  const byGloss = new Map<string, Float32Array[]>();
  recordings.forEach((r, i) => byGloss.set(r.gloss, [...(byGloss.get(r.gloss) ?? []), embeddings[i]]));
  return byGloss;
}

/** Cosine similarity of two L2-normalised embeddings. */
export function similarity(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** The similarity of `embedding` to the nearest of `others` (-Infinity when there are none). */
export function nearestSimilarity(embedding: Float32Array, others: readonly Float32Array[]): number {
  let best = -Infinity;
  for (const o of others) best = Math.max(best, similarity(embedding, o));
  return best;
}
