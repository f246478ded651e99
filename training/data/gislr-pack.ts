/**
 * Reads the GISLR int16 pack (../shared/data/gislr-hello-thankyou: landmarks.i16.gz +
 * index.json, layout in its README) into canonical frames.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { VALUES_PER_FRAME, LANDMARKS_PER_FRAME, VALUES_PER_LANDMARK } from '../../src/lib/landmarks/layout';
import type { LandmarkFrame } from '../../src/lib/landmarks/frame';
import * as v from 'valibot';
import { dequantize, RECORDING_EXTENSION, type Recording } from '../../src/lib/recording/format';
import { count, FileProblemError, knownFields, nonEmptyString, parseFile } from '../../src/lib/files/problems';
import { readFileOr, readJsonOr } from './read-file';

export interface GislrSequence {
  sequenceId: string;
  participantId: string;
  sign: string;
  /** The original frame number of the first frame. */
  firstFrame: number;
  frames: LandmarkFrame[];
}

/** GISLR was recorded on phones at about 30 fps; frame times are frame numbers / 30. */
export const GISLR_FPS = 30;

export const GISLR_ATTRIBUTION =
  'Isolated Sign Language Recognition Corpus v1.0, Deaf Professional Arts Network and Georgia Institute of Technology (with NTID/RIT), via the Kaggle competition "Google - Isolated Sign Language Recognition" (Chow et al., 2023), CC BY 4.0';

/** A GISLR file (either layout) that cannot be read. */
export class GislrFormatError extends FileProblemError {
  override name = 'GislrFormatError';
}

const whole = (what: string) => count(`must be ${what} (a whole number)`);

/** The int16 pack's index.json (layout in the data folder's README). */
const Int16IndexSchema = knownFields({
  landmarks_per_frame: v.literal(LANDMARKS_PER_FRAME, (i) => `wrong landmark count: ${i.received} landmarks per frame, expected ${LANDMARKS_PER_FRAME}`),
  values_per_landmark: v.literal(VALUES_PER_LANDMARK, (i) => `wrong landmark size: ${i.received} values per landmark, expected ${VALUES_PER_LANDMARK}`),
  sequences: v.array(knownFields({
    sequence_id: whole('the sequence id'),
    participant_id: whole('the participant id'),
    sign: nonEmptyString('must name the sign'),
    frames: whole('the number of frames'),
    first_frame: whole('the first frame number'),
    offset: whole('the offset in values into landmarks.i16.gz'),
  }, 'must be a sequence'), 'must list the sequences'),
}, 'must be a GISLR int16 pack index');

export type GislrInt16Index = v.InferOutput<typeof Int16IndexSchema>;

export function parseGislrInt16Index(json: unknown, file: string): GislrInt16Index {
  return parseFile(Int16IndexSchema, json, file, GislrFormatError);
}

/** The files of the GISLR int16 pack (a folder holding both is such a pack). */
export const GISLR_INT16_FILES = { index: 'index.json', landmarks: 'landmarks.i16.gz' } as const;

export function isGislrInt16Pack(dir: string): boolean {
  return existsSync(join(dir, GISLR_INT16_FILES.index)) && existsSync(join(dir, GISLR_INT16_FILES.landmarks));
}

/** A sequence of a GISLR source, known by its ids; `load` decodes its landmarks. */
export interface GislrEntry {
  sequenceId: string;
  participantId: string;
  sign: string;
  load(): GislrSequence | Promise<GislrSequence>;
}

/** The int16 pack decodes synchronously. */
export interface GislrInt16Entry extends GislrEntry {
  load(): GislrSequence;
}

/** The pack's sequences, in index order, each decoded only when loaded. */
export function openGislrInt16Pack(dir: string): GislrInt16Entry[] {
  const indexFile = join(dir, GISLR_INT16_FILES.index);
  const index = parseGislrInt16Index(readJsonOr(indexFile, GislrFormatError), indexFile);
  const landmarksFile = join(dir, GISLR_INT16_FILES.landmarks);
  let raw: Buffer;
  try {
    raw = gunzipSync(readFileOr(landmarksFile, GislrFormatError));
  } catch (e) {
    if (e instanceof GislrFormatError) throw e;
    throw new GislrFormatError(landmarksFile, `is not gzip data (${(e as Error).message})`);
  }
  if (raw.byteLength % 2) throw new GislrFormatError(landmarksFile, `holds ${raw.byteLength} bytes, not a whole number of int16 values`);
  const values = new Int16Array(raw.buffer, raw.byteOffset, raw.byteLength / 2);
  return index.sequences.map((s) => {
    const ids = { sequenceId: String(s.sequence_id), participantId: String(s.participant_id), sign: s.sign };
    return {
      ...ids,
      load(): GislrSequence {
        const end = s.offset + s.frames * VALUES_PER_FRAME;
        if (end > values.length) throw new GislrFormatError(indexFile, `sequence ${s.sequence_id} runs past the end of ${GISLR_INT16_FILES.landmarks}`);
        const frames: LandmarkFrame[] = [];
        for (let f = 0; f < s.frames; f++) {
          const data = new Float32Array(VALUES_PER_FRAME);
          const o = s.offset + f * VALUES_PER_FRAME;
          for (let i = 0; i < VALUES_PER_FRAME; i++) data[i] = dequantize(values[o + i]);
          frames.push({ timestampMs: (f * 1000) / GISLR_FPS, data });
        }
        return { ...ids, firstFrame: s.first_frame, frames };
      },
    };
  });
}

export function readGislrInt16Pack(dir: string): GislrSequence[] {
  return openGislrInt16Pack(dir).map((e) => e.load());
}

export const GISLR_SOURCE = 'gislr';
export const GISLR_LANGUAGE = 'ase';
export const GISLR_LICENSE = 'CC-BY-4.0';

/** A GISLR sequence as a recording, with its provenance. */
export function gislrRecording(seq: GislrSequence): Recording {
  return {
    meta: {
      gloss: seq.sign,
      language: GISLR_LANGUAGE,
      signerId: seq.participantId,
      sequenceId: seq.sequenceId,
      source: GISLR_SOURCE,
      license: GISLR_LICENSE,
      attribution: GISLR_ATTRIBUTION,
      extractor: 'MediaPipe Holistic 0.9.0.1 (Python), by the GISLR authors',
    },
    fps: GISLR_FPS,
    frames: seq.frames,
  };
}

/** File name of a GISLR sequence's recording in a pack. */
export function gislrRecordingFile(seq: Pick<GislrSequence, 'sign' | 'participantId' | 'sequenceId'>): string {
  // Kaggle's glosses are alphanumeric; anything else is replaced so the name is always a safe path.
  return `${seq.sign}-${seq.participantId}-${seq.sequenceId}`.replace(/[^A-Za-z0-9_-]/g, '_') + RECORDING_EXTENSION;
}
