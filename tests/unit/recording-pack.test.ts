import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyFrameData, FACE, LEFT_HAND, POSE, RIGHT_HAND, VALUES_PER_LANDMARK, type LandmarkRange } from '../../src/lib/landmarks';
import type { Recording } from '../../src/lib/recording/format';
import { loadPack, loadRecording, packFileUrl } from '../../src/lib/recording/load';
import { findPackEntry, PACK_INDEX_FILE, PackFormatError, parsePackIndex, presenceShares } from '../../src/lib/recording/pack';
import { readPack, readPackIndexFile, writePack, writeRecordingFile } from '../../training/data/recording-io';

const INFO = { name: 'test-pack', description: 'made by the test', license: 'CC0-1.0', attribution: 'the test' };

/** A recording whose frame f shows exactly the parts in parts[f]. */
function recordingWith(gloss: string, signerId: string, parts: LandmarkRange[][]): Recording {
  const frames = parts.map((present, f) => {
    const data = emptyFrameData();
    for (const part of present) data.fill(0.5, part.start * VALUES_PER_LANDMARK, (part.start + part.count) * VALUES_PER_LANDMARK);
    return { timestampMs: f * 40, data };
  });
  return { meta: { gloss, language: 'ase', signerId, source: 'test', license: 'CC0-1.0', attribution: 'the test' }, fps: 25, frames };
}

const HELLO = recordingWith('hello', 'a', [[POSE, FACE], [POSE, FACE, RIGHT_HAND], [POSE, RIGHT_HAND, LEFT_HAND], [POSE]]);
const THANKS = recordingWith('thankyou', 'b', [[POSE, LEFT_HAND], [POSE, FACE, LEFT_HAND]]);

function makePack(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pack-'));
  writePack(dir, INFO, [
    { recording: HELLO, file: 'hello-a.signrec' },
    { recording: THANKS, file: 'thankyou-b.signrec' },
  ]);
  return dir;
}

describe('presence shares', () => {
  it('counts, per part, the share of frames where it was detected', () => {
    expect(presenceShares(HELLO.frames)).toEqual({ pose: 1, face: 0.5, leftHand: 0.25, rightHand: 0.5, anyHand: 0.5 });
    expect(presenceShares(THANKS.frames)).toEqual({ pose: 1, face: 0.5, leftHand: 1, rightHand: 0, anyHand: 1 });
  });
});

describe('packs in Node', () => {
  it('writes index.json with one entry per recording, and reads the pack back', () => {
    const dir = makePack();
    const index = readPackIndexFile(dir);
    expect(index).toMatchObject({ format: 'signquest-pack', version: 1, ...INFO });
    expect(index.recordings).toEqual([
      { file: 'hello-a.signrec', gloss: 'hello', signerId: 'a', frameCount: 4, presence: { pose: 1, face: 0.5, leftHand: 0.25, rightHand: 0.5, anyHand: 0.5 } },
      { file: 'thankyou-b.signrec', gloss: 'thankyou', signerId: 'b', frameCount: 2, presence: { pose: 1, face: 0.5, leftHand: 1, rightHand: 0, anyHand: 1 } },
    ]);
    const { recordings } = readPack(dir);
    expect(recordings.map((r) => r.meta.gloss)).toEqual(['hello', 'thankyou']);
    expect(recordings[0].frames[2].data[RIGHT_HAND.start * VALUES_PER_LANDMARK]).toBeCloseTo(0.5, 6);
    expect(findPackEntry(index, 'thankyou')?.file).toBe('thankyou-b.signrec');
    expect(findPackEntry(index, 'hello', 'thankyou-b.signrec')?.gloss).toBe('thankyou');
    expect(findPackEntry(index, 'coffee')).toBeUndefined();
  });

  it('refuses to write the same file twice', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pack-'));
    expect(() => writePack(dir, INFO, [{ recording: HELLO, file: 'x.signrec' }, { recording: THANKS, file: 'x.signrec' }])).toThrow(/x\.signrec: written twice/);
  });

  it('names the index file and the fault when index.json is bad', () => {
    const dir = makePack();
    const file = join(dir, PACK_INDEX_FILE);
    const good = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...good, version: 9 }));
    expect(() => readPackIndexFile(dir)).toThrow(`${file}: version: 9 is not supported`);
    writeFileSync(file, '{"format": ');
    expect(() => readPackIndexFile(dir)).toThrow(`${file}: is not valid JSON`);
    expect(() => parsePackIndex({ ...good, recordings: [{ file: 'a.signrec' }] }, 'i.json')).toThrow('i.json: recordings[0].gloss: missing');
  });
});

