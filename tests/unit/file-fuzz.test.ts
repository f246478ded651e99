/**
 * Every importer fed random, truncated, oversized and mutated versions of real files from
 * the repository: it either accepts the input or refuses it with a FileProblemError that
 * names the file; it never crashes with another error. A refused progress import leaves
 * everything stored as it was. Seeded and bounded, so a run is the same and takes seconds.
 */
import 'fake-indexeddb/auto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { openDB } from 'idb';
import { IDBFactory } from 'fake-indexeddb';
import { parse, stringify } from 'yaml';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FileProblemError } from '../../src/lib/files/problems';
import { decodeRecording } from '../../src/lib/recording/format';
import { parsePackIndex } from '../../src/lib/recording/pack';
import { packFileUrl } from '../../src/lib/recording/load';
import { parseModelManifest } from '../../src/lib/recognition/manifest';
import { modelOutputSizes, parseLayersModelJson, weightBytes } from '../../src/lib/recognition/model-json';
import { parseGlossaryFile, parseScene } from '../../src/lib/scenes/validate';
import { checkSceneBundle, decodeSignscene, encodeSignscene } from '../../src/lib/scenes/bundle';
import { DB_NAME, ProgressStore, type ProgressSnapshot } from '../../src/lib/progress/store';
import { parseGislrTrainCsv, readGislrParquetFrames } from '../../training/data/gislr-parquet';
import { parseGislrInt16Index } from '../../training/data/gislr-pack';
import { SHARED_DATA_DIR } from '../../training/shared-data';

const SEED = 20261201;
const RUNS = 100;
const settings = { seed: SEED, numRuns: RUNS };

const read = (path: string) => readFileSync(path, 'utf8');
const RECORDING = new Uint8Array(readFileSync('public/signs/gislr-hello-thankyou/hello-62590-39016431.signrec'));
const PACK_INDEX = JSON.parse(read('public/signs/rth-signs/index.json'));
const MANIFEST = JSON.parse(read('public/models/signs-gislr-v2/manifest.json'));
const MODEL_JSON = JSON.parse(read('public/models/signs-gislr-v2/model.json'));
const GLOSSARY_YAML = read('src/scenes/signs.yaml');
const SCENE_YAML = read('src/scenes/restaurant/scene.yaml');
const TRAIN_CSV = read('tests/fixtures/gislr/train.csv');
const PARQUET = new Uint8Array(readFileSync('tests/fixtures/gislr/train_landmark_files/30680/4190630473.parquet'));
const INT16_INDEX_FILE = join(SHARED_DATA_DIR, 'gislr-hello-thankyou', 'index.json');

/** How many inputs were accepted and refused, by file; both must happen, or the mutations test nothing. */
const outcomes = new Map<string, { accepted: number; refused: number }>();

/** Accepts or refuses `file`; a refusal must be a FileProblemError naming it, with at least one problem. */
function acceptsOrNamesTheFile(file: string, run: () => unknown): void {
  const tally = outcomes.get(file) ?? { accepted: 0, refused: 0 };
  outcomes.set(file, tally);
  try {
    run();
    tally.accepted++;
  } catch (e) {
    if (!(e instanceof FileProblemError)) throw e;
    expect(e.problems.length).toBeGreaterThan(0);
    for (const p of e.problems) expect(p.file && p.message).toBeTruthy();
    expect(e.message.startsWith(file)).toBe(true);
    tally.refused++;
  }
}

// Mutations of bytes and text: truncated, overwritten, spliced, repeated (oversized), or random.

function bytesLike(original: Uint8Array): fc.Arbitrary<Uint8Array> {
  const n = original.length;
  return fc.oneof(
    fc.nat(n).map((k) => original.slice(0, k)),
    fc.array(fc.tuple(fc.nat(n - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 }).map((edits) => {
      const out = original.slice();
      for (const [i, b] of edits) out[i] = b;
      return out;
    }),
    fc.tuple(fc.nat(n), fc.uint8Array({ maxLength: 64 })).map(([at, junk]) => new Uint8Array([...original.subarray(0, at), ...junk, ...original.subarray(at)])),
    fc.integer({ min: 2, max: 4 }).map((times) => new Uint8Array(Array.from({ length: times }, () => [...original]).flat())),
    fc.uint8Array({ maxLength: 512 }),
  );
}

function textLike(original: string): fc.Arbitrary<string> {
  const n = original.length;
  return fc.oneof(
    fc.nat(n).map((k) => original.slice(0, k)),
    fc.tuple(fc.nat(n), fc.nat(200)).map(([at, len]) => original.slice(0, at) + original.slice(at + len)),
    fc.tuple(fc.nat(n), fc.string({ maxLength: 40, unit: 'binary' })).map(([at, junk]) => original.slice(0, at) + junk + original.slice(at)),
    fc.integer({ min: 2, max: 20 }).map((times) => original.repeat(times)),
    fc.string({ maxLength: 300, unit: 'binary' }),
  );
}

/** Every path to a value inside `value` (objects and lists), the root included. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((k) => pathsOf((value as Record<string | number, unknown>)[k], [...prefix, k]))];
}

/** Values a hand-edited or hostile file might hold where something else belongs. */
const oddValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(NaN, Infinity, -1, 0, 1e308, 0.5, '', '../../x.signrec', '/etc/passwd', 'https://example.com/x', 'a\\b', '__proto__', [], {}, null, undefined),
  fc.string({ maxLength: 5000 }),
);

