/**
 * Opening an IndexedDB database of one object store, for what the browser keeps (local sign
 * packs, loaded scenes): the database, or why there is none (no IndexedDB, or storage
 * blocked), so the caller can keep things in memory and say so.
 */
import { openDB, type DBSchema, type IDBPDatabase, type StoreNames } from 'idb';

export async function openOneStoreDb<S extends DBSchema>(name: string, version: number, store: StoreNames<S>): Promise<{ db: IDBPDatabase<S> } | { problem: string }> {
  if (!globalThis.indexedDB) return { problem: 'this browser has no IndexedDB' };
  try {
    return { db: await openDB<S>(name, version, { upgrade: (d) => void d.createObjectStore(store) }) };
  } catch (e) {
    return { problem: `storage is blocked (${(e as Error).message || (e as Error).name})` };
  }
}
