/**
 * A sign pack: a folder of `.signrec` recordings plus `index.json` (PackIndex), so the
 * game can list a pack's signs without reading every recording.
 */
import { partCounts, type LandmarkFrame } from '../landmarks/frame';
import type { Recording, RecordingMeta } from './format';
import { PACK_FORMAT, PACK_VERSION, type PackEntry, type PackIndex } from './pack-schema';

export {
  checkPackFile, PACK_FORMAT, PACK_INDEX_FILE, PACK_VERSION, PackFormatError, parsePackIndex,
  type PackEntry, type PackIndex,
} from './pack-schema';

export type PartPresence = PackEntry['presence'];

/** Shares of frames (0..1) in which each part was detected (a part counts when any of its landmarks is present). */
export function presenceShares(frames: readonly LandmarkFrame[]): PartPresence {
  const hits = { pose: 0, face: 0, leftHand: 0, rightHand: 0, anyHand: 0 };
  for (const frame of frames) {
    const c = partCounts(frame);
    if (c.pose) hits.pose++;
    if (c.face) hits.face++;
    if (c.leftHand) hits.leftHand++;
    if (c.rightHand) hits.rightHand++;
    if (c.leftHand || c.rightHand) hits.anyHand++;
  }
  const n = frames.length || 1;
  const share = (k: number) => Math.round((k / n) * 10000) / 10000;
  return { pose: share(hits.pose), face: share(hits.face), leftHand: share(hits.leftHand), rightHand: share(hits.rightHand), anyHand: share(hits.anyHand) };
}

/** The index entry of `recording`, stored as `file` in its pack. */
export function packEntry(recording: Recording, file: string): PackEntry {
  const { gloss, signerId, sequenceId } = recording.meta;
  return {
    file,
    gloss,
    ...(signerId !== undefined && { signerId }),
    ...(sequenceId !== undefined && { sequenceId }),
    frameCount: recording.frames.length,
    presence: presenceShares(recording.frames),
  };
}

/** What a pack says about itself, apart from its recordings. */
export type PackInfo = Pick<PackIndex, 'name' | 'description' | 'license' | 'attribution'>;

export function makePackIndex(info: PackInfo, recordings: PackEntry[]): PackIndex {
  return { format: PACK_FORMAT, version: PACK_VERSION, ...info, recordings };
}

/**
 * The entry a scene's sign reference points at: `file` when given, else the pack's first
 * recording of `gloss`; undefined when the pack has none.
 */
export function findPackEntry(index: PackIndex, gloss: string, file?: string): PackEntry | undefined {
  return file !== undefined ? index.recordings.find((r) => r.file === file) : index.recordings.find((r) => r.gloss === gloss);
}

export type { RecordingMeta };
