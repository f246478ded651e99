/**
 * GISLR (Kaggle parquet layout or the int16 pack) -> a sign pack of `.signrec` recordings,
 * one sequence at a time. Optionally keeps only the best-handed sequences per signer and
 * sign (how the game's reference pack is chosen).
 */
import { basename, resolve } from 'node:path';
import { presenceShares, type PartPresence } from '../../src/lib/recording/pack';
import {
  GISLR_ATTRIBUTION, GISLR_FPS, GISLR_LICENSE, gislrRecording, gislrRecordingFile, isGislrInt16Pack, openGislrInt16Pack,
  GislrFormatError, type GislrEntry, type GislrSequence,
} from './gislr-pack';
import { isGislrParquetLayout, openGislrParquet } from './gislr-parquet';
import { PackWriter } from './recording-io';

export type GislrLayout = 'parquet' | 'int16';

export interface ImportGislrOptions {
  /** A folder with train.csv (Kaggle layout) or with landmarks.i16.gz + index.json (int16 pack). */
  input: string;
  out: string;
  /** Only these participant ids / signs (all when absent). */
  participants?: readonly string[];
  signs?: readonly string[];
  /** Skip sequences with fewer frames. */
  minFrames?: number;
  /** Keep only the `best` sequences per (participant, sign), ranked by referenceRank. */
  best?: number;
  name?: string;
  description?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface ImportGislrSummary {
  input: string;
  layout: GislrLayout;
  out: string;
  recordings: number;
  frames: number;
  /** Sequences dropped by --min-frames. */
  tooShort: number;
  signs: Record<string, number>;
  participants: string[];
  /** Mean over the written recordings of each part's presence share. */
  meanPresence: PartPresence;
  seconds: number;
}

/** A sign that lasts about a second: GISLR's mean sequence is 31 frames at GISLR_FPS. */
export const TYPICAL_SIGN_FRAMES = GISLR_FPS;

/**
 * Orders candidate references, best first: the larger share of frames with a hand, then
 * the length nearer a typical sign (long takes hold idle time, short ones may be clipped),
 * then the sequence id, so the choice is reproducible.
 */
export function referenceRank(a: RankedSequence, b: RankedSequence): number {
  return (
    b.presence.anyHand - a.presence.anyHand ||
    Math.abs(a.frameCount - TYPICAL_SIGN_FRAMES) - Math.abs(b.frameCount - TYPICAL_SIGN_FRAMES) ||
    a.sequenceId.localeCompare(b.sequenceId)
  );
}

export interface RankedSequence {
  sequenceId: string;
  frameCount: number;
  presence: PartPresence;
}

export function openGislr(input: string): { layout: GislrLayout; entries: GislrEntry[] } {
  if (isGislrInt16Pack(input)) return { layout: 'int16', entries: openGislrInt16Pack(input) };
  if (isGislrParquetLayout(input)) return { layout: 'parquet', entries: openGislrParquet(input) };
  throw new GislrFormatError(input, 'is not a GISLR folder (expected train.csv with train_landmark_files/, or landmarks.i16.gz with index.json)');
}

export async function importGislr(options: ImportGislrOptions): Promise<ImportGislrSummary> {
  const started = Date.now();
  const { layout, entries: all } = openGislr(options.input);
  const participants = options.participants && new Set(options.participants);
  const signs = options.signs && new Set(options.signs);
  let entries = all.filter((e) => (!participants || participants.has(e.participantId)) && (!signs || signs.has(e.sign)));
  const minFrames = options.minFrames ?? 1;
  const isLongEnough = (seq: GislrSequence) => seq.frames.length >= minFrames;

  let done = 0;
  let total = entries.length;
  let tooShort = 0;
  const tick = () => options.onProgress?.(++done, total);
  options.onProgress?.(0, total);

  if (options.best !== undefined) {
    // Two passes, so only scores (never landmarks) are held for the whole input.
    const groups = new Map<string, Array<RankedSequence & { entry: GislrEntry }>>();
    for (const entry of entries) {
      const seq = await entry.load();
      if (isLongEnough(seq)) {
        const key = `${entry.participantId}\u0000${entry.sign}`;
        const group = groups.get(key) ?? [];
        group.push({ entry, sequenceId: entry.sequenceId, frameCount: seq.frames.length, presence: presenceShares(seq.frames) });
        groups.set(key, group.sort(referenceRank).slice(0, options.best));
      } else {
        tooShort++;
      }
      tick();
    }
    const chosen = new Set([...groups.values()].flat().map((c) => c.entry));
    entries = entries.filter((e) => chosen.has(e));
    total += entries.length;
  }

  const writer = new PackWriter(options.out, {
    name: options.name ?? basename(resolve(options.out)),
    description: options.description ?? `GISLR sequences imported from ${basename(resolve(options.input))}`,
    license: GISLR_LICENSE,
    attribution: GISLR_ATTRIBUTION,
  });
  let frames = 0;
  for (const entry of entries) {
    const seq = await entry.load();
    if (isLongEnough(seq)) {
      writer.add(gislrRecording(seq), gislrRecordingFile(seq));
      frames += seq.frames.length;
    } else {
      tooShort++;
    }
    tick();
  }
  const index = writer.finish();

  const signCounts: Record<string, number> = {};
  for (const r of index.recordings) signCounts[r.gloss] = (signCounts[r.gloss] ?? 0) + 1;
  const n = index.recordings.length || 1;
  const mean = (part: keyof PartPresence) => Math.round((index.recordings.reduce((s, r) => s + r.presence[part], 0) / n) * 10000) / 10000;
  return {
    input: options.input,
    layout,
    out: options.out,
    recordings: index.recordings.length,
    frames,
    tooShort,
    signs: signCounts,
    participants: [...new Set(index.recordings.map((r) => r.signerId ?? ''))].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b)),
    meanPresence: { pose: mean('pose'), face: mean('face'), leftHand: mean('leftHand'), rightHand: mean('rightHand'), anyHand: mean('anyHand') },
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}
