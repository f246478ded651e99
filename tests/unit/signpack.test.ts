/**
 * `.signpack` files and the local pack store: export -> import is lossless, every kind of
 * broken file is refused with its own named error before anything is stored, and an import
 * that clashes with what is stored changes nothing until the user has chosen.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { emptyFrameData } from '../../src/lib/landmarks/frame';
import { RIGHT_HAND, VALUES_PER_LANDMARK } from '../../src/lib/landmarks/layout';
import { encodeRecording, type Recording } from '../../src/lib/recording/format';
import { decodeSignpack, encodeSignpack, makeSignPack, SIGNPACK_MAX_BYTES, SignpackError, type SignDefinition, type SignPack } from '../../src/lib/recording/signpack';
import { LocalPackStore } from '../../src/lib/packs/local-store';
import { importClashes, resolveImport, type KnownSigns } from '../../src/lib/packs/import';

let dbCount = 0;
const openStore = () => LocalPackStore.open(`test-packs-${++dbCount}`);

function recording(gloss: string, frames = 12, seed = 1): Recording {
  return {
    meta: { gloss, language: 'ase', signerId: 's1', source: 'test', license: 'CC-BY-4.0', attribution: 'test signer' },
    fps: 30,
    frames: Array.from({ length: frames }, (_, i) => {
      const data = emptyFrameData();
      for (let k = 0; k < 21 * 3; k++) data[RIGHT_HAND.start * VALUES_PER_LANDMARK + k] = ((i * 31 + k * seed) % 1000) / 1000;
      return { timestampMs: i * 33.333, data };
    }),
  };
}

const wave: SignDefinition = { gloss: 'wave', name: { en: 'WAVE', ja: '手を振る' }, description: { en: 'Open hand, wave.', ja: '手を開いて振ります。' }, language: 'ase', hands: 1 };

function pack(name = 'my-class', signs: SignDefinition[] = [wave], glosses = ['wave', 'wave', 'hello']): SignPack {
  return makeSignPack(
    { name, description: 'test pack', license: 'CC-BY-4.0', attribution: 'test signer' },
    signs,
    glosses.map((g, i) => {
      const r = recording(g, 10 + i, i + 1);
      return { file: `${g}-${i + 1}.signrec`, bytes: encodeRecording(r) };
    }),
  );
}

const known = (stored: readonly SignPack[] = []): KnownSigns => ({ glossary: new Set(['hello', 'thankyou', 'coffee']), shippedPacks: new Set(['rth-signs', 'gislr-hello-thankyou']), stored });
const bytesOf = (text: string) => new TextEncoder().encode(text);

describe('.signpack export and import', () => {
  it('round-trips a pack through the file and the store without loss', async () => {
    const original = pack();
    const text = encodeSignpack(original);
    const decoded = decodeSignpack(bytesOf(text), 'my-class.signpack');
    expect(decoded.index).toEqual(original.index);
    expect(decoded.signs).toEqual(original.signs);
    expect(decoded.readme).toBe(original.readme);
    expect(decoded.readme).toContain('CC-BY-4.0');
    expect(decoded.readme).toContain('test signer');
    decoded.recordings.forEach((r, i) => {
      expect(r.bytes).toEqual(original.recordings[i].bytes);
      expect(r.recording.frames.map((f) => [...f.data])).toEqual(original.recordings[i].recording.frames.map((f) => [...f.data]));
    });

    const store = await openStore();
    await store.put(resolveImport(decoded, { packName: decoded.index.name, replace: false, glosses: {} }, known(), 'my-class.signpack'));
    store.close();
    const reopened = await LocalPackStore.open(`test-packs-${dbCount}`);
    const stored = reopened.get('my-class')!;
    expect(encodeSignpack(stored)).toBe(text);
  });

  const good = JSON.parse(encodeSignpack(pack()));
  const cases: [string, () => Uint8Array, RegExp][] = [
    ['truncated', () => bytesOf(encodeSignpack(pack()).slice(0, 5000)), /broken\.signpack: truncated/],
    ['wrong version', () => bytesOf(JSON.stringify({ ...good, version: 2 })), /broken\.signpack: wrong version: version 2 is not supported/],
    ['foreign', () => bytesOf(JSON.stringify({ format: 'signquest-progress', version: 1 })), /broken\.signpack: not a sign pack: format is "signquest-progress"/],
    ['a zip', () => new Uint8Array([0x50, 0x4b, 3, 4, 0xff, 0xfe, 0, 0x80]), /broken\.signpack: not a sign pack: the file is not text/],
    ['bad gloss', () => bytesOf(JSON.stringify({ ...good, index: { ...good.index, recordings: good.index.recordings.map((r: object, i: number) => (i === 0 ? { ...r, gloss: 'Wave!' } : r)) } })), /broken\.signpack: index\.recordings\[0\]\.gloss: gloss must be lower-case/],
    ['bad sign gloss', () => bytesOf(JSON.stringify({ ...good, signs: [{ ...good.signs[0], gloss: '../wave' }] })), /broken\.signpack: signs\[0\]\.gloss: gloss must be lower-case/],
    ['path with ..', () => bytesOf(JSON.stringify({ ...good, index: { ...good.index, recordings: good.index.recordings.map((r: object, i: number) => (i === 0 ? { ...r, file: '../../wave-1.signrec' } : r)) } })), /broken\.signpack: index\.recordings\[0\]\.file: .*no "\.\."/],
    ['recordings: [null]', () => bytesOf(JSON.stringify({ ...good, recordings: [null] })), /broken\.signpack: recordings\[0\]: /],
    ['a recording that is not one', () => bytesOf(JSON.stringify({ ...good, recordings: good.recordings.map((r: object, i: number) => (i === 1 ? { ...r, data: btoa('PK\u0003\u0004 not a recording') } : r)) })), /broken\.signpack: recordings\[1\] \(wave-2\.signrec\): wrong magic/],
    ['index and recordings disagree', () => bytesOf(JSON.stringify({ ...good, recordings: good.recordings.slice(1) })), /broken\.signpack: recordings: 2 recordings for 3 index entries/],
    ['missing name in a UI language', () => bytesOf(JSON.stringify({ ...good, signs: [{ ...good.signs[0], name: { en: 'WAVE' } }] })), /broken\.signpack: signs\[0\]\.name\.ja: /],
    ['50 MB of noise', () => noise(50 * 1024 * 1024), /broken\.signpack: too large: 50\.0 MB \(at most 20\.0 MB\)/],
  ];

  it.each(cases)('refuses %s with its named error and leaves the stored packs as they were', async (_name, make, error) => {
    const { PackShelf } = await import('../../src/studio/pack-shelf.svelte');
    const store = await openStore();
    const kept = pack('kept-pack');
    await store.put(kept);
    const before = encodeSignpack(store.get('kept-pack')!);
    expect(() => decodeSignpack(make(), 'broken.signpack')).toThrow(SignpackError);
    // Through the studio's import path, as a file picked or dropped.
    const shelf = new PackShelf(store, {});
    await shelf.importFile(new File([make() as BlobPart], 'broken.signpack'));
    expect(shelf.state.kind).toBe('failed');
    expect(shelf.state.kind === 'failed' && shelf.state.error).toMatch(error);
    store.close();
    const reopened = await LocalPackStore.open(`test-packs-${dbCount}`);
    expect(reopened.packs.map((p) => p.index.name)).toEqual(['kept-pack']);
    expect(encodeSignpack(reopened.get('kept-pack')!)).toBe(before);
  });

  it('holds a pack built in memory (the studio, the CLI) to the same rules as a file', () => {
    expect(() => pack('my-class', [wave, wave])).toThrow(/my-class\.signpack: signs\[1\]\.gloss: "wave" is defined twice/);
    expect(() => pack('My Class')).toThrow(/My Class\.signpack: index\.name: name must be lower-case/);
    expect(() => pack('my-class', [wave], ['wave', 'Wave'])).toThrow(/index\.recordings\[1\]\.gloss: gloss must be lower-case/);
  });

  it('refuses any noise, of any length up to the limit, with a named error (fuzzed)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        expect(() => decodeSignpack(bytes, 'noise.signpack')).toThrow(/^noise\.signpack: /);
      }),
      { seed: 11, numRuns: 300 },
    );
    expect(SIGNPACK_MAX_BYTES).toBe(20 * 1024 * 1024);
  });
});

/** Seeded pseudo-random bytes (not valid UTF-8 JSON). */
function noise(length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = 2463534242;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describe('an import that clashes with what is stored', () => {
  it('lists the clashes and overwrites nothing unasked', async () => {
    const store = await openStore();
    await store.put(pack());
    const incoming = pack('my-class', [wave, { ...wave, gloss: 'coffee' }], ['wave', 'coffee']);
    const clashes = importClashes(incoming, known(store.packs));
    expect(clashes.packExists).toBe(true);
    expect(clashes.glosses).toEqual(['coffee']);
    expect(() => resolveImport(incoming, { packName: 'my-class', replace: false, glosses: { coffee: { kind: 'merge' } } }, known(store.packs), 'in.signpack')).toThrow(/in\.signpack: a local pack "my-class" is already stored/);
    expect(() => resolveImport(incoming, { packName: 'my-class-2', replace: false, glosses: {} }, known(store.packs), 'in.signpack')).toThrow(/"coffee" is already a sign here: choose to merge or rename it/);
    expect(() => resolveImport(incoming, { packName: 'rth-signs', replace: false, glosses: {} }, known(store.packs), 'in.signpack')).toThrow(/belongs to a pack the game ships/);
    expect(store.get('my-class')!.recordings).toHaveLength(3);
  });

  it('merges a known gloss as extra examples, or renames it, as chosen; keeping both packs', async () => {
    const store = await openStore();
    await store.put(pack());
    const incoming = pack('my-class', [{ ...wave, gloss: 'coffee' }], ['coffee', 'coffee']);
    const merged = resolveImport(incoming, { packName: 'my-class-2', replace: false, glosses: { coffee: { kind: 'merge' } } }, known(store.packs), 'in.signpack');
    expect(merged.signs).toEqual([]);
    expect(merged.recordings.map((r) => r.recording.meta.gloss)).toEqual(['coffee', 'coffee']);
    const renamed = resolveImport(incoming, { packName: 'my-class-2', replace: false, glosses: { coffee: { kind: 'rename', gloss: 'iced-coffee' } } }, known(store.packs), 'in.signpack');
    expect(renamed.signs.map((s) => s.gloss)).toEqual(['iced-coffee']);
    expect(renamed.index.recordings.map((r) => r.gloss)).toEqual(['iced-coffee', 'iced-coffee']);
    expect(renamed.recordings[0].recording.frames.map((f) => [...f.data])).toEqual(incoming.recordings[0].recording.frames.map((f) => [...f.data]));
    expect(() => resolveImport(incoming, { packName: 'my-class-2', replace: false, glosses: { coffee: { kind: 'rename', gloss: 'wave' } } }, known(store.packs), 'in.signpack')).toThrow(/cannot be renamed to "wave": that sign exists too/);
    await store.put(renamed);
    expect(store.packs.map((p) => p.index.name)).toEqual(['my-class', 'my-class-2']);
    expect(store.get('my-class')!.recordings).toHaveLength(3);
  });

  it('replaces a stored pack only when asked to', async () => {
    const store = await openStore();
    await store.put(pack());
    const incoming = pack('my-class', [wave], ['wave']);
    await store.put(resolveImport(incoming, { packName: 'my-class', replace: true, glosses: {} }, known(store.packs), 'in.signpack'));
    expect(store.get('my-class')!.recordings).toHaveLength(1);
  });

  it('refuses recordings of a sign that nothing defines', () => {
    const incoming = pack('other', [], ['nosuchsign']);
    expect(() => resolveImport(incoming, { packName: 'other', replace: false, glosses: {} }, known(), 'in.signpack')).toThrow(/in\.signpack: recordings\[0\] \(nosuchsign-1\.signrec\): the sign "nosuchsign" is neither in the glossary nor defined by the pack/);
  });
});

describe('signs pack --signpack and signs inspect read and write the same file as the app', () => {
  it('packs a folder into one .signpack that decodes to the same recordings, and reads it back as a pack', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { verb: pack } = await import('../../training/commands/pack');
    const { signpackSummary } = await import('../../training/commands/inspect');
    const { readPack, readSignpackFile } = await import('../../training/data/recording-io');
    const folder = 'public/signs/gislr-hello-thankyou';
    const file = join(mkdtempSync(join(tmpdir(), 'signpack-')), 'gislr.signpack');
    const log = console.log;
    console.log = () => {};
    try {
      await pack.run({ values: { signpack: file, name: 'gislr-test' }, positionals: [folder] } as never);
    } finally {
      console.log = log;
    }
    // signs pack takes a folder's files in name order.
    const byFile = (p: ReturnType<typeof readPack>) => p.index.recordings.map((entry, i) => ({ entry, frames: p.recordings[i].frames.map((f) => [...f.data]) })).sort((a, b) => a.entry.file.localeCompare(b.entry.file));
    const fromFile = readPack(file);
    expect(fromFile.index.name).toBe('gislr-test');
    expect(byFile(fromFile)).toEqual(byFile(readPack(folder)));
    const signpack = readSignpackFile(file);
    expect(signpack.readme).toContain('CC-BY-4.0');
    expect(signpackSummary(signpack, 'gislr.signpack')).toMatch(/^gislr\.signpack: sign pack "gislr-test", 6 recordings of hello, thankyou/);
  });
});

