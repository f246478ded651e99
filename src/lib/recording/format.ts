/**
 * The recording format (version 1): one landmark sequence with its gloss and provenance,
 * in one compact binary file (extension `.signrec`), read and written by the same code in
 * the browser and in Node.
 *
 * Layout (little-endian):
 *   bytes 0-3   magic "SGNR"
 *   bytes 4-7   uint32 format version (RECORDING_VERSION)
 *   bytes 8-11  uint32 header length H in bytes
 *   bytes 12..  H bytes of UTF-8 JSON (RecordingHeader), padded with spaces to an even length
 *   then        int16 body: frameCount x 543 landmarks x [x, y, z],
 *               value = round(coordinate * 10000), -32768 = not detected (NaN);
 *               values beyond +-3.2767 are clipped (this is the GISLR int16 pack's encoding).
 */
import { LANDMARKS_PER_FRAME, VALUES_PER_FRAME, VALUES_PER_LANDMARK } from '../landmarks/layout';
import type { LandmarkFrame } from '../landmarks/frame';

export const RECORDING_MAGIC = 'SGNR';
export const RECORDING_VERSION = 1;
export const RECORDING_EXTENSION = '.signrec';
/** Coordinates are stored as int16 at this scale (1e-4 of the image). */
export const INT16_SCALE = 10000;
export const INT16_MISSING = -32768;
const PREAMBLE_BYTES = 12;

export interface RecordingMeta {
  /** The sign, lower-case English gloss (e.g. "coffee", "thankyou"). */
  gloss: string;
  /** ISO 639-3 sign-language code, e.g. "ase" for ASL. */
  language: string;
  /** Opaque signer id (never a name), or undefined when unknown. */
  signerId?: string;
  /** Where the landmarks came from, e.g. "gislr" or "rth-signs:coffee.mp4" or "webcam". */
  source: string;
  /** SPDX licence id of the data, e.g. "CC-BY-4.0" or "MIT". */
  license: string;
  /** The attribution line that must travel with the data. */
  attribution: string;
  /** Source-specific sequence id (GISLR's sequence_id), when there is one. */
  sequenceId?: string;
  /** How the landmarks were made, e.g. "@mediapipe/holistic 0.5.1675471629 (browser)". */
  extractor?: string;
}

export interface Recording {
  meta: RecordingMeta;
  /** Nominal frame rate of the source. */
  fps: number;
  frames: LandmarkFrame[];
}

interface RecordingHeader {
  landmarksPerFrame: number;
  valuesPerLandmark: number;
  frameCount: number;
  fps: number;
  timestampsMs: number[];
  meta: RecordingMeta;
}

/** A file that is not a valid recording. The message names the file and the fault. */
export class RecordingFormatError extends Error {
  constructor(readonly fileName: string, problem: string) {
    super(`${fileName}: ${problem}`);
    this.name = 'RecordingFormatError';
  }
}

export function quantize(value: number): number {
  if (Number.isNaN(value)) return INT16_MISSING;
  const q = Math.round(value * INT16_SCALE);
  return Math.max(-32767, Math.min(32767, q));
}

export function dequantize(q: number): number {
  return q === INT16_MISSING ? NaN : q / INT16_SCALE;
}

export function encodeRecording(recording: Recording): Uint8Array {
  validateMeta(recording.meta, 'recording to encode');
  const header: RecordingHeader = {
    landmarksPerFrame: LANDMARKS_PER_FRAME,
    valuesPerLandmark: VALUES_PER_LANDMARK,
    frameCount: recording.frames.length,
    fps: recording.fps,
    timestampsMs: recording.frames.map((f) => Math.round(f.timestampMs * 1000) / 1000),
    meta: recording.meta,
  };
  let json = new TextEncoder().encode(JSON.stringify(header));
  if (json.length % 2) json = new TextEncoder().encode(JSON.stringify(header) + ' ');
  const bodyValues = recording.frames.length * VALUES_PER_FRAME;
  const bytes = new Uint8Array(PREAMBLE_BYTES + json.length + bodyValues * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < 4; i++) bytes[i] = RECORDING_MAGIC.charCodeAt(i);
  view.setUint32(4, RECORDING_VERSION, true);
  view.setUint32(8, json.length, true);
  bytes.set(json, PREAMBLE_BYTES);
  let o = PREAMBLE_BYTES + json.length;
  for (const frame of recording.frames) {
    if (frame.data.length !== VALUES_PER_FRAME) {
      throw new RecordingFormatError('recording to encode', `a frame has ${frame.data.length} values, expected ${VALUES_PER_FRAME}`);
    }
    for (let i = 0; i < VALUES_PER_FRAME; i++, o += 2) view.setInt16(o, quantize(frame.data[i]), true);
  }
  return bytes;
}

