/**
 * The schema of a sign pack's `index.json` (pack.ts builds and queries indexes): the game,
 * the `signs` command line and sign-pack bundles all read packs through `parsePackIndex`.
 * A recording's `file` is a relative path inside the pack folder (files/paths.ts), so an
 * index can never point a Node path join or a URL outside its pack.
 */
import * as v from 'valibot';
import { count, FileProblemError, knownFields, nonEmptyString, numberIn, parseFile, pathTo } from '../files/problems';
import { relativePath } from '../files/paths';
import { RECORDING_EXTENSION } from './format';

export const PACK_INDEX_FILE = 'index.json';
export const PACK_FORMAT = 'signquest-pack';
export const PACK_VERSION = 1;

export class PackFormatError extends FileProblemError {
  override name = 'PackFormatError';
}

/** A recording's file name inside a pack: a relative path ending in `.signrec`. */
export const PackFileSchema = relativePath(RECORDING_EXTENSION);

const text = nonEmptyString();
const share = numberIn(0, 1, 'must be a share of frames from 0 to 1');

export const PackEntrySchema = knownFields({
  /** File name relative to the pack folder. */
  file: PackFileSchema,
  gloss: text,
  signerId: v.optional(v.string('must be a string when given')),
  sequenceId: v.optional(v.string('must be a string when given')),
  frameCount: count('must be a whole number of frames'),
  /** Shares of frames (0..1) in which each part was detected. */
  presence: knownFields({ pose: share, face: share, leftHand: share, rightHand: share, anyHand: share }, 'must give the share of frames with pose, face, leftHand, rightHand and anyHand'),
}, 'must be an object with file, gloss, frameCount and presence');

/** Format and version alone: a pack of another version is refused for that, not for its other fields. */
const PackVersionSchema = knownFields({
  format: v.literal(PACK_FORMAT, (i) => `is ${i.received}, expected "${PACK_FORMAT}" (not a sign pack index)`),
  version: v.literal(PACK_VERSION, (i) => `${i.received} is not supported (this build reads version ${PACK_VERSION})`),
}, 'not a JSON object');

export const PackIndexSchema = knownFields({
  format: v.literal(PACK_FORMAT),
  version: v.literal(PACK_VERSION),
  name: text,
  description: v.string('must be a string'),
  /** Licence and attribution for everything in the pack. */
  license: text,
  attribution: text,
  recordings: v.pipe(
    v.array(PackEntrySchema, 'must be a list of recordings'),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const seen = new Set<string>();
      dataset.value.forEach((r, i) => {
        if (seen.has(r.file)) {
          addIssue({ message: `"${r.file}" is listed twice`, path: pathTo(dataset.value, i, 'file') });
        }
        seen.add(r.file);
      });
    }),
  ),
}, 'not a JSON object');

export type PackEntry = v.InferOutput<typeof PackEntrySchema>;
export type PackIndex = v.InferOutput<typeof PackIndexSchema>;

/** A pack's index.json, checked; throws PackFormatError naming `file` and every faulty field. */
export function parsePackIndex(json: unknown, file: string): PackIndex {
  parseFile(PackVersionSchema, json, file, PackFormatError);
  return parseFile(PackIndexSchema, json, file, PackFormatError);
}

/** `file` if it is a safe relative path inside a pack, else PackFormatError naming `where`. */
export function checkPackFile(file: string, where: string): string {
  return parseFile(PackFileSchema, file, where, PackFormatError);
}
