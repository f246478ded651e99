/**
 * The recogniser for a set of game signs: the chosen classifier (settings page; default the
 * shipped one in public/models/) for the
 * signs it knows, and the one-shot matcher over the signs' reference recordings for all
 * of them. Without a shipped model the matcher alone judges every sign; so it does when
 * the shipped model's files are missing or broken, and `onModelProblem` hears why.
 */
import { createRecognizer } from '../lib/recognition/recognizer';
import { MODEL_MANIFEST_FILE } from '../lib/recognition/manifest';
import type { ModelFiles } from '../lib/recognition/classifier';
import { DEFAULT_MODEL_CHOICE, LocalModelStore, modelFilesFor, readModelChoice, type ModelChoice } from '../lib/recognition/model-choice';
import type { SignRecognizer } from '../lib/recognition/types';
import type { SignInfo } from '../lib/scenes/types';
import type { ReferenceLibrary } from './app-services';

/** The remembered model choice (the settings page's); the shipped default without storage. */
function storedChoice(): ModelChoice {
  try {
    return readModelChoice(window.localStorage);
  } catch {
    return DEFAULT_MODEL_CHOICE;
  }
}

/**
 * Whether the model folder is deployed (any other failure to load it is an error).
 * Single-page servers answer a missing file with index.html, hence the content type.
 * A folder stored in this browser is there by definition.
 */
async function modelDeployed(choice: ModelChoice, files: ModelFiles): Promise<boolean> {
  if (choice.kind === 'local') return true;
  const res = await fetch(files.name(MODEL_MANIFEST_FILE), { method: 'HEAD' });
  return res.ok && (res.headers.get('content-type') ?? '').includes('json');
}

export async function createGameRecognizer(signs: readonly SignInfo[], references: Pick<ReferenceLibrary, 'allFrames'>,
  onModelProblem: (problem: string) => void = () => {}, choice: ModelChoice = storedChoice()): Promise<SignRecognizer> {
  const files = await modelFilesFor(choice, document.baseURI, LocalModelStore.open).catch((e: unknown) => (onModelProblem((e as Error).message), null));
  const [deployed, loaded] = await Promise.all([
    files ? modelDeployed(choice, files) : false,
    Promise.allSettled(signs.map(async (s) => (await references.allFrames(s)).map((frames) => ({ gloss: s.gloss, frames })))),
  ]);
  // A sign whose pack is missing cannot be matched, but the others still can.
  const refs = loaded.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
  const failed = loaded.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (!refs.length && !deployed && failed) throw failed.reason;
  if (deployed && files) {
    try {
      return await createRecognizer({ modelFiles: files, references: refs });
    } catch (e) {
      if (!refs.length) throw e;
      onModelProblem((e as Error).message);
    }
  }
  return createRecognizer({ references: refs });
}
