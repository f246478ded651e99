/**
 * Local sign packs: the packs a teacher made in the studio or imported, kept in this
 * browser's IndexedDB (landmark recordings only, never video). The game reads them beside
 * the shipped packs under public/signs/. Every write reaches IndexedDB before the promise
 * resolves; listeners hear of each change, so recognisers can be rebuilt at once.
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import { openOneStoreDb } from '../files/browser-db';
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
  private data: readonly SignPack[];
  private listeners = new Set<(packs: readonly SignPack[]) => void>();

  private constructor(
    private readonly db: IDBPDatabase<PacksDb> | null,
    packs: SignPack[],
    /** Why packs live only in memory, or which stored packs could not be read; undefined when all is well. */
    readonly storageProblem: string | undefined,
  ) {
    this.data = packs;
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
    return new LocalPackStore(db, sortByName(packs), damaged.length ? `stored packs could not be read: ${damaged.join('; ')}` : undefined);
  }

  get packs(): readonly SignPack[] {
    return this.data;
  }

  get(name: string): SignPack | undefined {
    return this.data.find((p) => p.index.name === name);
  }

  subscribe(listener: (packs: readonly SignPack[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stores a pack under its name, replacing only a pack of that same name. */
  async put(pack: SignPack): Promise<void> {
    const name = pack.index.name;
    const stored: StoredPack = { name, index: pack.index, signs: pack.signs, readme: pack.readme, recordings: pack.recordings.map(({ file, bytes }) => ({ file, bytes })) };
    await this.db?.put('packs', stored, name);
    this.update(sortByName([...this.data.filter((p) => p.index.name !== name), pack]));
  }

  async remove(name: string): Promise<void> {
    await this.db?.delete('packs', name);
    this.update(this.data.filter((p) => p.index.name !== name));
  }

  close(): void {
    this.db?.close();
  }

  private update(packs: readonly SignPack[]): void {
    this.data = packs;
    for (const l of this.listeners) l(packs);
  }
}

function sortByName(packs: SignPack[]): SignPack[] {
  return packs.sort((a, b) => a.index.name.localeCompare(b.index.name));
}
