import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
// The auto entry also installs IDBRequest, IDBKeyRange... that idb needs.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { ProgressImportError, ProgressStore } from '../../src/lib/progress/store';
import { DAY_MS } from '../../src/lib/progress/srs';

let clock = 1_700_000_000_000;
const now = () => clock;

beforeEach(() => {
  // A fresh, empty IndexedDB for every test.
  vi.stubGlobal('indexedDB', new IDBFactory());
});
afterEach(() => vi.unstubAllGlobals());

describe('progress store', () => {
  it('keeps the best stars per step and survives a reload', async () => {
    const store = await ProgressStore.open(now);
    expect(store.persistent).toBe(true);
    await store.recordStep('hotel', 3, 'tired', 1);
    await store.recordStep('hotel', 3, 'tired', 3);
    await store.recordStep('hotel', 3, 'tired', 2);
    await store.completeScene('hotel');

    const reloaded = await ProgressStore.open(now);
    const scene = reloaded.snapshot().scenes.hotel;
    expect(scene.stepStars[3]).toBe(3);
    expect(scene.completed).toBe(true);
    expect(reloaded.snapshot().signs.tired.reviews).toBe(3);
  });

  it('tells subscribers about every change', async () => {
    const store = await ProgressStore.open(now);
    const seen: number[] = [];
    store.subscribe((s) => seen.push(Object.keys(s.signs).length));
    await store.recordReview('coffee', 3);
    await store.recordReview('juice', 0);
    expect(seen).toEqual([0, 1, 2]);
  });

  it('keeps playing in memory when IndexedDB cannot be opened, and says why', async () => {
    vi.stubGlobal('indexedDB', { open: () => { throw new DOMException('The user denied permission', 'SecurityError'); } });
    const store = await ProgressStore.open(now);
    expect(store.persistent).toBe(false);
    expect(store.storageProblem).toMatchObject({ kind: 'blocked', detail: expect.stringMatching(/denied permission/) });
    await store.recordStep('restaurant', 1, 'hi', 3);
    expect(store.snapshot().scenes.restaurant.stepStars[1]).toBe(3);
  });

  it('keeps playing in memory when the browser has no IndexedDB', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const store = await ProgressStore.open(now);
    expect(store.storageProblem).toEqual({ kind: 'unavailable', detail: 'this browser has no IndexedDB' });
  });

  it('a full storage: keeps playing in memory, reports the quota once, loses nothing that export cannot save', async () => {
    const store = await ProgressStore.open(now);
    await store.recordStep('hotel', 1, 'tired', 2);
    const problems: unknown[] = [];
    store.subscribe(() => problems.push(store.storageProblem));
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    await store.recordStep('hotel', 3, 'pillow', 3);
    await store.recordReview('tired', 3);
    expect(store.persistent).toBe(false);
    expect(store.storageProblem).toEqual({ kind: 'full', detail: 'The quota has been exceeded.' });
    // Told once when saving stopped; the next change does not try (and fail) again.
    expect(problems.filter(Boolean)).toHaveLength(2);
    expect(put).toHaveBeenCalledTimes(1);
    const exported = JSON.parse(store.exportJson());
    expect(exported.scenes.hotel.stepStars).toEqual({ 1: 2, 3: 3 });
    expect(exported.signs.tired.reviews).toBe(2);
    put.mockRestore();
    // What was saved before the storage filled up is still there after a reload.
    const reloaded = await ProgressStore.open(now);
    expect(reloaded.snapshot().scenes.hotel.stepStars).toEqual({ 1: 2 });
  });

  it('a write that fails otherwise is reported as a failed save', async () => {
    const store = await ProgressStore.open(now);
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The database connection is closing.', 'InvalidStateError');
    });
    await store.recordReview('coffee', 1);
    expect(store.storageProblem).toMatchObject({ kind: 'failed' });
    expect(store.snapshot().signs.coffee).toBeDefined();
    vi.restoreAllMocks();
  });

  it('exports to JSON and imports into another browser, merging the better results', async () => {
    const a = await ProgressStore.open(now);
    await a.recordStep('restaurant', 1, 'hi', 3);
    await a.recordStep('restaurant', 4, 'coffee', 1);
    const file = a.exportJson();

    vi.stubGlobal('indexedDB', new IDBFactory());
    const b = await ProgressStore.open(now);
    await b.recordStep('restaurant', 4, 'coffee', 2);
    clock += 1000;
    expect(await b.importJson(file, 'progress.json')).toEqual({ scenes: 1, signs: 2 });
    const s = b.snapshot();
    expect(s.scenes.restaurant.stepStars).toEqual({ 1: 3, 4: 2 });
    expect(Object.keys(s.signs).sort()).toEqual(['coffee', 'hi']);

    const reloaded = await ProgressStore.open(now);
    expect(reloaded.snapshot().scenes.restaurant.stepStars).toEqual({ 1: 3, 4: 2 });
  });

  it.each([
    ['not JSON', '{oops', 'progress.json: is not valid JSON'],
    ['another kind of JSON', '{"hello": 1}', 'progress.json: is not a SignQuest progress file'],
    ['a newer version', '{"format":"signquest-progress","version":9}', 'progress.json: has version 9'],
    ['damaged stars', '{"format":"signquest-progress","version":1,"scenes":{"hotel":{"sceneId":"hotel","stepStars":{"1":7},"completed":false,"updatedAt":1}},"signs":{}}', 'progress.json: scenes.hotel.stepStars.1: must be 0, 1, 2 or 3 stars'],
  ])('rejects an import that is %s', async (_name, text, message) => {
    const store = await ProgressStore.open(now);
    await expect(store.importJson(text, 'progress.json')).rejects.toThrow(ProgressImportError);
    await expect(store.importJson(text, 'progress.json')).rejects.toThrow(message);
  });

  it('schedules a missed sign for review at once and a mastered one days later', async () => {
    const store = await ProgressStore.open(now);
    await store.recordStep('hotel', 5, 'pillow', 0);
    await store.recordStep('hotel', 7, 'light', 3);
    const { signs } = store.snapshot();
    expect(signs.pillow.dueAt).toBe(clock);
    expect(signs.light.dueAt).toBe(clock + DAY_MS);
  });
});
