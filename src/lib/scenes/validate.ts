/**
 * Turns the YAML of a scene (and of the shared sign glossary) into checked data. Teachers
 * write these files by hand, so every problem is reported, each naming the file and the
 * field, e.g. `src/scenes/hotel/scene.yaml: script[3].expect: unknown gloss "pilow"`.
 */
import * as v from 'valibot';
import { parse, YAMLParseError } from 'yaml';
import { UI_LANGUAGES, type Localized } from '../i18n/languages';
import { fields, FileProblemError, mapOf, nonEmptyText, parseFile, pathTo, type ProblemIn } from '../files/problems';
import { isFileName, relativePath } from '../files/paths';
import { RECORDING_EXTENSION } from '../recording/format';
import type { Glossary, Scene, ScriptStep, SignInfo } from './types';

export class SceneError extends FileProblemError {
  override name = 'SceneError';
}

/** Sign languages a scene may teach (ISO 639-3). Only ASL has reference signs so far. */
export const SIGN_LANGUAGES = ['ase'] as const;

const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const ID_RULE = 'lower-case letters, digits and dashes only';

const id = (rule = ID_RULE) => v.pipe(nonEmptyText(), v.regex(ID_PATTERN, rule));

function parseYaml(text: string, file: string): unknown {
  try {
    return parse(text);
  } catch (e) {
    if (!(e instanceof YAMLParseError)) throw e;
    const line = e.linePos?.[0];
    throw new SceneError(file, [{ field: line ? `line ${line.line}` : '', message: `not valid YAML (${e.message.split('\n')[0]})` }]);
  }
}

const LANGUAGES = `give a text for each of ${UI_LANGUAGES.join(', ')}`;

const localized = v.pipe(
  fields(Object.fromEntries(UI_LANGUAGES.map((lang) => [lang, nonEmptyText()])) as Record<keyof Localized, ReturnType<typeof nonEmptyText>>, `must ${LANGUAGES}`),
  v.description(LANGUAGES),
);

const reference = v.pipe(
  fields({
    pack: v.pipe(id(`a pack is a folder under public/signs/: ${ID_RULE}`), v.description('the folder under public/signs/')),
    file: v.optional(relativePath(RECORDING_EXTENSION)),
  }, 'must give the pack, and optionally the file, of the reference recording'),
  v.description('give the pack, and optionally the file, of the reference recording'),
);

const glossary = v.pipe(
  mapOf(
    v.pipe(v.string(), v.regex(ID_PATTERN, 'a gloss is lower-case letters, digits and dashes')),
    fields({ name: localized, description: localized, citation: v.optional(localized), reference }, 'must have name, description and reference (and, for a one-handed example of a two-handed sign, its citation form)'),
    'must map each gloss to its name, description and reference',
  ),
  v.transform((entries): Glossary => Object.fromEntries(Object.entries(entries).map(([gloss, e]): [string, SignInfo] => [gloss, { gloss, ...e }]))),
);

/** Parses the shared glossary (src/scenes/signs.yaml). */
export function parseGlossaryFile(yamlText: string, file: string): Glossary {
  return parseFile(glossary, parseYaml(yamlText, file), file, SceneError);
}

export interface SceneFiles {
  /** Path of scene.yaml, e.g. `src/scenes/hotel/scene.yaml`. */
  file: string;
  yaml: string;
  /** URL of an art file in the scene's folder, by file name; undefined when there is no such file. */
  art: (fileName: string) => string | undefined;
}

/** Where the glosses of bundled scenes are looked up, as an unknown gloss's message names it. */
export const SHIPPED_GLOSSARY = 'src/scenes/signs.yaml';

/** What a scene's references are checked against: known glosses and characters, and its folder's art. */
interface SceneContext {
  glosses: ReadonlySet<string>;
  /** Where the glosses were looked up, e.g. `src/scenes/signs.yaml`. */
  glossSources: string;
  /** The sign packs a scene's own signs may take their reference from; unchecked when undefined. */
  packs?: ReadonlySet<string>;
  characterIds: readonly string[];
  art: SceneFiles['art'];
}

function artFile(ctx: SceneContext) {
  const message = 'missing (name an SVG file in the scene folder)';
  return v.pipe(
    v.string(message),
    v.nonEmpty(message),
    v.check(
      (name) => isFileName(name) && ctx.art(name) !== undefined,
      (issue) => (isFileName(issue.input) ? `no file "${issue.input}" in the scene folder` : `${JSON.stringify(issue.input)} must be a file name in the scene folder (no folders, no "..")`),
    ),
    v.transform((name) => ctx.art(name)!),
    v.description('name an SVG file in the scene folder'),
  );
}

/** A gloss or a list of glosses, each of which must be in the glossary. */
function glossList(ctx: SceneContext) {
  const gloss = v.pipe(
    v.string('must be a gloss (text)'),
    v.check((g) => ctx.glosses.has(g), (issue) => `unknown gloss "${issue.input}" (not in ${ctx.glossSources} nor in the scene's signs)`),
  );
  const message = 'must be a gloss or a list of glosses';
  const list: v.GenericSchema<unknown, string[]> = v.pipe(v.array(gloss, message), v.minLength(1, message));
  const one: v.GenericSchema<unknown, string[]> = v.pipe(gloss, v.transform((g) => [g]));
  return v.lazy((input) => (typeof input === 'string' ? one : list));
}

const STEP_KINDS = ['say', 'expect', 'check'] as const;

