/**
 * Scenes loaded in the browser: a `.signscene` file or a scene folder is checked with the
 * bundled scenes' rules and messages, stored in IndexedDB, exported again without loss, and
 * a broken scene (bundled or loaded) never takes the good ones down.
 */
import 'fake-indexeddb/auto';
import { resolveObjectURL } from 'node:buffer';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { problemLine, FileProblemError } from '../../src/lib/files/problems';
import {
  BROWSER_GLOSS_SOURCES, bundleFromFolder, checkSceneBundle, decodeSignscene, encodeSignscene, SIGNSCENE_FORMAT, SIGNSCENE_MAX_BYTES,
  type SceneBundle,
} from '../../src/lib/scenes/bundle';
import { BUNDLED_SCENES, loadBundledScenes } from '../../src/lib/scenes/bundled';
import { loadScenes } from '../../src/lib/scenes/loader';
import { LocalSceneStore } from '../../src/lib/scenes/local-store';
import { withLocalSigns } from '../../src/lib/packs/glossary';
import { emptyFrameData } from '../../src/lib/landmarks/frame';
import { encodeRecording } from '../../src/lib/recording/format';
import { makeSignPack } from '../../src/lib/recording/signpack';
import { GameState } from '../../src/game/game.svelte';
import { SceneShelf } from '../../src/game/scene-shelf.svelte';
import type { GameServices } from '../../src/game/services';

const { glossary: SHIPPED } = loadBundledScenes();

/** The shipped pharmacy scene, as a teacher's copy with its own id. */
function pharmacyCopy(source = 'market.signscene', edit: (yaml: string) => string = (y) => y): SceneBundle {
  const dir = 'src/scenes/pharmacy';
  const art = Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.svg')).map((f) => [f, readFileSync(`${dir}/${f}`, 'utf8')]));
  return { source, yaml: edit(readFileSync(`${dir}/scene.yaml`, 'utf8').replace('id: pharmacy', 'id: market').replace('order: 4', 'order: 5')), art };
}

function linesOf(check: () => unknown): string[] {
  try {
    check();
  } catch (e) {
    if (e instanceof FileProblemError) return e.lines;
    throw e;
  }
  throw new Error('accepted');
}

const SHIPPED_PACKS = new Set(['rth-signs', 'gislr-hello-thankyou']);
const check = (bundle: SceneBundle, glossary = SHIPPED, takenIds = new Map<string, string>(), packs = SHIPPED_PACKS) =>
  checkSceneBundle(bundle, { glossary, glossSources: BROWSER_GLOSS_SOURCES, packs, takenIds });

/** A one-recording local pack that defines `gloss`. */
function packDefining(gloss: string) {
  const frames = Array.from({ length: 4 }, (_, i) => ({ timestampMs: i * 33, data: emptyFrameData() }));
  const bytes = encodeRecording({ meta: { gloss, language: 'ase', source: 'test', license: 'CC-BY-4.0', attribution: 'test' }, fps: 30, frames });
  const sign = { gloss, name: { en: 'MEDICINE', ja: '薬(MEDICINE)' }, description: { en: 'Middle finger circles on the palm.', ja: '中指を手のひらで回します。' }, language: 'ase', hands: 2 as const };
  return makeSignPack({ name: 'my-class', description: '', license: 'CC-BY-4.0', attribution: 'test' }, [sign], [{ file: `${gloss}-1.signrec`, bytes }]);
}

let db = 0;

/** An edit of a `.signscene` file's text that adds or replaces pictures. */
const withArt = (art: Record<string, string>) => (text: string) => {
  const json = JSON.parse(text);
  return JSON.stringify({ ...json, art: { ...json.art, ...art } });
};