describe('importing through the pack shelf', () => {
  it('asks for another name when the file uses a shipped pack name, then stores it under that name', async () => {
    const { PackShelf } = await import('../../src/studio/pack-shelf.svelte');
    const store = await openStore();
    const shelf = new PackShelf(store, { hello: { gloss: 'hello', name: { en: 'HELLO', ja: 'こんにちは' }, description: { en: 'd', ja: 'd' }, reference: { pack: 'gislr-hello-thankyou' } } });
    const file = new File([encodeSignpack(pack('gislr-hello-thankyou'))], 'gislr.signpack');
    await shelf.importFile(file);
    expect(shelf.state.kind).toBe('asking');
    expect(shelf.packName).toBe('gislr-hello-thankyou-2');
    expect(store.packs).toEqual([]);
    await shelf.confirm();
    expect(shelf.state).toEqual({ kind: 'imported', pack: 'gislr-hello-thankyou-2', recordings: 3 });
    expect(store.packs.map((p) => p.index.name)).toEqual(['gislr-hello-thankyou-2']);
  });

  it('refuses an oversized file by its size, before reading it', async () => {
    const { PackShelf } = await import('../../src/studio/pack-shelf.svelte');
    const store = await openStore();
    const shelf = new PackShelf(store, {});
    const huge = { name: 'huge.signpack', size: SIGNPACK_MAX_BYTES + 1, arrayBuffer: () => Promise.reject(new Error('read')) } as unknown as File;
    await shelf.importFile(huge);
    expect(shelf.state).toEqual({ kind: 'failed', error: 'huge.signpack: too large: 20.0 MB (at most 20.0 MB)' });
  });
});
