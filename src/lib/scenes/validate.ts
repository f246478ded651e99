/**
 * Turns the YAML of a scene (and of the shared sign glossary) into checked data. Teachers
 * write these files by hand, so every problem is reported, each naming the file and the
 * field, e.g. `src/scenes/hotel/scene.yaml: script[3].expect: unknown gloss "pilow"`.
 */
import { parse, YAMLParseError } from 'yaml';
import { UI_LANGUAGES, type Localized } from '../i18n/languages';
import type { Character, Glossary, Scene, ScriptStep, SignInfo } from './types';

export class SceneError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'SceneError';
  }
}

/** Sign languages a scene may teach (ISO 639-3). Only ASL has reference signs so far. */
export const SIGN_LANGUAGES = ['ase'] as const;

const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/** Collects problems for one file; `at(path)` prefixes field paths. */
class Problems {
  readonly list: string[] = [];
  constructor(private readonly file: string) {}
  add(field: string, problem: string): void {
    this.list.push(field ? `${this.file}: ${field}: ${problem}` : `${this.file}: ${problem}`);
  }
}

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseYaml(text: string, p: Problems): unknown {
  try {
    return parse(text);
  } catch (e) {
    if (e instanceof YAMLParseError) {
      const line = e.linePos?.[0];
      p.add(line ? `line ${line.line}` : '', `not valid YAML (${e.message.split('\n')[0]})`);
      return undefined;
    }
    throw e;
  }
}

function checkKnownFields(obj: Obj, allowed: readonly string[], field: string, p: Problems): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) p.add(field ? `${field}.${key}` : key, `unknown field (expected one of ${allowed.join(', ')})`);
  }
}

function text(obj: Obj, key: string, field: string, p: Problems): string {
  const v = obj[key];
  if (typeof v === 'string' && v.trim()) return v.trim();
  p.add(field, v === undefined ? 'missing' : 'must be a non-empty text');
  return '';
}

function localized(v: unknown, field: string, p: Problems): Localized {
  const out = {} as Localized;
  if (!isObject(v)) {
    p.add(field, v === undefined ? `missing (give a text for each of ${UI_LANGUAGES.join(', ')})` : `must give a text for each of ${UI_LANGUAGES.join(', ')}`);
    for (const lang of UI_LANGUAGES) out[lang] = '';
    return out;
  }
  checkKnownFields(v, UI_LANGUAGES, field, p);
  for (const lang of UI_LANGUAGES) out[lang] = text(v, lang, `${field}.${lang}`, p);
  return out;
}

/** A gloss or a list of glosses, each of which must be in the glossary. */
function glossList(v: unknown, field: string, glossary: Glossary, p: Problems): string[] {
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || list.length === 0) {
    p.add(field, 'must be a gloss or a list of glosses');
    return [];
  }
  return list.flatMap((g, i) => {
    const f = Array.isArray(v) ? `${field}[${i}]` : field;
    if (typeof g !== 'string') {
      p.add(f, 'must be a gloss (text)');
      return [];
    }
    if (!glossary[g]) {
      p.add(f, `unknown gloss "${g}" (not in src/scenes/signs.yaml nor in the scene's signs)`);
      return [];
    }
    return [g];
  });
}

/** Parses the shared glossary (src/scenes/signs.yaml) or a scene's own `signs` map. */
export function parseGlossary(v: unknown, field: string, p: Problems): Glossary {
  const glossary: Glossary = {};
  if (!isObject(v)) {
    p.add(field, 'must map each gloss to its name, description and reference');
    return glossary;
  }
  for (const [gloss, entry] of Object.entries(v)) {
    const f = field ? `${field}.${gloss}` : gloss;
    if (!ID_PATTERN.test(gloss)) p.add(f, 'a gloss is lower-case letters, digits and dashes');
    if (!isObject(entry)) {
      p.add(f, 'must have name, description and reference');
      continue;
    }
    checkKnownFields(entry, ['name', 'description', 'citation', 'reference'], f, p);
    const info: SignInfo = {
      gloss,
      name: localized(entry.name, `${f}.name`, p),
      description: localized(entry.description, `${f}.description`, p),
      ...(entry.citation !== undefined && { citation: localized(entry.citation, `${f}.citation`, p) }),
      reference: { pack: '' },
    };
    const ref = entry.reference;
    if (!isObject(ref)) {
      p.add(`${f}.reference`, 'missing (give the pack, and optionally the file, of the reference recording)');
    } else {
      checkKnownFields(ref, ['pack', 'file'], `${f}.reference`, p);
      info.reference.pack = text(ref, 'pack', `${f}.reference.pack`, p);
      if (ref.file !== undefined) info.reference.file = text(ref, 'file', `${f}.reference.file`, p);
    }
    glossary[gloss] = info;
  }
  return glossary;
}

export function parseGlossaryFile(yamlText: string, file: string): Glossary {
  const p = new Problems(file);
  const doc = parseYaml(yamlText, p);
  const glossary = p.list.length ? {} : parseGlossary(doc, '', p);
  if (p.list.length) throw new SceneError(p.list);
  return glossary;
}

export interface SceneFiles {
  /** Path of scene.yaml, e.g. `src/scenes/hotel/scene.yaml`. */
  file: string;
  yaml: string;
  /** URL of an art file in the scene's folder, by file name; undefined when there is no such file. */
  art: (fileName: string) => string | undefined;
}

const SCENE_FIELDS = ['id', 'order', 'title', 'summary', 'language', 'background', 'characters', 'script', 'signs'] as const;

