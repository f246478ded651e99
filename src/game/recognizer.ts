/**
 * The recogniser for a set of game signs: the chosen classifier (settings page; default the
 * shipped one in public/models/) for the signs it knows, and the one-shot matcher over the
 * signs' reference recordings for all of them. Without a model the matcher alone judges
 * every sign; so it does when the model's files are missing or broken, and `onModelProblem`
 * hears why. It is built where `recognition` runs (the game's Web Worker).
 */
import { MODEL_MANIFEST_FILE } from '../lib/recognition/manifest';
import { DEFAULT_MODEL_CHOICE, readModelChoice, type ModelChoice } from '../lib/recognition/model-choice';
import type { RecognitionService, RecognizerSetup } from '../lib/recognition/service';
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

/** Where the worker finds the chosen model: a URL, or a folder stored in this browser, by name. */
function modelSetup(choice: ModelChoice): Pick<RecognizerSetup, 'modelUrl' | 'localModel'> {
  if (choice.kind === 'local') return { localModel: choice.name };
  return { modelUrl: choice.kind === 'url' ? choice.url : new URL(`models/${choice.name}/`, document.baseURI).href };
}

/**
 * Whether the model folder is deployed (any other failure to load it is an error).
 * Single-page servers answer a missing file with index.html, hence the content type.
 * A folder stored in this browser is there by definition.
 */
async function modelDeployed(model: Pick<RecognizerSetup, 'modelUrl' | 'localModel'>): Promise<boolean> {
  if (!model.modelUrl) return true;
  const base = model.modelUrl.endsWith('/') ? model.modelUrl : model.modelUrl + '/';
  const res = await fetch(base + MODEL_MANIFEST_FILE, { method: 'HEAD' });
  return res.ok && (res.headers.get('content-type') ?? '').includes('json');
}

export async function createGameRecognizer(signs: readonly SignInfo[], references: Pick<ReferenceLibrary, 'allFrames'>, recognition: RecognitionService,
  onModelProblem: (problem: string) => void = () => {}, choice: ModelChoice = storedChoice()): Promise<SignRecognizer> {
  const model = modelSetup(choice);
  const [deployed, loaded] = await Promise.all([
    modelDeployed(model).catch((e: unknown) => (onModelProblem((e as Error).message), false)),
    Promise.allSettled(signs.map(async (s) => (await references.allFrames(s)).map((frames) => ({ gloss: s.gloss, frames })))),
  ]);
  // A sign whose pack is missing cannot be matched, but the others still can.
  const refs = loaded.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
  const failed = loaded.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (!refs.length && !deployed && failed) throw failed.reason;
  if (deployed) {
    try {
      return await recognition.createRecognizer({ ...model, references: refs });
    } catch (e) {
      if (!refs.length) throw e;
      onModelProblem((e as Error).message);
    }
  }
  return recognition.createRecognizer({ references: refs });
}