export function decodeRecording(input: ArrayBuffer | Uint8Array, fileName: string): Recording {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.length < PREAMBLE_BYTES) throw new RecordingFormatError(fileName, `only ${bytes.length} bytes: too short to be a recording`);
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== RECORDING_MAGIC) throw new RecordingFormatError(fileName, `wrong magic: not a recording (starts with ${JSON.stringify(magic)}, expected "${RECORDING_MAGIC}")`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== RECORDING_VERSION) {
    throw new RecordingFormatError(fileName, `wrong version: format version ${version} is not supported (this build reads version ${RECORDING_VERSION})`);
  }
  const headerLength = view.getUint32(8, true);
  if (PREAMBLE_BYTES + headerLength > bytes.length) {
    throw new RecordingFormatError(fileName, `truncated header: ${bytes.length - PREAMBLE_BYTES} bytes, expected ${headerLength}`);
  }
  let header: RecordingHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + headerLength)));
  } catch (e) {
    throw new RecordingFormatError(fileName, `header is not valid JSON (${(e as Error).message})`);
  }
  if (header.landmarksPerFrame !== LANDMARKS_PER_FRAME || header.valuesPerLandmark !== VALUES_PER_LANDMARK) {
    throw new RecordingFormatError(fileName, `wrong landmark count: ${header.landmarksPerFrame} landmarks x ${header.valuesPerLandmark} values per frame, expected ${LANDMARKS_PER_FRAME} x ${VALUES_PER_LANDMARK}`);
  }
  if (!Number.isInteger(header.frameCount) || header.frameCount < 0) throw new RecordingFormatError(fileName, `bad frameCount ${header.frameCount}`);
  if (!Array.isArray(header.timestampsMs) || header.timestampsMs.length !== header.frameCount) {
    throw new RecordingFormatError(fileName, `has ${header.timestampsMs?.length} timestamps for ${header.frameCount} frames`);
  }
  if (!(header.fps > 0)) throw new RecordingFormatError(fileName, `bad fps ${header.fps}`);
  validateMeta(header.meta, fileName);
  const bodyStart = PREAMBLE_BYTES + headerLength;
  const expectedBytes = header.frameCount * VALUES_PER_FRAME * 2;
  const actualBytes = bytes.length - bodyStart;
  if (actualBytes < expectedBytes) {
    throw new RecordingFormatError(fileName, `truncated body: ${actualBytes} bytes for ${header.frameCount} frames, expected ${expectedBytes}`);
  }
  if (actualBytes > expectedBytes) {
    throw new RecordingFormatError(fileName, `${actualBytes - expectedBytes} unexpected bytes after the last frame`);
  }
  const frames: LandmarkFrame[] = [];
  let o = bodyStart;
  for (let f = 0; f < header.frameCount; f++) {
    const data = new Float32Array(VALUES_PER_FRAME);
    for (let i = 0; i < VALUES_PER_FRAME; i++, o += 2) data[i] = dequantize(view.getInt16(o, true));
    frames.push({ timestampMs: header.timestampsMs[f], data });
  }
  return { meta: header.meta, fps: header.fps, frames };
}

function validateMeta(meta: RecordingMeta | undefined, fileName: string): void {
  if (!meta || typeof meta !== 'object') throw new RecordingFormatError(fileName, 'header has no meta');
  for (const field of ['gloss', 'language', 'source', 'license', 'attribution'] as const) {
    if (typeof meta[field] !== 'string' || meta[field].length === 0) {
      throw new RecordingFormatError(fileName, `meta.${field} must be a non-empty string`);
    }
  }
}
