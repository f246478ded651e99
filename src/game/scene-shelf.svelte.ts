/**
 * "Scenes in this browser": a scene folder or a `.signscene` file, picked or dropped, is read
 * and checked in full (every rule of a bundled scene, every problem listed) before it is
 * stored; a good one joins the scene list at once. Stored scenes can be exported as a
 * `.signscene` file again, or removed.
 */
import { FileProblemError } from '../lib/files/problems';
import {
  bundleFromFolder, checkSceneBundle, checkSceneSize, decodeSignscene, encodeSignscene, signsceneFileName,
  BROWSER_GLOSS_SOURCES, SIGNSCENE_EXTENSION, type SceneBundle,
} from '../lib/scenes/bundle';
import type { LocalSceneStore } from '../lib/scenes/local-store';
import type { SceneLibrary } from '../lib/scenes/loader';
import type { Glossary } from '../lib/scenes/types';

export type SceneShelfState =
  | { kind: 'idle' }
  | { kind: 'reading'; source: string }
  | { kind: 'refused'; source: string; problems: string[] }
  | { kind: 'loaded'; id: string; replaced: boolean }
  | { kind: 'removed'; id: string };

/** A file of a picked or dropped folder, with its path from the folder's parent: `market/scene.yaml`. */
export interface FolderFile {
  path: string;
  file: Blob;
}

/** What the shelf checks a scene against: the game's glossary and packs (local ones included) and its scene list. */
export interface SceneShelfContext {
  readonly glossary: Glossary;
  readonly packNames: ReadonlySet<string>;
  readonly library: SceneLibrary;
}

export class SceneShelf {
  state = $state.raw<SceneShelfState>({ kind: 'idle' });

  constructor(private readonly store: LocalSceneStore, private readonly game: SceneShelfContext) {}

  /** Why loaded scenes are kept only until the page closes; undefined when they are stored. */
  get storageProblem(): string | undefined {
    return this.store.storageProblem;
  }

  /** Reads a `.signscene` file (or, dropped with others, the first one). */
  loadFile(file: File): Promise<void> {
    return this.load(file.name, async () => {
      checkSceneSize(file.size, file.name);
      return decodeSignscene(new Uint8Array(await file.arrayBuffer()), file.name);
    });
  }

  /** Reads a scene folder: scene.yaml and the SVG pictures directly inside it (sub-folders are left out). */
  loadFolder(files: readonly FolderFile[]): Promise<void> {
    const folder = files[0]?.path.split('/')[0] ?? '';
    const inFolder = files.filter((f) => f.path.split('/').length === 2 && f.path.startsWith(`${folder}/`));
    return this.load(folder, async () => {
      checkSceneSize(inFolder.reduce((n, f) => n + f.file.size, 0), folder);
      const texts = await Promise.all(inFolder.map(async (f): Promise<[string, string]> => [f.path.slice(folder.length + 1), await f.file.text()]));
      return bundleFromFolder(folder, Object.fromEntries(texts));
    });
  }

  exportFile(id: string): File {
    const scene = this.store.get(id);
    if (!scene) throw new Error(`no scene "${id}" in this browser`);
    return new File([encodeSignscene(scene.bundle)], signsceneFileName(id), { type: 'application/json' });
  }

  async remove(id: string): Promise<void> {
    await this.store.remove(id);
    this.state = { kind: 'removed', id };
  }

  dismiss(): void {
    this.state = { kind: 'idle' };
  }

  private async load(source: string, read: () => Promise<SceneBundle>): Promise<void> {
    this.state = { kind: 'reading', source };
    try {
      const bundle = await read();
      // A stored scene of the same id is replaced (a teacher loads the edited version); a shipped one never is.
      const taken = new Map(this.game.library.scenes.filter((s) => !this.store.get(s.id)).map((s) => [s.id, s.file]));
      const scene = checkSceneBundle(bundle, { glossary: this.game.glossary, glossSources: BROWSER_GLOSS_SOURCES, packs: this.game.packNames, takenIds: taken });
      const replaced = this.store.get(scene.id) !== undefined;
      await this.store.put(scene.id, bundle);
      this.state = { kind: 'loaded', id: scene.id, replaced };
    } catch (e) {
      this.state = { kind: 'refused', source, problems: e instanceof FileProblemError ? e.lines : [`${source}: ${(e as Error).message}`] };
    }
  }
}

/** A picked or dropped scene: one `.signscene` file, or the files of one folder. */
export type PickedScene = { kind: 'file'; file: File } | { kind: 'folder'; files: FolderFile[] } | { kind: 'none' };

/** The files of a folder input (`webkitdirectory`): each knows its path from the folder's parent. */
export function pickedFolder(files: FileList | readonly File[]): PickedScene {
  const list = [...files];
  return list.length ? { kind: 'folder', files: list.map((file) => ({ path: file.webkitRelativePath || file.name, file })) } : { kind: 'none' };
}

/** What was dropped: a folder (read through the File and Directory Entries API), else a file. */
export async function droppedScene(data: DataTransfer): Promise<PickedScene> {
  const entry = [...data.items].map((item) => item.webkitGetAsEntry?.()).find((e) => e?.isDirectory);
  if (entry) return { kind: 'folder', files: await folderFiles(entry as FileSystemDirectoryEntry) };
  const file = [...data.files].find((f) => f.name.endsWith(SIGNSCENE_EXTENSION)) ?? data.files[0];
  return file ? { kind: 'file', file } : { kind: 'none' };
}

/** The files directly in a dropped folder (readEntries returns them in batches until an empty one). */
async function folderFiles(dir: FileSystemDirectoryEntry): Promise<FolderFile[]> {
  const reader = dir.createReader();
  const entries: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) break;
    entries.push(...batch);
  }
  const files = entries.filter((e): e is FileSystemFileEntry => e.isFile);
  return Promise.all(files.map(async (e) => ({ path: `${dir.name}/${e.name}`, file: await new Promise<File>((resolve, reject) => e.file(resolve, reject)) })));
}
