/**
 * The `.signpack` file: a whole sign pack in one file, so a teacher can hand a pack to
 * another browser or to the `signs` command line. One UTF-8 JSON document (no zip, so no
 * dependency): the pack's index, the signs it defines, its README (licence and
 * attribution) and every recording's `.signrec` bytes in base64. A decoded file has been
 * checked entirely: every field, every recording decoded, index and recordings agreeing.
 */
import * as v from 'valibot';
import { UI_LANGUAGES, type Localized } from '../i18n/languages';
import { decodeRecording, RECORDING_EXTENSION, RecordingFormatError, type Recording } from './format';
import { FileProblemError, parseFile, pathTo } from '../files/problems';
import { checkBundleSize, readBundleJson, type JsonBundleKind } from '../files/json-bundle';
import { PACK_FORMAT, PACK_VERSION, packEntry, type PackIndex } from './pack';
import { PackIndexSchema } from './pack-schema';

export const SIGNPACK_FORMAT = 'signquest-signpack';
export const SIGNPACK_VERSION = 1;
export const SIGNPACK_EXTENSION = '.signpack';
/** Larger files are refused before they are read: 20 MB holds about 150 one-second takes. */
export const SIGNPACK_MAX_BYTES = 20 * 1024 * 1024;
const SIGNPACK_KIND: JsonBundleKind = { format: SIGNPACK_FORMAT, version: SIGNPACK_VERSION, extension: SIGNPACK_EXTENSION, maxBytes: SIGNPACK_MAX_BYTES, what: 'a sign pack' };

/** Lower-case letters, digits and dashes, as glosses and pack names are everywhere else. */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A plain file name in the pack: no folders, so no `..` can climb out of it. */
const RECORDING_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.signrec$/;
/** ISO 639-3: three lower-case letters. */
const ISO_639_3 = /^[a-z]{3}$/;

/** A sign a local pack brings that the shipped glossary may not have. */
export interface SignDefinition {
  gloss: string;
  name: Localized;
  /** One plain line on how to make the sign, as its recordings show it. */
  description: Localized;
  /** ISO 639-3 code of the sign language (ase = ASL). */
  language: string;
  /** How many hands the sign uses. */
  hands: 1 | 2;
}

export interface PackRecording {
  /** File name inside the pack (a plain name ending in .signrec). */
  file: string;
  /** The `.signrec` bytes, kept as they are so export and import are lossless. */
  bytes: Uint8Array;
  recording: Recording;
}

/** A whole pack in memory: what a `.signpack` file holds, decoded and checked. */
export interface SignPack {
  index: PackIndex;
  signs: SignDefinition[];
  readme: string;
  recordings: PackRecording[];
}

export class SignpackError extends FileProblemError {
  override name = 'SignpackError';
}

const slug = (what: string) => v.pipe(v.string(), v.regex(SLUG, `${what} must be lower-case letters, digits and dashes`), v.maxLength(60));
const text = v.pipe(v.string(), v.trim(), v.nonEmpty('must not be empty'));
const localized = v.object(Object.fromEntries(UI_LANGUAGES.map((l) => [l, text])) as Record<(typeof UI_LANGUAGES)[number], typeof text>);

export const SignDefinitionSchema = v.object({
  gloss: slug('gloss'),
  name: localized,
  description: localized,
  language: v.pipe(v.string(), v.regex(ISO_639_3, 'must be an ISO 639-3 code (three lower-case letters)')),
  hands: v.picklist([1, 2], 'must be 1 or 2'),
});

const SignDefinitionsSchema = v.pipe(
  v.array(SignDefinitionSchema),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const defined = new Set<string>();
    dataset.value.forEach((s, i) => {
      if (defined.has(s.gloss)) addIssue({ message: `"${s.gloss}" is defined twice`, path: pathTo(dataset.value, i, 'gloss') });
      defined.add(s.gloss);
    });
  }),
);

/** The shared pack index, with what a pack in one file needs besides: a slug name, plain file names, a recording at least. */
const SignpackIndexSchema = v.pipe(
  PackIndexSchema,
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const index = dataset.value;
    if (!SLUG.test(index.name)) addIssue({ message: 'name must be lower-case letters, digits and dashes', path: pathTo(index, 'name') });
    if (index.recordings.length === 0) addIssue({ message: 'must hold at least one recording', path: pathTo(index, 'recordings') });
    index.recordings.forEach((r, i) => {
      if (!RECORDING_FILE.test(r.file)) addIssue({ message: 'must be a plain .signrec file name (no folders, no "..")', path: pathTo(index, 'recordings', i, 'file') });
      if (!SLUG.test(r.gloss)) addIssue({ message: 'gloss must be lower-case letters, digits and dashes', path: pathTo(index, 'recordings', i, 'gloss') });
    });
  }),
);

/** What a pack built in memory (the studio's, the CLI's) is checked against: the same rules as a file's. */
const SignpackContentsSchema = v.object({ index: SignpackIndexSchema, signs: SignDefinitionsSchema });

