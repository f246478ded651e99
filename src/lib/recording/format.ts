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
import { parseRecordingHeader, RecordingFormatError, type RecordingHeader, type RecordingMeta } from './recording-schema';

export { RecordingFormatError, type RecordingMeta };

export const RECORDING_MAGIC = 'SGNR';
export const RECORDING_VERSION = 1;
export const RECORDING_EXTENSION = '.signrec';
/** Coordinates are stored as int16 at this scale (1e-4 of the image). */
export const INT16_SCALE = 10000;
export const INT16_MISSING = -32768;
const PREAMBLE_BYTES = 12;

export interface Recording {
  meta: RecordingMeta;
  /** Nominal frame rate of the source. */
  fps: number;
  frames: LandmarkFrame[];
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
  const file = 'recording to encode';
  const wrongSize = recording.frames.flatMap((frame, i) =>
    frame.data.length === VALUES_PER_FRAME ? [] : [{ field: `frames[${i}].data`, message: `has ${frame.data.length} values, expected ${VALUES_PER_FRAME}` }]);
  if (wrongSize.length) throw new RecordingFormatError(file, wrongSize);
  const header: RecordingHeader = parseRecordingHeader({
    landmarksPerFrame: LANDMARKS_PER_FRAME,
    valuesPerLandmark: VALUES_PER_LANDMARK,
    frameCount: recording.frames.length,
    fps: recording.fps,
    timestampsMs: recording.frames.map((f) => Math.round(f.timestampMs * 1000) / 1000),
    meta: recording.meta,
  }, file);
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
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + headerLength)));
  } catch (e) {
    throw new RecordingFormatError(fileName, `header is not valid JSON (${(e as Error).message})`);
  }
  const header = parseRecordingHeader(json, fileName);
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