function stepSchema(ctx: SceneContext) {
  const say = v.pipe(
    fields({
      say: v.pipe(nonEmptyText(), v.check((c) => ctx.characterIds.includes(c), (issue) => `unknown character "${issue.input}" (characters: ${ctx.characterIds.join(', ')})`)),
      text: localized,
    }, 'must be a step'),
    v.transform((s): ScriptStep => ({ kind: 'say', character: s.say, text: s.text })),
  );
  const expect = v.pipe(
    fields({ expect: glossList(ctx), choices: v.optional(glossList(ctx)), prompt: localized }, 'must be a step'),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed || !dataset.value.choices) return;
      const { expect: glosses, choices } = dataset.value;
      for (const g of glosses) {
        if (!choices.includes(g)) {
          addIssue({ message: `"${g}" is not one of the choices`, path: pathTo(dataset.value, 'expect') });
        }
      }
    }),
    v.transform((s): ScriptStep => ({ kind: 'sign', expect: s.expect, choices: s.choices ?? [], prompt: s.prompt })),
  );
  const check = v.pipe(
    fields({ check: v.picklist(['camera'], (issue) => `unknown check "${String(issue.input)}" (known: camera)`), prompt: localized }, 'must be a step'),
    v.transform((s): ScriptStep => ({ kind: 'camera-check', prompt: s.prompt })),
  );
  const refuse = (message: string) => v.custom<never>(() => false, message);
  return v.lazy((input) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return refuse('must be a step with say, expect or check');
    const kinds = STEP_KINDS.filter((k) => k in input);
    if (kinds.length !== 1) {
      return refuse(kinds.length ? `has ${kinds.join(' and ')}: a step is exactly one of say, expect, check` : 'a step needs one of say, expect, check');
    }
    return { say, expect, check }[kinds[0]];
  });
}

function sceneSchema(ctx: SceneContext) {
  const character = fields({ id: nonEmptyText(), name: localized, art: artFile(ctx) }, 'must have id, name and art');
  return fields({
    id: id(),
    order: v.optional(v.number('must be a number'), 100),
    title: localized,
    summary: localized,
    language: v.pipe(
      nonEmptyText(),
      v.check((l) => (SIGN_LANGUAGES as readonly string[]).includes(l), (issue) => `"${issue.input}" has no reference signs (supported: ${SIGN_LANGUAGES.join(', ')})`),
    ),
    background: artFile(ctx),
    characters: v.pipe(
      v.array(character, 'must list at least one character'),
      v.minLength(1, 'must list at least one character'),
      v.rawCheck(({ dataset, addIssue }) => {
        if (!dataset.typed) return;
        dataset.value.forEach((c, i) => {
          if (dataset.value.findIndex((other) => other.id === c.id) < i) {
            addIssue({ message: `"${c.id}" is used twice`, path: pathTo(dataset.value, i, 'id') });
          }
        });
      }),
    ),
    script: v.pipe(
      v.array(stepSchema(ctx), 'must list the steps of the story'),
      v.minLength(1, 'must list the steps of the story'),
      v.check((steps) => steps.some((s) => s.kind === 'sign'), 'has no sign step (a step with expect)'),
    ),
    signs: v.optional(v.pipe(glossary, v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed || !ctx.packs) return;
      for (const [gloss, sign] of Object.entries(dataset.value)) {
        if (ctx.packs.has(sign.reference.pack)) continue;
        addIssue({ message: `no sign pack "${sign.reference.pack}" here (packs: ${[...ctx.packs].join(', ')}): import the pack that has the sign first`, path: pathTo(dataset.value, gloss, 'reference', 'pack') });
      }
    })), {}),
  }, `must be a YAML map with the fields id, order, title, summary, language, background, characters, script, signs`);
}

/** The raw keys a document gives for `key`'s map, or the raw ids of its list, before checking. */
function rawKeys(doc: unknown, key: string): string[] {
  const value = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>)[key] : undefined;
  if (Array.isArray(value)) return value.flatMap((c) => (typeof c?.id === 'string' ? [c.id.trim()] : []));
  return typeof value === 'object' && value !== null ? Object.keys(value) : [];
}

/**
 * Validates one scene against the shared glossary (`glossSources` says where its signs come
 * from, for messages) and, when given, the sign packs its own signs may use. Throws
 * SceneError listing every problem.
 */
export function parseScene(files: SceneFiles, sharedGlossary: Glossary, glossSources = SHIPPED_GLOSSARY, packs?: ReadonlySet<string>): Scene {
  const doc = parseYaml(files.yaml, files.file);
  // References are checked against what the document declares, even where a declaration is itself faulty,
  // so one run reports both.
  const ctx: SceneContext = {
    glosses: new Set([...Object.keys(sharedGlossary), ...rawKeys(doc, 'signs')]),
    glossSources,
    packs,
    characterIds: [...new Set(rawKeys(doc, 'characters'))],
    art: files.art,
  };
  const { id, order, title, summary, language, background, characters, script, signs: own } = parseFile(sceneSchema(ctx), doc, files.file, SceneError);
  const signs: Glossary = { ...sharedGlossary, ...own };
  const used = new Set(script.flatMap((s) => (s.kind === 'sign' ? [...s.expect, ...s.choices] : [])));
  return {
    id, file: files.file, order, title, summary, language, background, characters, script,
    signs: Object.fromEntries(Object.entries(signs).filter(([g]) => used.has(g))),
  };
}

/** The problem of a scene whose id a scene checked before it has. */
export function idTaken(id: string, otherFile: string): ProblemIn {
  return { field: 'id', message: `"${id}" is already used by ${otherFile} (give this scene another id)` };
}
