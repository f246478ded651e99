/**
 * The settings page's sign model: which classifier is active (shipped, from a URL, or a
 * folder stored in this browser), its manifest and card, and the check of a new one. A new
 * model is loaded in full and run once (classifier.ts's checks at load) before it becomes
 * the choice, so one that does not fit is refused here, with the mismatch, and the active
 * model stays.
 */
import { fileListModelFiles, loadClassifierFrom, loadTf, modelFolderPaths, readModelCard, type ModelFiles } from '../lib/recognition/classifier';
import type { ModelManifest } from '../lib/recognition/manifest';
import {
  LocalModelStore, modelFilesFor, readModelChoice, saveModelChoice, type ModelChoice,
} from '../lib/recognition/model-choice';
import { asError } from '../lib/as-error';

export interface ActiveModel {
  choice: ModelChoice;
  manifest: ModelManifest;
  /** The model card's Markdown, or null when the folder has none. */
  card: string | null;
}

/** The active model as far as it is known: being read, read, or unreadable (the game then judges with the matcher alone). */
export type ActiveState =
  | { status: 'loading' }
  | { status: 'ready'; model: ActiveModel }
  | { status: 'broken'; choice: ModelChoice; problem: string };

/** The last model offered on the page. */
export type Offer =
  | { status: 'none' }
  | { status: 'checking'; source: string }
  | { status: 'accepted'; name: string }
  | { status: 'refused'; source: string; problems: string[] };

export interface ModelSettingsDeps {
  storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;
  /** The page's base URI: shipped models are public/models/<name>/ under it. */
  base: string;
  /** Picks the TF.js backend once (the shell's), resolving to its name. */
  ensureBackend: () => Promise<string>;
  openStore?: () => Promise<LocalModelStore>;
}

export class ModelSettings {
  active = $state.raw<ActiveState>({ status: 'loading' });
  offer = $state.raw<Offer>({ status: 'none' });
  private readonly openStore: () => Promise<LocalModelStore>;

  constructor(private readonly deps: ModelSettingsDeps) {
    this.openStore = deps.openStore ?? LocalModelStore.open;
  }

  /** Reads the remembered choice's manifest and card. */
  async refresh(): Promise<void> {
    const choice = readModelChoice(this.deps.storage);
    this.active = { status: 'loading' };
    try {
      const files = await modelFilesFor(choice, this.deps.base, this.openStore);
      const { manifest, card } = await this.check(files);
      this.active = { status: 'ready', model: { choice, manifest, card } };
    } catch (e) {
      this.active = { status: 'broken', choice, problem: asError(e).message };
    }
  }

  useShipped(name: string): Promise<void> {
    return this.offerModel(`models/${name}/`, { kind: 'shipped', name }, () => modelFilesFor({ kind: 'shipped', name }, this.deps.base, this.openStore));
  }

  useUrl(url: string): Promise<void> {
    let absolute: string;
    try {
      absolute = new URL(url, this.deps.base).href;
    } catch {
      this.offer = { status: 'refused', source: url, problems: [`${url}: is not a URL`] };
      return Promise.resolve();
    }
    return this.offerModel(absolute, { kind: 'url', url: absolute }, async () => modelFilesFor({ kind: 'url', url: absolute }, this.deps.base, this.openStore));
  }

  /** A folder picked (webkitdirectory) or dropped: checked, then stored in this browser under the manifest's name. */
  useFolder(files: readonly File[], paths?: (file: File) => string): Promise<void> {
    const folder = fileListModelFiles(files, paths);
    return this.offerModel(folder.source, null, async () => folder);
  }

  /** Checks a model; if it fits, it becomes the remembered choice (a folder is stored first). */
  private async offerModel(source: string, choice: ModelChoice | null, files: () => Promise<ModelFiles>): Promise<void> {
    this.offer = { status: 'checking', source };
    try {
      const offered = await files();
      const { manifest } = await this.check(offered);
      let chosen = choice;
      if (!chosen) {
        const store = await this.openStore();
        try {
          await store.save(manifest.name, offered, await modelFolderPaths(offered, manifest));
        } finally {
          store.close();
        }
        chosen = { kind: 'local', name: manifest.name };
      }
      saveModelChoice(this.deps.storage, chosen);
      this.offer = { status: 'accepted', name: manifest.name };
      await this.refresh();
    } catch (e) {
      this.offer = { status: 'refused', source, problems: asError(e).message.split('\n') };
    }
  }

  /** Loads the model as the game will (every check at load), then frees it. */
  private async check(files: ModelFiles): Promise<{ manifest: ModelManifest; card: string | null }> {
    await this.deps.ensureBackend();
    const classifier = await loadClassifierFrom(await loadTf(), files);
    classifier.dispose();
    return { manifest: classifier.manifest, card: await readModelCard(files, classifier.manifest) };
  }
}
