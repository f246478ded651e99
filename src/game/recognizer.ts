/**
 * The recogniser for a set of game signs: the trained classifier (public/models/) for the
 * signs it knows, and the one-shot matcher over the signs' reference recordings for all
 * of them. Without a shipped model the matcher alone judges every sign; so it does when
 * the shipped model's files are missing or broken, and `onModelProblem` hears why. It is
 * built where `recognition` runs (the game's Web Worker).
 */
import { DEFAULT_MODEL_NAME, MODEL_MANIFEST_FILE } from '../lib/recognition/manifest';
import type { RecognitionService } from '../lib/recognition/service';
import type { SignRecognizer } from '../lib/recognition/types';
import type { SignInfo } from '../lib/scenes/types';
import type { ReferenceLibrary } from './app-services';

function modelUrl(): string {
  return new URL(`models/${DEFAULT_MODEL_NAME}/`, document.baseURI).href;
}

/**
 * Whether the model folder is deployed (any other failure to load it is an error).
 * Single-page servers answer a missing file with index.html, hence the content type.
 */
async function modelDeployed(url: string): Promise<boolean> {
  const res = await fetch(url + MODEL_MANIFEST_FILE, { method: 'HEAD' });
  return res.ok && (res.headers.get('content-type') ?? '').includes('json');
}

export async function createGameRecognizer(signs: readonly SignInfo[], references: Pick<ReferenceLibrary, 'allFrames'>, recognition: RecognitionService,
  onModelProblem: (problem: string) => void = () => {}): Promise<SignRecognizer> {
  const url = modelUrl();
  const [deployed, loaded] = await Promise.all([
    modelDeployed(url),
    Promise.allSettled(signs.map(async (s) => (await references.allFrames(s)).map((frames) => ({ gloss: s.gloss, frames })))),
  ]);
  // A sign whose pack is missing cannot be matched, but the others still can.
  const refs = loaded.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
  const failed = loaded.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (!refs.length && !deployed && failed) throw failed.reason;
  if (deployed) {
    try {
      return await recognition.createRecognizer({ modelUrl: url, references: refs });
    } catch (e) {
      if (!refs.length) throw e;
      onModelProblem((e as Error).message);
    }
  }
  return recognition.createRecognizer({ references: refs });
}