/** The file as stored; `format` and `version` are checked first so a foreign or newer file gets a plain message. */
const SignpackFileSchema = v.object({
  format: v.literal(SIGNPACK_FORMAT),
  version: v.literal(SIGNPACK_VERSION),
  index: SignpackIndexSchema,
  signs: SignDefinitionsSchema,
  readme: v.string(),
  recordings: v.array(v.object({ file: v.string(), data: v.pipe(v.string(), v.base64('must be base64')) })),
});

/** The README every exported pack carries: what it is, its licence and whom to credit. */
export function packReadme(index: PackIndex, signs: readonly SignDefinition[]): string {
  const glosses = [...new Set(index.recordings.map((r) => r.gloss))].sort();
  const defined = signs.map((s) => `- ${s.gloss} (${s.language}, ${s.hands === 1 ? 'one hand' : 'two hands'}): ${s.description.en}`);
  return [
    `# ${index.name}`,
    '',
    index.description || 'A SignQuest sign pack: landmark recordings of signs (no video).',
    '',
    `Signs: ${glosses.join(', ')} (${index.recordings.length} recordings).`,
    ...(defined.length ? ['', 'Signs this pack defines:', ...defined] : []),
    '',
    `Licence: ${index.license}`,
    '',
    `Attribution: ${index.attribution}`,
    '',
  ].join('\n');
}

/** Builds a checked pack from recordings (the studio's takes, or files read by the CLI). */
export function makeSignPack(info: Pick<PackIndex, 'name' | 'description' | 'license' | 'attribution'>, signs: SignDefinition[], recordings: Omit<PackRecording, 'recording'>[] | PackRecording[], fileName = `${info.name}${SIGNPACK_EXTENSION}`): SignPack {
  const decoded = recordings.map((r) => ('recording' in r ? r : { ...r, recording: decodeRecording(r.bytes, r.file) }));
  const index: PackIndex = { format: PACK_FORMAT, version: PACK_VERSION, ...info, recordings: decoded.map((r) => packEntry(r.recording, r.file)) };
  parseFile(SignpackContentsSchema, { index, signs }, fileName, SignpackError);
  return checkAgreement({ index, signs, readme: packReadme(index, signs), recordings: decoded }, fileName);
}

export function encodeSignpack(pack: SignPack): string {
  return JSON.stringify({
    format: SIGNPACK_FORMAT,
    version: SIGNPACK_VERSION,
    index: pack.index,
    signs: pack.signs,
    readme: pack.readme,
    recordings: pack.recordings.map((r) => ({ file: r.file, data: bytesToBase64(r.bytes) })),
  });
}

/** Refuses a file too large to be a sign pack (callers check a file's size before reading it). */
export function checkSignpackSize(bytes: number, fileName: string): void {
  checkBundleSize(bytes, fileName, SIGNPACK_KIND, SignpackError);
}

/**
 * Reads a `.signpack` file. Throws SignpackError naming the file and the problem for a
 * file that is too large, truncated, foreign, of another version or malformed anywhere.
 */
export function decodeSignpack(input: Uint8Array | string, fileName: string): SignPack {
  const json = readBundleJson(input, fileName, SIGNPACK_KIND, SignpackError);
  const file = parseFile(SignpackFileSchema, json, fileName, SignpackError);
  const recordings = file.recordings.map((r, i): PackRecording => {
    const bytes = base64ToBytes(r.data);
    try {
      return { file: r.file, bytes, recording: decodeRecording(bytes, `recordings[${i}] (${r.file})`) };
    } catch (e) {
      if (e instanceof RecordingFormatError) throw new SignpackError(fileName, e.message);
      throw e;
    }
  });
  return checkAgreement({ index: file.index as PackIndex, signs: file.signs as SignDefinition[], readme: file.readme, recordings }, fileName);
}

/** Index and recordings agree (the schema has checked each alone): one recording per entry, in order, same gloss and length. */
function checkAgreement(pack: SignPack, fileName: string): SignPack {
  const fail = (problem: string): never => {
    throw new SignpackError(fileName, problem);
  };
  const entries = pack.index.recordings;
  if (pack.recordings.length !== entries.length) fail(`recordings: ${pack.recordings.length} recordings for ${entries.length} index entries`);
  entries.forEach((entry, i) => {
    const r = pack.recordings[i];
    if (r.file !== entry.file) fail(`recordings[${i}].file: "${r.file}", but the index has "${entry.file}" there`);
    if (r.recording.meta.gloss !== entry.gloss) fail(`recordings[${i}] (${r.file}): meta.gloss is "${r.recording.meta.gloss}", the index says "${entry.gloss}"`);
    if (r.recording.frames.length !== entry.frameCount) fail(`recordings[${i}] (${r.file}): ${r.recording.frames.length} frames, the index says ${entry.frameCount}`);
  });
  return pack;
}

/** The file name an exported pack gets. */
export function signpackFileName(pack: SignPack): string {
  return pack.index.name + SIGNPACK_EXTENSION;
}

/** A recording file name not yet used in the pack: `<gloss>-<n>.signrec`. */
export function freeRecordingFile(gloss: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const file = `${gloss}-${n}${RECORDING_EXTENSION}`;
    if (!taken.has(file)) return file;
  }
}

// btoa/atob work on "binary strings"; chunks keep String.fromCharCode's argument list short.
function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function base64ToBytes(data: string): Uint8Array {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
