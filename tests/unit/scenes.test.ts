import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadBundledScenes } from '../../src/lib/scenes/bundled';
import { loadScenes } from '../../src/lib/scenes/loader';
import { parseGlossaryFile, parseScene, SceneError } from '../../src/lib/scenes/validate';
import { acceptedGlosses, type SignStep } from '../../src/lib/scenes/types';
import { problemLine } from '../../src/lib/files/problems';

const FILE = 'src/scenes/test/scene.yaml';
const GLOSSARY = parseGlossaryFile(readFileSync('src/scenes/signs.yaml', 'utf8'), 'src/scenes/signs.yaml');
const ART = new Set(['bg.svg', 'host.svg']);

const GOOD = `
id: test
title: { en: Test, ja: テスト }
summary: { en: A test scene., ja: テストの場面。 }
language: ase
background: bg.svg
characters:
  - id: host
    name: { en: Host, ja: ホスト }
    art: host.svg
script:
  - say: host
    text: { en: Hello!, ja: こんにちは！ }
  - expect: [hi, hello]
    prompt: { en: Greet., ja: あいさつ。 }
  - expect: coffee
    choices: [coffee, juice]
    prompt: { en: Order., ja: 注文。 }
`;

function parse(yaml: string) {
  return parseScene({ file: FILE, yaml, art: (name) => (ART.has(name) ? `/art/${name}` : undefined) }, GLOSSARY);
}

/** The problems reported for a scene made from GOOD with one replacement. */
function problemsOf(from: string, to: string): string[] {
  const yaml = GOOD.replace(from, to);
  expect(yaml, `test setup: "${from}" not found`).not.toBe(GOOD);
  try {
    parse(yaml);
  } catch (e) {
    expect(e).toBeInstanceOf(SceneError);
    return (e as SceneError).lines;
  }
  throw new Error('the scene was accepted');
}

describe('scene validator', () => {
  it('accepts a good scene and resolves art, steps and signs', () => {
    const scene = parse(GOOD);
    expect(scene.id).toBe('test');
    expect(scene.background).toBe('/art/bg.svg');
    expect(scene.characters[0].art).toBe('/art/host.svg');
    expect(scene.script.map((s) => s.kind)).toEqual(['say', 'sign', 'sign']);
    const menu = scene.script[2] as SignStep;
    expect(acceptedGlosses(menu)).toEqual(['coffee', 'juice']);
    expect(acceptedGlosses(scene.script[1] as SignStep)).toEqual(['hi', 'hello']);
    expect(Object.keys(scene.signs).sort()).toEqual(['coffee', 'hello', 'hi', 'juice']);
  });

  it.each([
    ['unknown gloss', 'expect: coffee', 'expect: cofee', 'script[2].expect: unknown gloss "cofee"'],
    ['unknown gloss in a list', 'expect: [hi, hello]', 'expect: [hi, helo]', 'script[1].expect[1]: unknown gloss "helo"'],
    ['unknown choice', 'choices: [coffee, juice]', 'choices: [coffee, jiuce]', 'script[2].choices[1]: unknown gloss "jiuce"'],
    ['expect outside the menu', 'choices: [coffee, juice]', 'choices: [juice, soda]', 'script[2].expect: "coffee" is not one of the choices'],
    ['unknown character', 'say: host', 'say: hots', 'script[0].say: unknown character "hots"'],
    ['missing translation', 'text: { en: Hello!, ja: こんにちは！ }', 'text: { en: Hello! }', 'script[0].text.ja: missing'],
    ['missing title', 'title: { en: Test, ja: テスト }\n', '', 'title: missing'],
    ['missing art file', 'art: host.svg', 'art: hots.svg', 'characters[0].art: no file "hots.svg" in the scene folder'],
    ['missing background', 'background: bg.svg', 'background: none.svg', 'background: no file "none.svg"'],
    ['unsupported sign language', 'language: ase', 'language: jsl', 'language: "jsl" has no reference signs'],
    ['misspelt field', 'prompt: { en: Greet., ja: あいさつ。 }', 'promt: { en: Greet., ja: あいさつ。 }', 'script[1].promt: unknown field'],
    ['step of no kind', '  - say: host\n    text', '  - sai: host\n    text', 'script[0]: a step needs one of say, expect, check'],
    ['bad id', 'id: test', 'id: Test Scene', 'id: lower-case letters'],
    ['invalid YAML', 'id: test', 'id: [test', 'not valid YAML'],
  ])('%s gives an error naming the file and the field', (_name, from, to, message) => {
    const problems = problemsOf(from, to);
    expect(problems.some((p) => p.startsWith(`${FILE}: `) && p.includes(message)), problems.join('\n')).toBe(true);
  });

  it('an empty script gives an error naming the field', () => {
    expect(() => parse(GOOD.slice(0, GOOD.indexOf('script:')) + 'script: []\n')).toThrow(`${FILE}: script: must list the steps`);
  });

  it('reports every problem of a file at once', () => {
    let problems: string[] = [];
    try {
      parse(GOOD.replace('say: host', 'say: nobody').replace('expect: coffee', 'expect: tea'));
    } catch (e) {
      problems = (e as SceneError).lines;
    }
    expect(problems).toEqual([
      `${FILE}: script[0].say: unknown character "nobody" (characters: host)`,
      `${FILE}: script[2].expect: unknown gloss "tea" (not in src/scenes/signs.yaml nor in the scene's signs)`,
    ]);
  });

  it('lists every problem of one object, misspelt fields and all', () => {
    expect(problemsOf('prompt: { en: Greet., ja: あいさつ。 }', 'promt: { en: Greet. }\n    choise: [hi]')).toEqual([
      `${FILE}: script[1].prompt: missing (give a text for each of en, ja)`,
      `${FILE}: script[1].promt: unknown field (expected one of expect, choices, prompt)`,
      `${FILE}: script[1].choise: unknown field (expected one of expect, choices, prompt)`,
    ]);
  });

  it('rejects a glossary entry without a reference, naming the gloss', () => {
    const bad = 'tea:\n  name: { en: TEA, ja: お茶 }\n  description: { en: Dip a tea bag., ja: ティーバッグを浸す。 }\n';
    expect(() => parseGlossaryFile(bad, 'src/scenes/signs.yaml')).toThrow('src/scenes/signs.yaml: tea.reference: missing');
  });

  it('lets a scene add its own signs', () => {
    const withOwn = GOOD.replace('script:', `signs:\n  tea:\n    name: { en: TEA, ja: お茶 }\n    description: { en: Dip a tea bag., ja: 浸す。 }\n    reference: { pack: my-pack, file: tea.signrec }\nscript:`)
      .replace('expect: coffee', 'expect: tea').replace('choices: [coffee, juice]', 'choices: [tea, juice]');
    const scene = parse(withOwn);
    expect(scene.signs.tea.reference).toEqual({ pack: 'my-pack', file: 'tea.signrec' });
  });

  it('rejects two scenes with the same id, naming both files', () => {
    const sources = {
      glossary: { file: 'src/scenes/signs.yaml', yaml: readFileSync('src/scenes/signs.yaml', 'utf8') },
      scenes: { 'src/scenes/a/scene.yaml': GOOD, 'src/scenes/b/scene.yaml': GOOD },
      art: { 'src/scenes/a/bg.svg': 'a', 'src/scenes/a/host.svg': 'a', 'src/scenes/b/bg.svg': 'b', 'src/scenes/b/host.svg': 'b' },
    };
    const library = loadScenes(sources);
    expect(library.problems.map(problemLine)).toEqual(['src/scenes/b/scene.yaml: id: "test" is already used by src/scenes/a/scene.yaml (give this scene another id)']);
    expect(library.scenes.map((s) => s.file)).toEqual(['src/scenes/a/scene.yaml']);
  });
});

