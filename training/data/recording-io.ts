/**
 * Node file I/O for `.signrec` recordings and sign packs, on top of the shared
 * encode/decode (src/lib/recording), so files written here load in the game unchanged.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { decodeRecording, encodeRecording, RecordingFormatError, type Recording } from '../../src/lib/recording/format';
import {
  checkPackFile, makePackIndex, packEntry, PACK_INDEX_FILE, PackFormatError, parsePackIndex,
  type PackEntry, type PackIndex, type PackInfo,
} from '../../src/lib/recording/pack';
import { readFileOr, readJsonOr } from './read-file';
import { decodeSignpack, SIGNPACK_EXTENSION, SignpackError, type SignPack } from '../../src/lib/recording/signpack';

export function readRecordingFile(path: string): Recording {
  return decodeRecording(readFileOr(path, RecordingFormatError), path);
}

export function writeRecordingFile(path: string, recording: Recording): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, encodeRecording(recording));
}

export function readPackIndexFile(dir: string): PackIndex {
  const path = join(dir, PACK_INDEX_FILE);
  const json = readJsonOr(path, PackFormatError);
  return parsePackIndex(json, path);
}

/** A `.signpack` file (a whole pack in one file, as the app's studio exports it), checked in full. */
export function readSignpackFile(path: string): SignPack {
  return decodeSignpack(readFileOr(path, SignpackError), path);
}

export function isSignpackPath(path: string): boolean {
  return path.endsWith(SIGNPACK_EXTENSION);
}

/** A pack folder's (or a `.signpack` file's) index and all its recordings (in index order). */
export function readPack(dir: string): { index: PackIndex; recordings: Recording[] } {
  if (isSignpackPath(dir)) {
    const pack = readSignpackFile(dir);
    return { index: pack.index, recordings: pack.recordings.map((r) => r.recording) };
  }
  const index = readPackIndexFile(dir);
  return { index, recordings: index.recordings.map((r) => readRecordingFile(join(dir, r.file))) };
}

/**
 * Writes a pack one recording at a time (so a corpus never has to be in memory);
 * `finish` writes index.json with every recording's presence shares.
 */
export class PackWriter {
  private readonly entries: PackEntry[] = [];
  private readonly files = new Set<string>();

  constructor(readonly dir: string, private readonly info: PackInfo) {
    mkdirSync(dir, { recursive: true });
  }

  /** Writes `recording` as `file` (relative to the pack folder) and returns its index entry. */
  add(recording: Recording, file: string): PackEntry {
    checkPackFile(file, join(this.dir, PACK_INDEX_FILE));
    if (this.files.has(file)) throw new PackFormatError(join(this.dir, file), 'written twice to the same pack');
    this.files.add(file);
    writeRecordingFile(join(this.dir, file), recording);
    const entry = packEntry(recording, file);
    this.entries.push(entry);
    return entry;
  }

  get count(): number {
    return this.entries.length;
  }

  finish(): PackIndex {
    const index = makePackIndex(this.info, this.entries);
    writeFileSync(join(this.dir, PACK_INDEX_FILE), JSON.stringify(index, null, 1) + '\n');
    return index;
  }
}

/** Writes a whole pack at once. */
export function writePack(dir: string, info: PackInfo, recordings: Iterable<{ recording: Recording; file: string }>): PackIndex {
  const writer = new PackWriter(dir, info);
  for (const { recording, file } of recordings) writer.add(recording, file);
  return writer.finish();
}
