/**
 * Reads the GISLR int16 pack (../shared/data/gislr-hello-thankyou: landmarks.i16.gz +
 * index.json, layout in its README) into canonical frames.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { VALUES_PER_FRAME, LANDMARKS_PER_FRAME, VALUES_PER_LANDMARK } from '../../src/lib/landmarks/layout';
import type { LandmarkFrame } from '../../src/lib/landmarks/frame';
import { dequantize } from '../../src/lib/recording/format';

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

interface PackIndexJson {
  landmarks_per_frame: number;
  values_per_landmark: number;
  sequences: Array<{ sequence_id: number; participant_id: number; sign: string; frames: number; first_frame: number; offset: number }>;
}

export function readGislrInt16Pack(dir: string): GislrSequence[] {
  const indexFile = join(dir, 'index.json');
  const index = JSON.parse(readFileSync(indexFile, 'utf8')) as PackIndexJson;
  if (index.landmarks_per_frame !== LANDMARKS_PER_FRAME || index.values_per_landmark !== VALUES_PER_LANDMARK) {
    throw new Error(`${indexFile}: expected ${LANDMARKS_PER_FRAME} landmarks x ${VALUES_PER_LANDMARK} values per frame`);
  }
  const raw = gunzipSync(readFileSync(join(dir, 'landmarks.i16.gz')));
  const values = new Int16Array(raw.buffer, raw.byteOffset, raw.byteLength / 2);
  return index.sequences.map((s) => {
    const end = s.offset + s.frames * VALUES_PER_FRAME;
    if (end > values.length) throw new Error(`${indexFile}: sequence ${s.sequence_id} runs past the end of landmarks.i16.gz`);
    const frames: LandmarkFrame[] = [];
    for (let f = 0; f < s.frames; f++) {
      const data = new Float32Array(VALUES_PER_FRAME);
      const o = s.offset + f * VALUES_PER_FRAME;
      for (let i = 0; i < VALUES_PER_FRAME; i++) data[i] = dequantize(values[o + i]);
      frames.push({ timestampMs: (f * 1000) / GISLR_FPS, data });
    }
    return {
      sequenceId: String(s.sequence_id),
      participantId: String(s.participant_id),
      sign: s.sign,
      firstFrame: s.first_frame,
      frames,
    };
  });
}
