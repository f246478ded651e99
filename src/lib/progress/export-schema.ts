/**
 * The schema of a progress export (the file "Export progress" writes and "Import" reads).
 * Parsing happens before anything is merged, so a refused file changes nothing stored.
 */
import * as v from 'valibot';
import { count, FileProblemError, finiteNumber, knownFields, mapOf, parseFile, parseJsonText, pathTo } from '../files/problems';
import { TOP_BOX, type SignCard, type Stars } from './srs';
import type { ProgressSnapshot, SceneProgress } from './store';

export const EXPORT_FORMAT = 'signquest-progress';
export const EXPORT_VERSION = 1;

export class ProgressImportError extends FileProblemError {
  override name = 'ProgressImportError';
}

const ID = /^[a-z0-9][a-z0-9-]*$/;
const id = (what: string) => v.pipe(v.string(), v.regex(ID, `is not a ${what} (lower-case letters, digits and dashes)`));
const stars = v.picklist([0, 1, 2, 3] as Stars[], 'must be 0, 1, 2 or 3 stars');
const time = finiteNumber('must be a time (ms since 1970)');

/** `entries`, whose key must equal the entry's `keyField`. */
function keyedBy<S extends v.GenericSchema<unknown, Record<string, unknown>>>(key: v.GenericSchema<string, string>, entry: S, keyField: string, notAMap: string) {
  return v.pipe(
    mapOf(key, entry, notAMap),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      for (const [k, e] of Object.entries(dataset.value)) {
        if ((e as Record<string, unknown>)[keyField] !== k) {
          addIssue({ message: `has ${keyField} "${String((e as Record<string, unknown>)[keyField])}" under "${k}": the file is damaged`, path: pathTo(dataset.value, k) });
        }
      }
    }),
  );
}

const SceneProgressSchema = knownFields({
  sceneId: v.string('must be the scene id'),
  stepStars: mapOf(v.pipe(v.string(), v.regex(/^\d+$/, 'is not a step number')), stars, 'must give the stars per step'),
  completed: v.boolean('must be true or false'),
  updatedAt: time,
}, 'must be a scene\'s progress');

const SignCardSchema = knownFields({
  gloss: v.string('must be the gloss'),
  box: v.pipe(count(`must be a box from 0 to ${TOP_BOX}`), v.maxValue(TOP_BOX, `must be a box from 0 to ${TOP_BOX}`)),
  dueAt: time,
  lastStars: stars,
  reviews: count('must be a whole number of reviews'),
  updatedAt: time,
}, 'must be a sign\'s review card');

const ExportVersionSchema = v.looseObject({
  format: v.literal(EXPORT_FORMAT, 'is not a SignQuest progress file'),
  version: v.literal(EXPORT_VERSION, (i) => `has version ${i.received}; this game reads version ${EXPORT_VERSION}`),
}, 'is not a SignQuest progress file');

const ProgressExportSchema = knownFields({
  scenes: v.optional(keyedBy(id('scene id'), SceneProgressSchema, 'sceneId', 'must map scene ids to their progress'), {}),
  signs: v.optional(keyedBy(id('gloss'), SignCardSchema, 'gloss', 'must map glosses to their review cards'), {}),
}, 'is not a SignQuest progress file');

/** The progress in an exported file's text; throws ProgressImportError naming the file and each damaged field. */
export function parseProgressExport(text: string, fileName: string): ProgressSnapshot {
  const json = parseJsonText(text, fileName, ProgressImportError);
  const problem = v.safeParse(ExportVersionSchema, json);
  // The format's own message stands alone: "is not a SignQuest progress file", "has version 9".
  if (!problem.success) throw new ProgressImportError(fileName, problem.issues[0].message);
  const data = parseFile(ProgressExportSchema, json, fileName, ProgressImportError);
  return { scenes: data.scenes as Record<string, SceneProgress>, signs: data.signs as Record<string, SignCard> };
}
