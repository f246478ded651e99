/**
 * The schema of a `.signrec` recording's JSON header (format.ts has the binary layout
 * around it): what `decodeRecording` reads and `encodeRecording` writes, and what any
 * other reader of recordings (sign-pack bundles) checks them with.
 */
import * as v from 'valibot';
import { LANDMARKS_PER_FRAME, VALUES_PER_LANDMARK } from '../landmarks/layout';
import { count, FileProblemError, finiteNumber, knownFields, nonEmptyString, parseFile, pathTo } from '../files/problems';

/** A file that is not a valid recording. The message names the file, the field and the fault. */
export class RecordingFormatError extends FileProblemError {
  override name = 'RecordingFormatError';
}

const required = nonEmptyString();
const optionalText = v.optional(v.string('must be a string when given'));

/** Fields a reader does not know are dropped: adding optional fields does not change the format version. */
export const RecordingMetaSchema = knownFields({
  gloss: required,
  language: required,
  signerId: optionalText,
  source: required,
  license: required,
  attribution: required,
  sequenceId: optionalText,
  extractor: optionalText,
}, 'must be an object with gloss, language, source, license and attribution');

export type RecordingMeta = v.InferOutput<typeof RecordingMetaSchema>;

const timestamps = v.pipe(
  v.array(finiteNumber('must be a finite number of milliseconds'), 'must list one time in ms per frame'),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const times = dataset.value;
    const i = times.findIndex((t, k) => k > 0 && !(t > times[k - 1]));
    if (i > 0) {
      addIssue({ message: `${times[i]} ms is not after the frame before it (${times[i - 1]} ms); frame times must increase`, path: pathTo(times, i) });
    }
  }),
);

export const RecordingHeaderSchema = v.pipe(
  knownFields({
    landmarksPerFrame: v.literal(LANDMARKS_PER_FRAME, (i) => `wrong landmark count: ${i.received} landmarks per frame, expected ${LANDMARKS_PER_FRAME}`),
    valuesPerLandmark: v.literal(VALUES_PER_LANDMARK, (i) => `wrong landmark size: ${i.received} values per landmark, expected ${VALUES_PER_LANDMARK} (x, y, z)`),
    frameCount: count('must be a whole number of frames'),
    fps: v.pipe(finiteNumber('must be a positive number'), v.gtValue(0, 'must be a positive number')),
    timestampsMs: timestamps,
    meta: RecordingMetaSchema,
  }, 'must be a JSON object'),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const { timestampsMs, frameCount } = dataset.value;
    if (timestampsMs.length !== frameCount) {
      addIssue({ message: `has ${timestampsMs.length} timestamps for ${frameCount} frames`, path: pathTo(dataset.value, 'timestampsMs') });
    }
  }),
);

export type RecordingHeader = v.InferOutput<typeof RecordingHeaderSchema>;

/** A recording's header, checked; throws RecordingFormatError naming `file` and each faulty field. */
export function parseRecordingHeader(json: unknown, file: string): RecordingHeader {
  return parseFile(RecordingHeaderSchema, json, file, RecordingFormatError);
}

/** A recording's meta (gloss and provenance), checked. */
export function parseRecordingMeta(json: unknown, file: string): RecordingMeta {
  return parseFile(RecordingMetaSchema, json, file, RecordingFormatError);
}
