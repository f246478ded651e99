/**
 * Scenes loaded in this browser (from a folder or a `.signscene` file), kept in IndexedDB
 * as the files they were read from, so they are checked again, with the same rules as the
 * bundled scenes, whenever the game builds its scene list. The store owns one blob: URL per
 * picture and revokes it when the scene is removed or replaced, or the store is closed.
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import { KeyedList, openOneStoreDb } from '../files/browser-db';
import type { SceneBundle } from './bundle';

/** A stored scene with its pictures' URLs. */
export interface LoadedScene {
  id: string;
  bundle: SceneBundle;
  /** blob: URL of each picture, by file name. */
  artUrls: Record<string, string>;
}

interface ScenesDb extends DBSchema {
  scenes: { key: string; value: { id: string; bundle: SceneBundle } };
}

export const LOCAL_SCENES_DB = 'signquest-scenes';
const DB_VERSION = 1;

function withUrls(id: string, bundle: SceneBundle): LoadedScene {
  const artUrls = Object.fromEntries(Object.entries(bundle.art).map(([name, svg]) => [name, URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }))]));
  return { id, bundle, artUrls };
}

function revoke(scene: LoadedScene): void {
  for (const url of Object.values(scene.artUrls)) URL.revokeObjectURL(url);
}

export class LocalSceneStore {
  private readonly list: KeyedList<LoadedScene>;

  private constructor(
    private readonly db: IDBPDatabase<ScenesDb> | null,
    scenes: LoadedScene[],
    /** Why scenes live only in memory (gone when the page closes); undefined when they are stored. */
    readonly storageProblem: string | undefined,
  ) {
    this.list = new KeyedList((s) => s.id, scenes);
  }

  /** Opens the store; without IndexedDB it keeps scenes in memory and says why. */
  static async open(dbName = LOCAL_SCENES_DB): Promise<LocalSceneStore> {
    const opened = await openOneStoreDb<ScenesDb>(dbName, DB_VERSION, 'scenes');
    if ('problem' in opened) return new LocalSceneStore(null, [], opened.problem);
    const stored = await opened.db.getAll('scenes');
    return new LocalSceneStore(opened.db, stored.map((s) => withUrls(s.id, s.bundle)), undefined);
  }

  get scenes(): readonly LoadedScene[] {
    return this.list.items;
  }

  get(id: string): LoadedScene | undefined {
    return this.list.get(id);
  }

  subscribe(listener: (scenes: readonly LoadedScene[]) => void): () => void {
    return this.list.subscribe(listener);
  }

  /** Stores a checked scene under its id, replacing only a scene of that same id. */
  async put(id: string, bundle: SceneBundle): Promise<void> {
    await this.db?.put('scenes', { id, bundle }, id);
    const old = this.list.replace(id, withUrls(id, bundle));
    if (old) revoke(old);
  }

  async remove(id: string): Promise<void> {
    await this.db?.delete('scenes', id);
    const old = this.list.replace(id, null);
    if (old) revoke(old);
  }

  close(): void {
    this.list.items.forEach(revoke);
    this.db?.close();
  }
}
