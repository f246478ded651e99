/**
 * The learner's progress: stars per scene step and a spaced-repetition card per sign.
 * Every change is written to IndexedDB before the promise resolves, so a reload loses
 * nothing. Where IndexedDB cannot be opened (private mode, blocked storage) or a write
 * fails (the browser's storage is full, storage revoked) the store keeps every change in
 * memory, where export still finds it, and says so through `persistent` and `storageProblem`.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { newCard, reviewCard, type SignCard, type Stars } from './srs';
import { EXPORT_FORMAT, EXPORT_VERSION, parseProgressExport } from './export-schema';
import { asError } from '../as-error';

export { EXPORT_FORMAT, EXPORT_VERSION, ProgressImportError } from './export-schema';

export interface SceneProgress {
  sceneId: string;
  /** Best stars per script index of a sign step. */
  stepStars: Record<number, Stars>;
  /** Whether the story was played to its end at least once. */
  completed: boolean;
  updatedAt: number;
}

export interface ProgressSnapshot {
  scenes: Record<string, SceneProgress>;
  signs: Record<string, SignCard>;
}

export interface ProgressExport extends ProgressSnapshot {
  format: typeof EXPORT_FORMAT;
  version: number;
  exportedAt: string;
}

interface ProgressDb extends DBSchema {
  scenes: { key: string; value: SceneProgress };
  signs: { key: string; value: SignCard };
}

/** Why progress is kept only in memory. */
export interface StorageProblem {
  /** unavailable: no IndexedDB; blocked: it cannot be opened; full: the quota is used up; failed: another write error. */
  kind: 'unavailable' | 'blocked' | 'full' | 'failed';
  /** The browser's own words, for support. */
  detail: string;
}

export const DB_NAME = 'signquest-progress';
const DB_VERSION = 1;

/** Where records are kept: IndexedDB, or nowhere (memory only). */
interface Persistence {
  putScene(p: SceneProgress): Promise<void>;
  putSign(c: SignCard): Promise<void>;
}

class IdbPersistence implements Persistence {
  constructor(private readonly db: IDBPDatabase<ProgressDb>) {}
  async putScene(p: SceneProgress) {
    await this.db.put('scenes', p, p.sceneId);
  }
  async putSign(c: SignCard) {
    await this.db.put('signs', c, c.gloss);
  }
}

const MEMORY_ONLY: Persistence = { putScene: async () => {}, putSign: async () => {} };

export class ProgressStore {
  private data: ProgressSnapshot;
  private listeners = new Set<(s: ProgressSnapshot) => void>();

  private constructor(
    private persistence: Persistence,
    data: ProgressSnapshot,
    /** Why progress is only kept in memory; undefined while it is saved. */
    public storageProblem: StorageProblem | undefined,
    private readonly now: () => number,
  ) {
    this.data = data;
  }

  /** Opens the IndexedDB store, or falls back to memory with the reason. */
  static async open(now: () => number = Date.now): Promise<ProgressStore> {
    if (!globalThis.indexedDB) return new ProgressStore(MEMORY_ONLY, empty(), { kind: 'unavailable', detail: 'this browser has no IndexedDB' }, now);
    try {
      const db = await openDB<ProgressDb>(DB_NAME, DB_VERSION, {
        upgrade(d) {
          d.createObjectStore('scenes');
          d.createObjectStore('signs');
        },
      });
      const [scenes, signs] = await Promise.all([db.getAll('scenes'), db.getAll('signs')]);
      const data: ProgressSnapshot = {
        scenes: Object.fromEntries(scenes.map((s) => [s.sceneId, s])),
        signs: Object.fromEntries(signs.map((c) => [c.gloss, c])),
      };
      return new ProgressStore(new IdbPersistence(db), data, undefined, now);
    } catch (e) {
      return new ProgressStore(MEMORY_ONLY, empty(), { kind: 'blocked', detail: errorText(e) }, now);
    }
  }

  get persistent(): boolean {
    return this.storageProblem === undefined;
  }

  snapshot(): ProgressSnapshot {
    return this.data;
  }

  subscribe(listener: (s: ProgressSnapshot) => void): () => void {
    this.listeners.add(listener);
    listener(this.data);
    return () => this.listeners.delete(listener);
  }

