/**
 * Writes a model folder's sign embeddings (src/lib/recognition/sign-embeddings.ts): every
 * training recording of the model's signs through the model, the embeddings into
 * SIGN_EMBEDDINGS_FILE and its counts into the manifest.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SignClassifier } from '../../src/lib/recognition/classifier';
import { MODEL_MANIFEST_FILE, ModelManifestError, NO_SIGN_LABEL, parseModelManifest, type ModelManifest } from '../../src/lib/recognition/manifest';
import { embedByGloss, encodeSignEmbeddings, SIGN_EMBEDDINGS_FILE, type SignEmbeddings } from '../../src/lib/recognition/sign-embeddings';
import { readJsonOr } from '../data/read-file';
import type { Sample } from './dataset';

/** The embedding of each recording of the model's own signs among `samples`, whole, by sign in label order. */
export async function embedSignRecordings(classifier: SignClassifier, samples: readonly Pick<Sample, 'gloss' | 'frames'>[]): Promise<SignEmbeddings> {
  const signs = classifier.manifest.labels.filter((l) => l !== NO_SIGN_LABEL);
  const byGloss = await embedByGloss(classifier, samples.filter((s) => signs.includes(s.gloss)));
  const missing = signs.filter((s) => !byGloss.has(s));
  if (missing.length) throw new Error(`No training recording of ${missing.join(', ')}: sign embeddings need every sign of ${classifier.manifest.name}.`);
  return new Map(signs.map((s) => [s, byGloss.get(s)!]));
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