describe('a pack file name never leaves its pack', () => {
  const outside = ['../x.signrec', 'a/../../x.signrec', '/etc/x.signrec', 'a\\x.signrec', 'https://example.com/x.signrec', 'C:/x.signrec', '.hidden.signrec', 'x.signrec?y=1'];

  it.each(outside)('%s is refused in index.json, in a URL and when writing', (file) => {
    const dir = makePack();
    const good = JSON.parse(readFileSync(join(dir, PACK_INDEX_FILE), 'utf8'));
    good.recordings[0].file = file;
    expect(() => parsePackIndex(good, 'i.json')).toThrow(/^i\.json: recordings\[0\]\.file: .* is not a relative path inside the folder/);
    expect(() => packFileUrl('http://127.0.0.1/packs/p/', file)).toThrow(PackFormatError);
    expect(() => writePack(dir, INFO, [{ recording: HELLO, file }])).toThrow(PackFormatError);
  });

  it('nested folders and spaces are fine', () => {
    expect(packFileUrl('signs/p', 'takes/take 1.signrec')).toBe('signs/p/takes/take%201.signrec');
  });
});

describe('loading packs over HTTP (as the game does)', () => {
  let server: Server;
  let base: string;
  let root: string;

  beforeAll(async () => {
    root = makePack();
    server = createServer((req, res) => {
      const path = normalize(decodeURIComponent(new URL(req.url!, 'http://x').pathname)).replace(/^\/packs\//, '');
      try {
        res.end(readFileSync(join(root, path)));
      } catch {
        res.statusCode = 404;
        res.end('not found');
      }
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/packs`;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  it('loads the index and every recording', async () => {
    const pack = await loadPack(base);
    expect(pack.baseUrl).toBe(`${base}/`);
    expect(pack.index.name).toBe('test-pack');
    expect(pack.recordings.map((r) => [r.meta.gloss, r.frames.length])).toEqual([['hello', 4], ['thankyou', 2]]);
    const one = await loadRecording(packFileUrl(base, 'thankyou-b.signrec'));
    expect(presenceShares(one.frames)).toEqual(presenceShares(THANKS.frames));
  });

  it('names the URL and the fault', async () => {
    await expect(loadRecording(`${base}/missing.signrec`)).rejects.toThrow(`${base}/missing.signrec: HTTP 404`);
    await expect(loadPack(`${base}/nowhere/`)).rejects.toThrow(`${base}/nowhere/index.json: HTTP 404`);
    await expect(loadRecording(`${base}/index.json`)).rejects.toThrow(`${base}/index.json: wrong magic`);
  });
});

describe('signs pack', () => {
  const repo = fileURLToPath(new URL('../../', import.meta.url));
  const signs = (...args: string[]) =>
    spawnSync(join(repo, 'node_modules/.bin/tsx'), [join(repo, 'training/cli.ts'), 'pack', ...args], { encoding: 'utf8' });

  it('gathers recordings into a pack, asking for a licence when theirs differ', () => {
    const src = mkdtempSync(join(tmpdir(), 'recs-'));
    writeRecordingFile(join(src, 'hello-a.signrec'), HELLO);
    writeRecordingFile(join(src, 'thankyou-b.signrec'), { ...THANKS, meta: { ...THANKS.meta, license: 'MIT' } });
    const out = mkdtempSync(join(tmpdir(), 'pack-'));
    const clash = signs(src, '--out', out);
    expect(clash.status).toBe(1);
    expect(clash.stderr).toContain('2 different license values: give --license');
    const ok = signs(src, '--out', out, '--license', 'MIT AND CC0-1.0', '--json');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).map((e: { file: string }) => e.file)).toEqual(['hello-a.signrec', 'thankyou-b.signrec']);
    const { index, recordings } = readPack(out);
    expect(index).toMatchObject({ license: 'MIT AND CC0-1.0', attribution: 'the test' });
    expect(recordings[1].meta.license).toBe('MIT');
  });
});