describe('.signscene files', () => {
  it('round-trips a scene through encode and decode without loss', () => {
    const bundle = pharmacyCopy();
    expect(decodeSignscene(encodeSignscene(bundle), 'market.signscene')).toEqual(bundle);
    expect(check(bundle).id).toBe('market');
  });

  it.each([
    ['truncated', (text: string) => text.slice(0, text.length / 2), 'market.signscene: truncated'],
    ['not JSON', () => 'id: market', 'market.signscene: not a scene file: not valid JSON'],
    ['a sign pack', (text: string) => text.replace(SIGNSCENE_FORMAT, 'signquest-signpack'), 'market.signscene: not a scene file: format is "signquest-signpack"'],
    ['of another version', (text: string) => text.replace('"version":1', '"version":2'), 'market.signscene: wrong version: version 2 is not supported'],
    ['too large', (text: string) => text + ' '.repeat(SIGNSCENE_MAX_BYTES), 'market.signscene: too large'],
    ['a picture that is not an SVG', withArt({ 'background.svg': '<html><script>alert(1)</script></html>' }), 'market.signscene: art["background.svg"]: is not an SVG picture'],
    ['a picture outside the scene', withArt({ '../background.svg': '<svg/>' }), 'market.signscene: art["../background.svg"]: "../background.svg" must be an .svg file name'],
  ])('refuses a file %s, naming it', (_name, edit, message) => {
    const lines = linesOf(() => decodeSignscene(edit(encodeSignscene(pharmacyCopy())), 'market.signscene'));
    expect(lines.some((l) => l.startsWith(message)), lines.join('\n')).toBe(true);
  });

  it('checks the scene inside with the bundled scenes\' rules and file: field: problem lines', () => {
    const broken = pharmacyCopy('market.signscene', (y) => y.replace('expect: hurt', 'expect: hurts').replace('art: pharmacist.svg', 'art: chemist.svg').replace('      ja: メイにお礼を言いましょう。\n', ''));
    expect(linesOf(() => check(broken))).toEqual([
      'market.signscene/scene.yaml: characters[0].art: no file "chemist.svg" in the scene folder',
      `market.signscene/scene.yaml: script[3].expect: unknown gloss "hurts" (not in ${BROWSER_GLOSS_SOURCES} nor in the scene's signs)`,
      'market.signscene/scene.yaml: script[13].prompt.ja: missing',
    ]);
    expect(linesOf(() => check(pharmacyCopy('market.signscene', (y) => y.replace('id: market', 'id: [market'))))[0]).toMatch(/^market\.signscene\/scene\.yaml: line 4: not valid YAML/);
  });

  it('refuses the id of a scene it may not replace, naming that scene\'s file', () => {
    const bundle = pharmacyCopy('market.signscene', (y) => y.replace('id: market', 'id: hotel'));
    expect(linesOf(() => check(bundle, SHIPPED, new Map([['hotel', 'src/scenes/hotel/scene.yaml']])))).toEqual([
      'market.signscene/scene.yaml: id: "hotel" is already used by src/scenes/hotel/scene.yaml (give this scene another id)',
    ]);
  });

  it('may name a sign of a local pack, and says where it looked when the pack is missing', () => {
    const bundle = pharmacyCopy('market.signscene', (y) => y.replace('expect: need', 'expect: medicine'));
    expect(linesOf(() => check(bundle))).toEqual([`market.signscene/scene.yaml: script[6].expect: unknown gloss "medicine" (not in ${BROWSER_GLOSS_SOURCES} nor in the scene's signs)`]);
    const scene = check(bundle, withLocalSigns(SHIPPED, [packDefining('medicine')]));
    expect(scene.signs.medicine.reference).toEqual({ pack: 'my-class' });
  });

  it('refuses a sign of its own whose reference pack is neither shipped nor in this browser', () => {
    const ownSign = (pack: string) => pharmacyCopy('market.signscene', (y) => y
      .replace('script:', `signs:\n  tablet:\n    name: { en: TABLET, ja: 錠剤 }\n    description: { en: Pinch and lift to the mouth., ja: つまんで口へ。 }\n    reference: { pack: ${pack} }\nscript:`)
      .replace('expect: need', 'expect: tablet'));
    expect(linesOf(() => check(ownSign('my-class')))).toEqual([
      'market.signscene/scene.yaml: signs.tablet.reference.pack: no sign pack "my-class" here (packs: rth-signs, gislr-hello-thankyou): import the pack that has the sign first',
    ]);
    expect(check(ownSign('my-class'), SHIPPED, new Map(), new Set([...SHIPPED_PACKS, 'my-class'])).signs.tablet.reference.pack).toBe('my-class');
  });
});

