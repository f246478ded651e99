/**
 * A sign pack: a folder of `.signrec` recordings plus `index.json` (PackIndex), so the
 * game can list a pack's signs without reading every recording.
 */
import type { RecordingMeta } from './format';

export const PACK_INDEX_FILE = 'index.json';
export const PACK_FORMAT = 'signquest-pack';
export const PACK_VERSION = 1;

export interface PackEntry {
  /** File name relative to the pack folder. */
  file: string;
  gloss: string;
  signerId?: string;
  sequenceId?: string;
  frameCount: number;
  /** Shares of frames (0..1) in which each part was detected. */
  presence: { pose: number; face: number; leftHand: number; rightHand: number; anyHand: number };
}

export interface PackIndex {
  format: typeof PACK_FORMAT;
  version: number;
  name: string;
  description: string;
  /** Licence and attribution for everything in the pack. */
  license: string;
  attribution: string;
  recordings: PackEntry[];
}

export class PackFormatError extends Error {
  constructor(readonly fileName: string, problem: string) {
    super(`${fileName}: ${problem}`);
    this.name = 'PackFormatError';
  }
}

export function parsePackIndex(json: unknown, fileName: string): PackIndex {
  const index = json as PackIndex;
  if (!index || typeof index !== 'object') throw new PackFormatError(fileName, 'not a JSON object');
  if (index.format !== PACK_FORMAT) throw new PackFormatError(fileName, `format is "${index.format}", expected "${PACK_FORMAT}"`);
  if (index.version !== PACK_VERSION) throw new PackFormatError(fileName, `version ${index.version} is not supported (expected ${PACK_VERSION})`);
  if (!Array.isArray(index.recordings)) throw new PackFormatError(fileName, 'recordings must be an array');
  index.recordings.forEach((r, i) => {
    if (typeof r.file !== 'string' || !r.file) throw new PackFormatError(fileName, `recordings[${i}].file is missing`);
    if (typeof r.gloss !== 'string' || !r.gloss) throw new PackFormatError(fileName, `recordings[${i}].gloss is missing`);
  });
  return index;
}

export type { RecordingMeta };
