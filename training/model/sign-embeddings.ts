/**
 * Writes a model folder's sign embeddings (src/lib/recognition/sign-embeddings.ts): every
 * training recording of the model's signs through the model, the embeddings into
 * SIGN_EMBEDDINGS_FILE and its counts into the manifest.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SignClassifier } from '../../src/lib/recognition/classifier';
import { MODEL_MANIFEST_FILE, ModelManifestError, NO_SIGN_LABEL, parseModelManifest, type ModelManifest } from '../../src/lib/recognition/manifest';
import { encodeSignEmbeddings, SIGN_EMBEDDINGS_FILE, type SignEmbeddings } from '../../src/lib/recognition/sign-embeddings';
import { readJsonOr } from '../data/read-file';
import type { Sample } from './dataset';

/** Recordings predicted at a time. */
const BATCH = 64;

/** The embedding of each recording of the model's own signs among `samples`, whole, by sign in label order. */
export async function embedRecordings(classifier: SignClassifier, samples: readonly Pick<Sample, 'gloss' | 'frames'>[]): Promise<SignEmbeddings> {
  const signs = classifier.manifest.labels.filter((l) => l !== NO_SIGN_LABEL);
  if (!classifier.manifest.embeddingSize) throw new Error(`${classifier.manifest.name} has no embedding output: it cannot have sign embeddings.`);
  const out = new Map<string, Float32Array[]>(signs.map((s) => [s, []]));
  const own = samples.filter((s) => out.has(s.gloss));
  for (let at = 0; at < own.length; at += BATCH) {
    const batch = own.slice(at, at + BATCH);
    const predictions = await classifier.predict(batch.map((s) => ({ frames: s.frames })));
    predictions.forEach((p, i) => out.get(batch[i].gloss)!.push(p.embedding!));
  }
  const missing = signs.filter((s) => out.get(s)!.length === 0);
  if (missing.length) throw new Error(`No training recording of ${missing.join(', ')}: sign embeddings need every sign of ${classifier.manifest.name}.`);
  return out;
}

/** Writes the embeddings beside the model and names them in its manifest (every other field as it was); returns the manifest, checked. */
export function writeSignEmbeddings(dir: string, embeddings: SignEmbeddings): ModelManifest {
  const { bytes, counts } = encodeSignEmbeddings(embeddings);
  writeFileSync(join(dir, SIGN_EMBEDDINGS_FILE), bytes);
  const file = join(dir, MODEL_MANIFEST_FILE);
  const manifest = { ...(readJsonOr(file, ModelManifestError) as object), signEmbeddings: { file: SIGN_EMBEDDINGS_FILE, counts } };
  writeFileSync(file, JSON.stringify(manifest, null, 2) + '\n');
  return parseModelManifest(manifest, file);
}