describe('scene folders', () => {
  const files = () => ({ ...pharmacyCopy().art, 'scene.yaml': pharmacyCopy().yaml, 'README.md': '# notes', 'scene.yaml~': 'backup' });

  it('keep scene.yaml and the SVG pictures, leaving other files out', () => {
    const bundle = bundleFromFolder('market', files());
    expect(Object.keys(bundle.art).sort()).toEqual(['background.svg', 'pharmacist.svg']);
    expect(check(bundle).file).toBe('market/scene.yaml');
  });

  it('are refused without scene.yaml, or with a picture that is not an SVG, naming the file', () => {
    const { 'scene.yaml': _, ...noScene } = files();
    expect(linesOf(() => bundleFromFolder('market', noScene))).toEqual(['market: has no scene.yaml (a scene folder holds scene.yaml and its SVG pictures)']);
    expect(linesOf(() => bundleFromFolder('market', { ...files(), 'pharmacist.svg': '<?xml version="1.0"?><html/>' }))).toEqual(['market/pharmacist.svg: is not an SVG picture (its root element must be <svg>)']);
  });
});

describe('the scenes of this browser (IndexedDB)', () => {
  it('keeps a scene across reopening, with a blob: URL per picture, revoked when it is removed', async () => {
    const name = `local-scenes-${++db}`;
    const store = await LocalSceneStore.open(name);
    await store.put('market', pharmacyCopy());
    store.close();
    const reopened = await LocalSceneStore.open(name);
    const [scene] = reopened.scenes;
    expect(scene.bundle).toEqual(pharmacyCopy());
    const url = scene.artUrls['pharmacist.svg'];
    expect(url).toMatch(/^blob:/);
    expect(await resolveObjectURL(url)!.text()).toBe(pharmacyCopy().art['pharmacist.svg']);
    await reopened.remove('market');
    expect(reopened.scenes).toEqual([]);
    expect(resolveObjectURL(url)).toBeUndefined();
    reopened.close();
    expect((await LocalSceneStore.open(name)).scenes).toEqual([]);
  });

  it('without IndexedDB keeps scenes in memory and says why', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const store = await LocalSceneStore.open(`local-scenes-${++db}`);
    vi.unstubAllGlobals();
    expect(store.storageProblem).toBe('this browser has no IndexedDB');
    await store.put('market', pharmacyCopy());
    expect(store.get('market')!.artUrls['background.svg']).toMatch(/^blob:/);
    store.close();
  });

  it('loads a file, exports it, and the export loads in another browser as the same scene', async () => {
    const game = new GameState({} as GameServices);
    const store = await LocalSceneStore.open(`local-scenes-${++db}`);
    const stop = game.followLocalScenes(store);
    await game.sceneShelf!.loadFile(new File([encodeSignscene(pharmacyCopy())], 'market.signscene'));
    expect(game.sceneShelf!.state).toEqual({ kind: 'loaded', id: 'market', replaced: false });
    expect(game.library.scenes.map((s) => s.id)).toEqual(['tutorial', 'restaurant', 'hotel', 'pharmacy', 'market']);
    const market = game.library.scenes.find((s) => s.id === 'market')!;
    expect(market.background).toBe(store.get('market')!.artUrls['background.svg']);

    const exported = game.sceneShelf!.exportFile('market');
    expect(exported.name).toBe('market.signscene');
    const other = await LocalSceneStore.open(`local-scenes-${++db}`);
    const shelf = new SceneShelf(other, new GameState({} as GameServices));
    await shelf.loadFile(exported);
    expect(other.get('market')!.bundle).toEqual({ ...pharmacyCopy(), source: 'market.signscene' });
    // Loading it again replaces the stored scene (a teacher's edited version), never a shipped one.
    await game.sceneShelf!.loadFile(exported);
    expect(game.sceneShelf!.state).toEqual({ kind: 'loaded', id: 'market', replaced: true });
    await game.sceneShelf!.loadFile(new File([encodeSignscene(pharmacyCopy('hotel.signscene', (y) => y.replace('id: market', 'id: hotel')))], 'hotel.signscene'));
    expect(game.sceneShelf!.state).toMatchObject({ kind: 'refused', problems: ['hotel.signscene/scene.yaml: id: "hotel" is already used by src/scenes/hotel/scene.yaml (give this scene another id)'] });
    expect(store.scenes.map((s) => s.id)).toEqual(['market']);
    stop();
    store.close();
    other.close();
  });

  it('a folder read through the shelf is stored like a file', async () => {
    const game = new GameState({} as GameServices);
    const store = await LocalSceneStore.open(`local-scenes-${++db}`);
    game.followLocalScenes(store);
    const bundle = pharmacyCopy('market');
    const files = [['scene.yaml', bundle.yaml], ...Object.entries(bundle.art), ['old/scene.yaml', 'id: [']].map(([name, text]) => ({ path: `market/${name}`, file: new Blob([text]) }));
    await game.sceneShelf!.loadFolder(files);
    expect(game.sceneShelf!.state).toEqual({ kind: 'loaded', id: 'market', replaced: false });
    expect(store.get('market')!.bundle).toEqual(bundle);
    store.close();
  });
});