  /** Records one attempt at a sign step: best stars for the step, and the sign's review card. */
  async recordStep(sceneId: string, stepIndex: number, gloss: string, stars: Stars): Promise<void> {
    const t = this.now();
    const scene = this.data.scenes[sceneId] ?? { sceneId, stepStars: {}, completed: false, updatedAt: t };
    const best = Math.max(scene.stepStars[stepIndex] ?? 0, stars) as Stars;
    const nextScene: SceneProgress = { ...scene, stepStars: { ...scene.stepStars, [stepIndex]: best }, updatedAt: t };
    await this.recordSign(gloss, stars, nextScene);
  }

  /** Records a review of one sign outside a scene. */
  async recordReview(gloss: string, stars: Stars): Promise<void> {
    await this.recordSign(gloss, stars);
  }

  private async recordSign(gloss: string, stars: Stars, scene?: SceneProgress): Promise<void> {
    const card = reviewCard(this.data.signs[gloss] ?? newCard(gloss, this.now()), stars, this.now());
    this.data = {
      scenes: scene ? { ...this.data.scenes, [scene.sceneId]: scene } : this.data.scenes,
      signs: { ...this.data.signs, [gloss]: card },
    };
    this.emit();
    await this.save(async () => {
      if (scene) await this.persistence.putScene(scene);
      await this.persistence.putSign(card);
    });
  }

  async completeScene(sceneId: string): Promise<void> {
    const t = this.now();
    const scene: SceneProgress = { ...(this.data.scenes[sceneId] ?? { sceneId, stepStars: {} }), completed: true, updatedAt: t };
    this.data = { ...this.data, scenes: { ...this.data.scenes, [sceneId]: scene } };
    this.emit();
    await this.save(() => this.persistence.putScene(scene));
  }

  exportJson(): string {
    const out: ProgressExport = { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: new Date(this.now()).toISOString(), ...this.data };
    return JSON.stringify(out, null, 2);
  }

  /**
   * Merges an exported file into the current progress, keeping the better of each:
   * the higher stars per step, and the more recently updated card per sign.
   * Returns how many scenes and signs the file held.
   */
  async importJson(text: string, fileName: string): Promise<{ scenes: number; signs: number }> {
    const incoming = parseProgressExport(text, fileName);
    const scenes = { ...this.data.scenes };
    for (const s of Object.values(incoming.scenes)) {
      const mine = scenes[s.sceneId];
      const stepStars = { ...mine?.stepStars };
      for (const [i, stars] of Object.entries(s.stepStars)) stepStars[+i] = Math.max(stepStars[+i] ?? 0, stars) as Stars;
      scenes[s.sceneId] = { sceneId: s.sceneId, stepStars, completed: s.completed || !!mine?.completed, updatedAt: Math.max(s.updatedAt, mine?.updatedAt ?? 0) };
    }
    const signs = { ...this.data.signs };
    for (const c of Object.values(incoming.signs)) if (!signs[c.gloss] || signs[c.gloss].updatedAt < c.updatedAt) signs[c.gloss] = c;
    this.data = { scenes, signs };
    this.emit();
    await this.save(async () => {
      for (const s of Object.values(scenes)) await this.persistence.putScene(s);
      for (const c of Object.values(signs)) await this.persistence.putSign(c);
    });
    return { scenes: Object.keys(incoming.scenes).length, signs: Object.keys(incoming.signs).length };
  }

  /**
   * Writes through; if a write fails (quota, storage revoked) keep playing in memory and
   * say so. Later changes are not written either: a store half on disk, half in memory
   * would come back after a reload as a mix of old and new.
   */
  private async save(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (e) {
      this.persistence = MEMORY_ONLY;
      this.storageProblem = { kind: isQuotaError(e) ? 'full' : 'failed', detail: errorText(e) };
      this.emit();
    }
  }

  private emit() {
    for (const l of this.listeners) l(this.data);
  }
}

/** The browser's words for a storage error (a DOMException's message may be empty, its name not). */
function errorText(thrown: unknown): string {
  const error = asError(thrown);
  return error.message || error.name;
}

/** The browser's storage is full: a QuotaExceededError, on the request or its aborted transaction. */
function isQuotaError(e: unknown): boolean {
  const error = e as { name?: string; target?: { error?: { name?: string } } } | null;
  return error?.name === 'QuotaExceededError' || error?.target?.error?.name === 'QuotaExceededError';
}

function empty(): ProgressSnapshot {
  return { scenes: {}, signs: {} };
}
