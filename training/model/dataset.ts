/**
 * Labelled landmark sequences from any of the data layouts researchers hold: the GISLR
 * int16 pack, the Kaggle GISLR parquet layout (the whole 250-sign corpus), a sign pack
 * (index.json + .signrec) or a folder of .signrec recordings; or, for corpus-scale
 * training, the GISLR layouts as sources read one recording at a time. Split by signer,
 * never by sequence, so evaluation measures signers the model has not seen.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LandmarkFrame } from '../../src/lib/landmarks/frame';
import { RECORDING_EXTENSION } from '../../src/lib/recording/format';
import { PACK_INDEX_FILE } from '../../src/lib/recording/pack';
import { openGislr } from '../data/gislr-import';
import { isGislrInt16Pack } from '../data/gislr-pack';
import { isGislrParquetLayout } from '../data/gislr-parquet';
import { isSignpackPath, readPack, readRecordingFile } from '../data/recording-io';
import type { Progress } from '../cli-kit';

export interface Sample {
  id: string;
  /** Participant id; "unknown" when a recording does not name its signer. */
  signerId: string;
  gloss: string;
  frames: LandmarkFrame[];
}

/**
 * The GISLR signers never used for training the default model (6 of the 21 in the
 * hello/thankyou subset, fixed so every run and every report holds out the same people).
 */
export const HELD_OUT_SIGNERS: readonly string[] = ['2044', '16069', '29302', '37055', '49445', '62590'];

export interface LoadOptions {
  /** Only these glosses (all when undefined). */
  glosses?: readonly string[];
  progress?: Progress;
}

function listRecordings(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(RECORDING_EXTENSION))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

export async function loadSamples(dir: string, options: LoadOptions = {}): Promise<Sample[]> {
  if (!existsSync(dir)) throw new Error(`${dir} does not exist`);
  const keep = (gloss: string) => !options.glosses || options.glosses.includes(gloss);
  if (isGislrInt16Pack(dir) || isGislrParquetLayout(dir)) {
    const entries = openGislr(dir).entries.filter((e) => keep(e.sign));
    const samples: Sample[] = [];
    for (const e of entries) {
      const seq = await e.load();
      samples.push({ id: seq.sequenceId, signerId: seq.participantId, gloss: seq.sign, frames: seq.frames });
      options.progress?.update(samples.length, entries.length);
    }
    return samples;
  }
  const recordings = isSignpackPath(dir) || existsSync(join(dir, PACK_INDEX_FILE))
    ? readPack(dir).recordings.map((r, i) => ({ r, id: `${dir}#${i}` }))
    : listRecordings(dir).map((file) => ({ r: readRecordingFile(file), id: file }));
  return recordings
    .filter(({ r }) => keep(r.meta.gloss))
    .map(({ r, id }) => ({ id: r.meta.sequenceId ?? id, signerId: r.meta.signerId ?? 'unknown', gloss: r.meta.gloss, frames: r.frames }));
}

/** A recording known by its labels, its frames read only when `load` is called (streamed training). */
export interface SampleSource {
  id: string;
  signerId: string;
  gloss: string;
  load(): Promise<Sample>;
}

/**
 * The recordings of a GISLR layout (Kaggle parquet or int16 pack) as sources: only the
 * list (train.csv or the index) is read here, each recording when it is loaded.
 */
export function openSampleSources(dir: string, options: Pick<LoadOptions, 'glosses'> = {}): SampleSource[] {
  if (!existsSync(dir)) throw new Error(`${dir} does not exist`);
  if (!isGislrInt16Pack(dir) && !isGislrParquetLayout(dir)) throw new Error(`${dir}: not a GISLR layout (train.csv + train_landmark_files/, or the int16 pack)`);
  return openGislr(dir).entries
    .filter((e) => !options.glosses || options.glosses.includes(e.sign))
    .map((e) => ({
      id: e.sequenceId,
      signerId: e.participantId,
      gloss: e.sign,
      async load() {
        const seq = await e.load();
        return { id: seq.sequenceId, signerId: seq.participantId, gloss: seq.sign, frames: seq.frames };
      },
    }));
}

export function splitBySigner<T extends { signerId: string }>(samples: readonly T[], heldOut: readonly string[]): { train: T[]; test: T[] } {
  const held = new Set(heldOut);
  return { train: samples.filter((s) => !held.has(s.signerId)), test: samples.filter((s) => held.has(s.signerId)) };
}

export function signersOf(samples: readonly { signerId: string }[]): string[] {
  return [...new Set(samples.map((s) => s.signerId))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}