describe('a broken scene never takes the others down', () => {
  it('a broken bundled scene is listed and the other scenes stay playable', () => {
    const library = loadScenes({ ...BUNDLED_SCENES, scenes: { ...BUNDLED_SCENES.scenes, 'src/scenes/broken/scene.yaml': 'id: broken\ntitle: [' } });
    expect(library.scenes.map((s) => s.id)).toEqual(['tutorial', 'restaurant', 'hotel', 'pharmacy']);
    expect(library.problems.map(problemLine)).toEqual([expect.stringMatching(/^src\/scenes\/broken\/scene\.yaml: line 2: not valid YAML/)]);
  });

  it('lists every problem of every file, bundled and loaded', () => {
    const broken = pharmacyCopy('market.signscene', (y) => y.replace('expect: hurt', 'expect: hurts'));
    const library = loadScenes(
      { ...BUNDLED_SCENES, scenes: { ...BUNDLED_SCENES.scenes, 'src/scenes/hotel/scene.yaml': BUNDLED_SCENES.scenes['src/scenes/hotel/scene.yaml'].replace('expect: pillow', 'expect: pilow') } },
      { files: [{ file: 'market.signscene/scene.yaml', yaml: broken.yaml, art: (n) => n }], signs: (g) => g, glossSources: BROWSER_GLOSS_SOURCES, packs: () => SHIPPED_PACKS },
    );
    expect(library.scenes.map((s) => s.id)).toEqual(['tutorial', 'restaurant', 'pharmacy']);
    expect(library.problems.map(problemLine)).toEqual([
      `src/scenes/hotel/scene.yaml: script[6].expect: unknown gloss "pilow" (not in ${BROWSER_GLOSS_SOURCES} nor in the scene's signs)`,
      `market.signscene/scene.yaml: script[3].expect: unknown gloss "hurts" (not in ${BROWSER_GLOSS_SOURCES} nor in the scene's signs)`,
    ]);
  });

  it('a loaded scene whose local pack is removed is listed as broken; the pack back, it plays again', async () => {
    const game = new GameState({} as GameServices);
    const store = await LocalSceneStore.open(`local-scenes-${++db}`);
    game.localPacks = [packDefining('medicine')];
    game.followLocalScenes(store);
    await game.sceneShelf!.loadFile(new File([encodeSignscene(pharmacyCopy('market.signscene', (y) => y.replace('expect: need', 'expect: medicine')))], 'market.signscene'));
    expect(game.library.scenes.some((s) => s.id === 'market')).toBe(true);
    game.localPacks = [];
    expect(game.library.scenes.map((s) => s.id)).toEqual(['tutorial', 'restaurant', 'hotel', 'pharmacy']);
    expect(game.sceneProblems).toEqual([`market.signscene/scene.yaml: script[6].expect: unknown gloss "medicine" (not in ${BROWSER_GLOSS_SOURCES} nor in the scene's signs)`]);
    game.localPacks = [packDefining('medicine')];
    expect(game.sceneProblems).toEqual([]);
    expect(game.library.scenes.find((s) => s.id === 'market')!.signs.medicine.name.en).toBe('MEDICINE');
    store.close();
  });
});