/** Validates one scene against the shared glossary. Throws SceneError listing every problem. */
export function parseScene(files: SceneFiles, sharedGlossary: Glossary): Scene {
  const p = new Problems(files.file);
  const doc = parseYaml(files.yaml, p);
  if (p.list.length) throw new SceneError(p.list);
  if (!isObject(doc)) throw new SceneError([`${files.file}: must be a YAML map with the fields ${SCENE_FIELDS.join(', ')}`]);
  checkKnownFields(doc, SCENE_FIELDS, '', p);

  const id = text(doc, 'id', 'id', p);
  if (id && !ID_PATTERN.test(id)) p.add('id', 'lower-case letters, digits and dashes only');
  const order = doc.order ?? 100;
  if (typeof order !== 'number') p.add('order', 'must be a number');
  const language = text(doc, 'language', 'language', p);
  if (language && !(SIGN_LANGUAGES as readonly string[]).includes(language)) {
    p.add('language', `"${language}" has no reference signs (supported: ${SIGN_LANGUAGES.join(', ')})`);
  }
  const signs: Glossary = { ...sharedGlossary, ...(doc.signs === undefined ? {} : parseGlossary(doc.signs, 'signs', p)) };

  const artUrl = (v: unknown, field: string): string => {
    if (typeof v !== 'string' || !v) {
      p.add(field, 'missing (name an SVG file in the scene folder)');
      return '';
    }
    const url = files.art(v);
    if (!url) p.add(field, `no file "${v}" in the scene folder`);
    return url ?? '';
  };

  const characters: Character[] = [];
  if (!Array.isArray(doc.characters) || doc.characters.length === 0) {
    p.add('characters', 'must list at least one character');
  } else {
    doc.characters.forEach((c, i) => {
      const f = `characters[${i}]`;
      if (!isObject(c)) return p.add(f, 'must have id, name and art');
      checkKnownFields(c, ['id', 'name', 'art'], f, p);
      const cid = text(c, 'id', `${f}.id`, p);
      if (characters.some((other) => other.id === cid)) p.add(`${f}.id`, `"${cid}" is used twice`);
      characters.push({ id: cid, name: localized(c.name, `${f}.name`, p), art: artUrl(c.art, `${f}.art`) });
    });
  }

  const script: ScriptStep[] = [];
  if (!Array.isArray(doc.script) || doc.script.length === 0) {
    p.add('script', 'must list the steps of the story');
  } else {
    doc.script.forEach((s, i) => {
      const step = parseStep(s, `script[${i}]`, characters, signs, p);
      if (step) script.push(step);
    });
    if (!script.some((s) => s.kind === 'sign')) p.add('script', 'has no sign step (a step with expect)');
  }

  const title = localized(doc.title, 'title', p);
  const summary = localized(doc.summary, 'summary', p);
  const background = artUrl(doc.background, 'background');
  if (p.list.length) throw new SceneError(p.list);
  const used = new Set(script.flatMap((s) => (s.kind === 'sign' ? [...s.expect, ...s.choices] : [])));
  return {
    id, file: files.file, order: order as number, title, summary, language, background, characters, script,
    signs: Object.fromEntries(Object.entries(signs).filter(([g]) => used.has(g))),
  };
}

function parseStep(s: unknown, f: string, characters: Character[], signs: Glossary, p: Problems): ScriptStep | undefined {
  if (!isObject(s)) {
    p.add(f, 'must be a step with say, expect or check');
    return undefined;
  }
  const kinds = (['say', 'expect', 'check'] as const).filter((k) => k in s);
  if (kinds.length !== 1) {
    p.add(f, kinds.length ? `has ${kinds.join(' and ')}: a step is exactly one of say, expect, check` : 'a step needs one of say, expect, check');
    return undefined;
  }
  switch (kinds[0]) {
    case 'say': {
      checkKnownFields(s, ['say', 'text'], f, p);
      const character = text(s, 'say', `${f}.say`, p);
      if (character && !characters.some((c) => c.id === character)) {
        p.add(`${f}.say`, `unknown character "${character}" (characters: ${characters.map((c) => c.id).join(', ')})`);
      }
      return { kind: 'say', character, text: localized(s.text, `${f}.text`, p) };
    }
    case 'expect': {
      checkKnownFields(s, ['expect', 'choices', 'prompt'], f, p);
      const expect = glossList(s.expect, `${f}.expect`, signs, p);
      const choices = s.choices === undefined ? [] : glossList(s.choices, `${f}.choices`, signs, p);
      if (choices.length) {
        for (const g of expect) if (!choices.includes(g)) p.add(`${f}.expect`, `"${g}" is not one of the choices`);
      }
      return { kind: 'sign', expect, choices, prompt: localized(s.prompt, `${f}.prompt`, p) };
    }
    case 'check': {
      checkKnownFields(s, ['check', 'prompt'], f, p);
      if (s.check !== 'camera') p.add(`${f}.check`, `unknown check "${String(s.check)}" (known: camera)`);
      return { kind: 'camera-check', prompt: localized(s.prompt, `${f}.prompt`, p) };
    }
  }
}

/** Checks scenes together: ids must be unique. */
export function checkSceneSet(scenes: Scene[]): void {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const s of scenes) {
    const other = seen.get(s.id);
    if (other) problems.push(`${s.file}: id: "${s.id}" is already used by ${other}`);
    seen.set(s.id, s.file);
  }
  if (problems.length) throw new SceneError(problems);
}