describe('shipped scenes', () => {
  const { scenes, glossary } = loadBundledScenes();
  const byId = Object.fromEntries(scenes.map((s) => [s.id, s]));
  const signSteps = (id: string) => byId[id].script.filter((s): s is SignStep => s.kind === 'sign');

  it('are tutorial, restaurant, hotel and pharmacy, in that order', () => {
    expect(scenes.map((s) => s.id)).toEqual(['tutorial', 'restaurant', 'hotel', 'pharmacy']);
  });

  it('tutorial checks the camera before the first sign', () => {
    const kinds = byId.tutorial.script.map((s) => s.kind);
    expect(kinds.indexOf('camera-check')).toBeGreaterThanOrEqual(0);
    expect(kinds.indexOf('camera-check')).toBeLessThan(kinds.indexOf('sign'));
  });

  it('restaurant, hotel and pharmacy each have at least 8 sign steps', () => {
    for (const id of ['restaurant', 'hotel', 'pharmacy']) expect(signSteps(id).length, id).toBeGreaterThanOrEqual(8);
  });

  it('pharmacy says it hurts, asks for help and picks when to take the medicine from a menu', () => {
    const glosses = signSteps('pharmacy').flatMap((s) => s.expect);
    for (const g of ['hurt', 'tired', 'need', 'help', 'buy', 'thankyou', 'night-night']) expect(glosses).toContain(g);
    expect(signSteps('pharmacy').map((s) => s.choices)).toContainEqual(['today', 'tonight']);
  });

  it('restaurant orders a drink and a dish from menus', () => {
    const menus = signSteps('restaurant').filter((s) => s.choices.length > 1).map((s) => s.choices);
    expect(menus).toContainEqual(expect.arrayContaining(['coffee', 'juice']));
    expect(menus.some((m) => m.includes('chicken'))).toBe(true);
  });

  it('hotel covers pillow, the broken bathroom light, help and good night', () => {
    const glosses = signSteps('hotel').flatMap((s) => s.expect);
    for (const g of ['tired', 'pillow', 'bathroom', 'light', 'broken', 'help', 'thankyou', 'night-night']) expect(glosses).toContain(g);
  });

  it('every glossary sign names a reference pack shipped under public/signs/', () => {
    for (const info of Object.values(glossary)) expect(['rth-signs', 'gislr-hello-thankyou']).toContain(info.reference.pack);
  });
});

describe('the one-handed forms of two-handed signs', () => {
  it('name the citation form in every language where the studio take is one-handed', () => {
    expect(GLOSSARY['want-to'].citation?.en).toMatch(/^Both hands/);
    expect(GLOSSARY.coffee.citation?.ja).toBeTruthy();
    // One-handed signs have no citation note.
    expect(GLOSSARY.hi.citation).toBeUndefined();
    expect(GLOSSARY.eat.citation).toBeUndefined();
  });

  it('reports a citation missing a language by file and field', () => {
    const bad = 'tea:\n  name: { en: TEA, ja: お茶 }\n  description: { en: d, ja: d }\n  citation: { en: Both hands. }\n  reference: { pack: p }\n';
    expect(() => parseGlossaryFile(bad, 'src/scenes/signs.yaml')).toThrow('src/scenes/signs.yaml: tea.citation.ja: missing');
  });
});
