import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { problemLine } from '../../src/lib/files/problems';
import { validatePath } from '../../training/data/validate-files';
import { encodeSignscene } from '../../src/lib/scenes/bundle';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** A copy of a tracked folder in a temporary folder, so the test can break it. */
function copyOf(path: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'validate-')), 'copy');
  cpSync(join(REPO, path), dir, { recursive: true });
  return dir;
}

function editJson(file: string, edit: (json: Record<string, any>) => void): void {
  const json = JSON.parse(readFileSync(file, 'utf8'));
  edit(json);
  writeFileSync(file, JSON.stringify(json));
}

const linesOf = (path: string) => validatePath(path).problems.map(problemLine);

describe('signs validate', () => {
  it.each([
    ['src/scenes', 'scenes'],
    ['src/scenes/hotel', 'scene'],
    ['src/scenes/signs.yaml', 'glossary'],
    ['public/signs/rth-signs', 'pack'],
    ['public/signs/gislr-hello-thankyou/index.json', 'pack'],
    ['public/models/signs-gislr-v2', 'model'],
    ['public/signs/rth-signs/coffee.signrec', 'recording'],
  ])('accepts the shipped %s as a %s', (path, kind) => {
    const result = validatePath(join(REPO, path));
    expect(result.kind).toBe(kind);
    expect(result.problems).toEqual([]);
  });

  it('refuses a pack whose index points outside the pack, naming the field', () => {
    const dir = copyOf('public/signs/gislr-hello-thankyou');
    editJson(join(dir, 'index.json'), (j) => {
      j.recordings[0].file = '../../secret.signrec';
      j.recordings[1].file = '/etc/hello.signrec';
      j.recordings[2].file = 'sub\\x.signrec';
      j.recordings[3].file = 'https://example.com/x.signrec';
    });
    const lines = linesOf(dir);
    expect(lines).toHaveLength(4);
    for (let i = 0; i < 4; i++) expect(lines[i]).toMatch(new RegExp(`^${join(dir, 'index.json')}: recordings\\[${i}\\]\\.file: .* is not a relative path inside the folder`));
  });

  it('refuses a pack whose index disagrees with its recordings', () => {
    const dir = copyOf('public/signs/gislr-hello-thankyou');
    editJson(join(dir, 'index.json'), (j) => {
      j.recordings[1].gloss = 'goodbye';
      j.recordings[2].frameCount += 1;
    });
    const lines = linesOf(dir);
    expect(lines).toEqual([
      expect.stringMatching(/index\.json: recordings\[1\]\.gloss: is "goodbye", but \S+\.signrec has "\w+" \(run signs pack again/),
      expect.stringMatching(/index\.json: recordings\[2\]\.frameCount: is \d+, but .* has \d+/),
    ]);
  });

  it('refuses a model whose labels do not fit its output, and weights of the wrong size', () => {
    const dir = copyOf('public/models/signs-gislr-v2');
    editJson(join(dir, 'manifest.json'), (j) => j.labels.push('coffee'));
    editJson(join(dir, 'model.json'), (j) => (j.weightsManifest[0].weights[0].shape[0] += 1));
    const lines = linesOf(dir);
    expect(lines).toEqual([
      `${join(dir, 'manifest.json')}: labels: lists 4 labels, but the model gives 3 class scores (list one label per output class, in order)`,
      expect.stringMatching(/model\.json: weightsManifest: describes \d+ bytes of weights, but weights\.bin holds \d+/),
    ]);
  });

  it('refuses sign embeddings that do not fit the manifest\'s counts', () => {
    const dir = copyOf('public/models/signs-gislr-v2');
    editJson(join(dir, 'manifest.json'), (j) => (j.signEmbeddings.counts.hello += 1));
    expect(linesOf(dir)).toEqual([
      `${join(dir, 'sign-embeddings.bin')}: holds 269824 bytes, but the manifest's signEmbeddings.counts (528 recordings) of 128 float32 values each make 270336 (run signs embed again)`,
    ]);
  });

  it('refuses a model whose weight path leaves the folder', () => {
    const dir = copyOf('public/models/signs-gislr-v2');
    editJson(join(dir, 'model.json'), (j) => (j.weightsManifest[0].paths = ['../weights.bin']));
    expect(linesOf(dir)).toEqual([expect.stringMatching(/model\.json: weightsManifest\[0\]\.paths\[0\]: "\.\.\/weights\.bin" is not a relative path/)]);
  });

  it('lists every problem of a scene folder, against the shared glossary', () => {
    const dir = copyOf('src/scenes/hotel');
    const yaml = readFileSync(join(dir, 'scene.yaml'), 'utf8');
    writeFileSync(join(dir, 'scene.yaml'), yaml.replace('expect: pillow', 'expect: pilow').replace('art: clerk.svg', 'art: clark.svg'));
    expect(linesOf(dir)).toEqual([
      `${join(dir, 'scene.yaml')}: characters[0].art: no file "clark.svg" in the scene folder`,
      expect.stringMatching(/scene\.yaml: script\[\d+\]\.expect: unknown gloss "pilow"/),
    ]);
  });

  it('checks a .signscene file as the game loads it, every problem by file and field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'validate-'));
    const scene = (yaml: string, art: Record<string, string>) => encodeSignscene({ source: '', yaml, art });
    const yaml = readFileSync(join(REPO, 'src/scenes/pharmacy/scene.yaml'), 'utf8');
    const art = { 'background.svg': readFileSync(join(REPO, 'src/scenes/pharmacy/background.svg'), 'utf8'), 'pharmacist.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>' };
    writeFileSync(join(dir, 'good.signscene'), scene(yaml, art));
    writeFileSync(join(dir, 'bad.signscene'), scene(yaml.replace('expect: buy', 'expect: bye').replace('art: pharmacist.svg', 'art: chemist.svg'), art));
    const good = validatePath(join(dir, 'good.signscene'));
    expect(good.kind).toBe('signscene');
    expect(good.problems).toEqual([]);
    expect(linesOf(join(dir, 'bad.signscene'))).toEqual([
      `${join(dir, 'bad.signscene')}/scene.yaml: characters[0].art: no file "chemist.svg" in the scene folder`,
      expect.stringMatching(/bad\.signscene\/scene\.yaml: script\[\d+\]\.expect: unknown gloss "bye" \(not in \S+signs\.yaml nor in the scene's signs\)/),
    ]);
    writeFileSync(join(dir, 'cut.signscene'), scene(yaml, art).slice(0, 100));
    expect(linesOf(join(dir, 'cut.signscene'))).toEqual([`${join(dir, 'cut.signscene')}: truncated: the file ends in the middle of its contents`]);
  });

  it('refuses a recording whose frame times go back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'validate-'));
    const bytes = readFileSync(join(REPO, 'public/signs/rth-signs/coffee.signrec'));
    const headerLength = bytes.readUInt32LE(8);
    const header = bytes.subarray(12, 12 + headerLength).toString('utf8');
    const json = JSON.parse(header);
    [json.timestampsMs[3], json.timestampsMs[4]] = [json.timestampsMs[4], json.timestampsMs[3]];
    const patched = Buffer.from(JSON.stringify(json).padEnd(headerLength, ' '));
    expect(patched.length).toBe(headerLength);
    patched.copy(bytes, 12);
    writeFileSync(join(dir, 'coffee.signrec'), bytes);
    expect(linesOf(join(dir, 'coffee.signrec'))).toEqual([
      expect.stringMatching(/coffee\.signrec: timestampsMs\[4\]: [\d.]+ ms is not after the frame before it \([\d.]+ ms\); frame times must increase$/),
    ]);
  });

  it('names a path it does not know', () => {
    expect(linesOf(join(REPO, 'README.md'))).toEqual([expect.stringMatching(/README\.md: is none of the files signs validate knows/)]);
  });

  it('on the command line: prints problems, exits 1, and never a stack trace', () => {
    const dir = copyOf('public/models/signs-gislr-v2');
    editJson(join(dir, 'manifest.json'), (j) => (j.featureSpecVersion = 1));
    const run = (...args: string[]) => spawnSync(join(REPO, 'node_modules/.bin/tsx'), [join(REPO, 'training/cli.ts'), ...args], { encoding: 'utf8' });
    const validate = run('validate', dir, join(REPO, 'public/signs/rth-signs'));
    expect(validate.status).toBe(1);
    expect(validate.stdout).toContain(`${join(dir, 'manifest.json')}: featureSpecVersion: built for feature spec v1, this app computes v`);
    expect(validate.stdout).toContain('ok ');
    // A verb that reads a broken file: the message only, no stack.
    const inspect = run('inspect', join(dir, 'manifest.json'));
    expect(inspect.status).toBe(1);
    expect(inspect.stderr).toMatch(/^signs: .*manifest\.json: wrong magic/);
    expect(inspect.stderr).not.toMatch(/\n\s+at /);
  });
});
