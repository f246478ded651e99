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

/**
 * What such a store holds in memory: items by key, in key order, with listeners told of
 * every change. The stores write to IndexedDB first, then replace the item here.
 */
export class KeyedList<T> {
  private data: readonly T[];
  private readonly listeners = new Set<(items: readonly T[]) => void>();

  constructor(private readonly keyOf: (item: T) => string, items: T[]) {
    this.data = this.sorted(items);
  }

  get items(): readonly T[] {
    return this.data;
  }

  get(key: string): T | undefined {
    return this.data.find((item) => this.keyOf(item) === key);
  }

  subscribe(listener: (items: readonly T[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Puts `item` in the place of the one with `key` (null: removes it); returns the one it replaced. */
  replace(key: string, item: T | null): T | undefined {
    const old = this.get(key);
    const rest = this.data.filter((i) => this.keyOf(i) !== key);
    this.data = item ? this.sorted([...rest, item]) : rest;
    for (const l of this.listeners) l(this.data);
    return old;
  }

  private sorted(items: T[]): T[] {
    return items.sort((a, b) => this.keyOf(a).localeCompare(this.keyOf(b)));
  }
}
