/**
 * Local sign packs: the packs a teacher made in the studio or imported, kept in this
 * browser's IndexedDB (landmark recordings only, never video). The game reads them beside
 * the shipped packs under public/signs/. Every write reaches IndexedDB before the promise
 * resolves; listeners hear of each change, so recognisers can be rebuilt at once.
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import { KeyedList, openOneStoreDb } from '../files/browser-db';
import { decodeRecording } from '../recording/format';
import type { PackIndex } from '../recording/pack';
import type { SignDefinition, SignPack } from '../recording/signpack';

interface StoredPack {
  name: string;
  index: PackIndex;
  signs: SignDefinition[];
  readme: string;
  recordings: { file: string; bytes: Uint8Array }[];
}

interface PacksDb extends DBSchema {
  packs: { key: string; value: StoredPack };
}

export const LOCAL_PACKS_DB = 'signquest-packs';
const DB_VERSION = 1;

export class LocalPackStore {
  private readonly list: KeyedList<SignPack>;

  private constructor(
    private readonly db: IDBPDatabase<PacksDb> | null,
    packs: SignPack[],
    /** Why packs live only in memory, or which stored packs could not be read; undefined when all is well. */
    readonly storageProblem: string | undefined,
  ) {
    this.list = new KeyedList((p) => p.index.name, packs);
  }

  /** Opens the store; without IndexedDB it keeps packs in memory and says why. */
  static async open(dbName = LOCAL_PACKS_DB): Promise<LocalPackStore> {
    const opened = await openOneStoreDb<PacksDb>(dbName, DB_VERSION, 'packs');
    if ('problem' in opened) return new LocalPackStore(null, [], opened.problem);
    const { db } = opened;
    const packs: SignPack[] = [];
    const damaged: string[] = [];
    for (const stored of await db.getAll('packs')) {
      try {
        packs.push({ ...stored, recordings: stored.recordings.map((r) => ({ ...r, recording: decodeRecording(r.bytes, `${stored.name}/${r.file}`) })) });
      } catch (e) {
        damaged.push((e as Error).message);
      }
    }
    return new LocalPackStore(db, packs, damaged.length ? `stored packs could not be read: ${damaged.join('; ')}` : undefined);
  }

  get packs(): readonly SignPack[] {
    return this.list.items;
  }

  get(name: string): SignPack | undefined {
    return this.list.get(name);
  }

  subscribe(listener: (packs: readonly SignPack[]) => void): () => void {
    return this.list.subscribe(listener);
  }

  /** Stores a pack under its name, replacing only a pack of that same name. */
  async put(pack: SignPack): Promise<void> {
    const name = pack.index.name;
    const stored: StoredPack = { name, index: pack.index, signs: pack.signs, readme: pack.readme, recordings: pack.recordings.map(({ file, bytes }) => ({ file, bytes })) };
    await this.db?.put('packs', stored, name);
    this.list.replace(name, pack);
  }

  async remove(name: string): Promise<void> {
    await this.db?.delete('packs', name);
    this.list.replace(name, null);
  }

  close(): void {
    this.db?.close();
  }
}