/** `original` with one to three fields replaced, deleted, or their lists blown up. */
function jsonLike(original: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(original);
  const edit = fc.tuple(fc.constantFrom(...paths), fc.constantFrom('replace', 'delete', 'grow'), oddValue, fc.integer({ min: 2, max: 1000 }));
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
    let out: unknown = structuredClone(original);
    for (const [path, kind, value, times] of edits) {
      if (path.length === 0) {
        out = kind === 'replace' ? value : out;
        continue;
      }
      let parent = out as Record<string | number, unknown>;
      for (const k of path.slice(0, -1)) {
        if (typeof parent?.[k] !== 'object' || parent[k] === null) break;
        parent = parent[k] as Record<string | number, unknown>;
      }
      const key = path[path.length - 1];
      if (typeof parent !== 'object' || parent === null) continue;
      if (kind === 'replace') parent[key] = value;
      else if (kind === 'delete') delete parent[key];
      else if (Array.isArray(parent[key])) parent[key] = Array.from({ length: times }, (_, i) => (parent[key] as unknown[])[i % (parent[key] as unknown[]).length]);
    }
    return out;
  });
}

/** JSON text: structurally mutated, then sometimes mutated as text as well. */
function jsonTextLike(original: unknown): fc.Arbitrary<string> {
  return fc.oneof(jsonLike(original).map((j) => JSON.stringify(j) ?? ''), textLike(JSON.stringify(original, null, 1)));
}

/** YAML text: structurally mutated (through the parsed document) or mutated as text. */
function yamlLike(original: string): fc.Arbitrary<string> {
  return fc.oneof(textLike(original), jsonLike(parse(original)).map((doc) => stringify(doc)));
}

describe('every importer refuses bad input with a named error, never a crash', () => {
  afterAll(() => {
    for (const [file, { accepted, refused }] of outcomes) {
      expect(accepted, `${file}: no mutated input was accepted`).toBeGreaterThan(0);
      expect(refused, `${file}: no mutated input was refused`).toBeGreaterThan(0);
    }
  });

  it('recordings (.signrec)', () => {
    fc.assert(fc.property(bytesLike(RECORDING), (bytes) => acceptsOrNamesTheFile('fuzz.signrec', () => decodeRecording(bytes, 'fuzz.signrec'))), settings);
  });

  it('recording headers', () => {
    const headerLength = new DataView(RECORDING.buffer).getUint32(8, true);
    const header = JSON.parse(new TextDecoder().decode(RECORDING.subarray(12, 12 + headerLength)));
    const body = RECORDING.subarray(12 + headerLength);
    const withHeader = (json: string) => {
      const text = new TextEncoder().encode(json);
      const out = new Uint8Array(12 + text.length + body.length);
      out.set(RECORDING.subarray(0, 12));
      new DataView(out.buffer).setUint32(8, text.length, true);
      out.set(text, 12);
      out.set(body, 12 + text.length);
      return out;
    };
    fc.assert(fc.property(jsonTextLike(header), (json) => acceptsOrNamesTheFile('fuzz.signrec', () => decodeRecording(withHeader(json), 'fuzz.signrec'))), settings);
  });

  it('sign pack index.json, and every file it accepts stays inside the pack', () => {
    fc.assert(fc.property(jsonLike(PACK_INDEX), (json) => acceptsOrNamesTheFile('index.json', () => {
      const index = parsePackIndex(json, 'index.json');
      for (const r of index.recordings) {
        const url = new URL(packFileUrl('https://signs.test/signs/p/', r.file));
        expect(url.origin + url.pathname.slice(0, '/signs/p/'.length)).toBe('https://signs.test/signs/p/');
        expect(url.search + url.hash).toBe('');
      }
    })), settings);
  });

  it('model manifest.json and model.json', () => {
    fc.assert(fc.property(jsonLike(MANIFEST), (json) => acceptsOrNamesTheFile('manifest.json', () => parseModelManifest(json, 'manifest.json'))), settings);
    fc.assert(fc.property(jsonLike(MODEL_JSON), (json) => acceptsOrNamesTheFile('model.json', () => {
      const model = parseLayersModelJson(json, 'model.json');
      modelOutputSizes(model);
      expect(weightBytes(model)).toBeGreaterThanOrEqual(0);
    })), { ...settings, numRuns: 60 });
  });

  it('the glossary and a scene (YAML)', () => {
    const glossary = parseGlossaryFile(GLOSSARY_YAML, 'signs.yaml');
    const art = (name: string) => (['background.svg', 'server.svg'].includes(name) ? `/${name}` : undefined);
    // YAML parsing is the slow part (about 20 ms a file), so fewer runs.
    const yamlSettings = { ...settings, numRuns: 50 };
    fc.assert(fc.property(yamlLike(GLOSSARY_YAML), (yaml) => acceptsOrNamesTheFile('signs.yaml', () => parseGlossaryFile(yaml, 'signs.yaml'))), yamlSettings);
    fc.assert(fc.property(yamlLike(SCENE_YAML), (yaml) => acceptsOrNamesTheFile('scene.yaml', () => parseScene({ file: 'scene.yaml', yaml, art }, glossary))), yamlSettings);
  });

  it('a scene file (.signscene), and every scene it accepts passes the scene checks', () => {
    const glossary = parseGlossaryFile(GLOSSARY_YAML, 'signs.yaml');
    const art = Object.fromEntries(['background.svg', 'pharmacist.svg'].map((f) => [f, read(`src/scenes/pharmacy/${f}`)]));
    const file = JSON.parse(encodeSignscene({ source: '', yaml: read('src/scenes/pharmacy/scene.yaml'), art }));
    fc.assert(fc.property(jsonTextLike(file), (text) => acceptsOrNamesTheFile('fuzz.signscene', () => {
      checkSceneBundle(decodeSignscene(text, 'fuzz.signscene'), { glossary, glossSources: 'signs.yaml', takenIds: new Map() });
    })), { ...settings, numRuns: 50 });
  });

  it('GISLR train.csv and int16 index.json', () => {
    fc.assert(fc.property(textLike(TRAIN_CSV), (csv) => acceptsOrNamesTheFile('train.csv', () => parseGislrTrainCsv(csv, 'train.csv'))), settings);
    const int16Index = existsSync(INT16_INDEX_FILE)
      ? { ...JSON.parse(read(INT16_INDEX_FILE)), sequences: JSON.parse(read(INT16_INDEX_FILE)).sequences.slice(0, 30) }
      : { landmarks_per_frame: 543, values_per_landmark: 3, sequences: [{ sequence_id: 1, participant_id: 2, sign: 'hello', frames: 3, first_frame: 0, offset: 0 }] };
    fc.assert(fc.property(jsonLike(int16Index), (json) => acceptsOrNamesTheFile('int16/index.json', () => parseGislrInt16Index(json, 'int16/index.json'))), settings);
  });

  it('GISLR parquet files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fuzz-parquet-'));
    let k = 0;
    await fc.assert(fc.asyncProperty(bytesLike(PARQUET), async (bytes) => {
      const file = join(dir, `${k++}.parquet`);
      writeFileSync(file, bytes);
      try {
        await readGislrParquetFrames(file);
      } catch (e) {
        if (!(e instanceof FileProblemError)) throw e;
        expect(e.message.startsWith(file)).toBe(true);
      }
    }), { ...settings, numRuns: 40 });
  });
});

