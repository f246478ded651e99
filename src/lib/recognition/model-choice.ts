/**
 * Which classifier the game uses: one the build ships (public/models/<name>/), one at a URL,
 * or a folder a researcher picked or dropped on the settings page, kept in this browser's
 * IndexedDB (never uploaded). The choice is remembered in localStorage; without storage
 * the shipped default is used.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import * as v from 'valibot';
import { DEFAULT_MODEL_NAME } from './manifest';
import { ModelFileError, urlModelFiles, type ModelFiles } from './classifier';

/** The model folders in public/models/ (a unit test checks the list against the folder). */
export const SHIPPED_MODEL_NAMES: readonly string[] = [DEFAULT_MODEL_NAME, 'signs-gislr-hands-v1'];

export type ModelChoice =
  | { kind: 'shipped'; name: string }
  | { kind: 'url'; url: string }
  | { kind: 'local'; name: string };

export const DEFAULT_MODEL_CHOICE: ModelChoice = { kind: 'shipped', name: DEFAULT_MODEL_NAME };

const ModelChoiceSchema = v.variant('kind', [
  v.object({ kind: v.literal('shipped'), name: v.picklist(SHIPPED_MODEL_NAMES) }),
  v.object({ kind: v.literal('url'), url: v.pipe(v.string(), v.url()) }),
  v.object({ kind: v.literal('local'), name: v.pipe(v.string(), v.nonEmpty()) }),
]);

export const MODEL_CHOICE_KEY = 'signquest.model';

/** The remembered choice; the default when there is none or it cannot be read. */
export function readModelChoice(storage: Pick<Storage, 'getItem'> | undefined): ModelChoice {
  try {
    const text = storage?.getItem(MODEL_CHOICE_KEY);
    if (!text) return DEFAULT_MODEL_CHOICE;
    const parsed = v.safeParse(ModelChoiceSchema, JSON.parse(text));
    return parsed.success ? parsed.output : DEFAULT_MODEL_CHOICE;
  } catch {
    return DEFAULT_MODEL_CHOICE;
  }
}

export function saveModelChoice(storage: Pick<Storage, 'setItem'> | undefined, choice: ModelChoice): void {
  try {
    storage?.setItem(MODEL_CHOICE_KEY, JSON.stringify(choice));
  } catch {
    // Storage full or blocked: the choice lasts this visit only.
  }
}

/** A model folder kept in IndexedDB: every file by its path in the folder. */
interface StoredModel {
  name: string;
  files: Record<string, Uint8Array>;
}

interface ModelsDb extends DBSchema {
  models: { key: string; value: StoredModel };
}

export const LOCAL_MODELS_DB = 'signquest-models';

/** Model folders a researcher loaded in this browser. */
export class LocalModelStore {
  private constructor(private readonly db: IDBPDatabase<ModelsDb>) {}

  static async open(): Promise<LocalModelStore> {
    return new LocalModelStore(await openDB<ModelsDb>(LOCAL_MODELS_DB, 1, {
      upgrade(db) {
        db.createObjectStore('models', { keyPath: 'name' });
      },
    }));
  }

  /** Reads every file of `files` that `paths` lists and stores them under `name` (replacing a model of that name). */
  async save(name: string, files: ModelFiles, paths: readonly string[]): Promise<void> {
    const entries = await Promise.all(paths.map(async (p) => [p, await files.read(p)] as const));
    await this.db.put('models', { name, files: Object.fromEntries(entries) });
  }

  async names(): Promise<string[]> {
    return (await this.db.getAllKeys('models')).sort();
  }

  async remove(name: string): Promise<void> {
    await this.db.delete('models', name);
  }

  /** The stored folder as ModelFiles; ModelFileError when it is not stored. */
  async files(name: string): Promise<ModelFiles> {
    const stored = await this.db.get('models', name);
    const source = `${name} (${LOCAL_MODELS_DB})`;
    if (!stored) throw new ModelFileError(source, 'is no longer stored in this browser (load the folder again)');
    return {
      source,
      name: (path) => `${name}/${path}`,
      async read(path) {
        const bytes = stored.files[path];
        if (!bytes) throw new ModelFileError(`${name}/${path}`, 'is not among the stored files');
        return bytes;
      },
    };
  }

  close(): void {
    this.db.close();
  }
}

/** The files of a choice: `base` is the page's base URI (shipped models are relative to it). */
export async function modelFilesFor(choice: ModelChoice, base: string, store: () => Promise<LocalModelStore>): Promise<ModelFiles> {
  if (choice.kind === 'shipped') return urlModelFiles(new URL(`models/${choice.name}/`, base).href);
  if (choice.kind === 'url') return urlModelFiles(choice.url);
  const opened = await store();
  try {
    return await opened.files(choice.name);
  } finally {
    opened.close();
  }
}