describe('a refused progress import changes nothing stored', () => {
  const now = () => 1_800_000_000_000;
  beforeEach(() => vi.stubGlobal('indexedDB', new IDBFactory()));
  afterEach(() => vi.unstubAllGlobals());

  async function stored(): Promise<ProgressSnapshot> {
    const db = await openDB(DB_NAME);
    const [scenes, signs] = await Promise.all([db.getAll('scenes'), db.getAll('signs')]);
    db.close();
    return { scenes: Object.fromEntries(scenes.map((s) => [s.sceneId, s])), signs: Object.fromEntries(signs.map((c) => [c.gloss, c])) };
  }

  it('imports random, truncated, oversized and mutated exports', async () => {
    const store = await ProgressStore.open(now);
    await store.recordStep('restaurant', 1, 'coffee', 3);
    await store.recordStep('restaurant', 4, 'juice', 1);
    await store.recordStep('hotel', 2, 'pillow', 2);
    await store.completeScene('restaurant');
    const exported = JSON.parse(store.exportJson());
    let refused = 0;
    await fc.assert(fc.asyncProperty(jsonTextLike(exported), async (text) => {
      const before = structuredClone(store.snapshot());
      const onDisk = await stored();
      try {
        await store.importJson(text, 'progress.json');
      } catch (e) {
        if (!(e instanceof FileProblemError)) throw e;
        expect(e.name).toBe('ProgressImportError');
        expect(e.message.startsWith('progress.json: ')).toBe(true);
        refused++;
        expect(store.snapshot()).toEqual(before);
        expect(await stored()).toEqual(onDisk);
        return;
      }
      // An accepted file only adds: no step loses stars, no scene or sign disappears.
      const after = store.snapshot();
      for (const [id, scene] of Object.entries(before.scenes)) {
        for (const [step, stars] of Object.entries(scene.stepStars)) expect(after.scenes[id].stepStars[+step]).toBeGreaterThanOrEqual(stars);
        if (scene.completed) expect(after.scenes[id].completed).toBe(true);
      }
      for (const gloss of Object.keys(before.signs)) expect(after.signs[gloss]).toBeDefined();
      expect(await stored()).toEqual(after);
    }), { ...settings, numRuns: 100 });
    expect(refused).toBeGreaterThan(20);
  });
});
