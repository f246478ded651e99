import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyFrameData, LEFT_HAND, POSE, RIGHT_HAND, FACE, VALUES_PER_FRAME, VALUES_PER_LANDMARK, HAND_LANDMARK, landmarkIndex } from '../../src/lib/landmarks';
import {
  decodeRecording, encodeRecording, INT16_SCALE, RECORDING_VERSION, RecordingFormatError, type Recording,
} from '../../src/lib/recording/format';
import { readRecordingFile, writeRecordingFile } from '../../training/data/recording-io';

const META = { gloss: 'hello', language: 'ase', signerId: 's1', source: 'test', license: 'CC0-1.0', attribution: 'made by the test' };

/** A deterministic recording: pose and face in every frame, the right hand in odd frames only. */
function makeRecording(frameCount = 5): Recording {
  let seed = 7;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 1.4 - 0.2;
  const frames = Array.from({ length: frameCount }, (_, f) => {
    const data = emptyFrameData();
    for (const part of [FACE, POSE, ...(f % 2 ? [RIGHT_HAND] : [])]) {
      for (let i = part.start * VALUES_PER_LANDMARK; i < (part.start + part.count) * VALUES_PER_LANDMARK; i++) data[i] = rand();
    }
    return { timestampMs: (f * 1000) / 30, data };
  });
  return { meta: META, fps: 30, frames };
}

/** A valid file with its header replaced by `patch(header)`, to make files with one fault. */
function withHeader(recording: Recording, patch: (header: Record<string, unknown>) => void): Uint8Array {
  const bytes = encodeRecording(recording);
  const view = new DataView(bytes.buffer);
  const headerLength = view.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength)));
  patch(header);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(12 + json.length + bytes.length - 12 - headerLength);
  out.set(bytes.subarray(0, 12));
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  out.set(bytes.subarray(12 + headerLength), 12 + json.length);
  return out;
}

function faultOf(bytes: Uint8Array, fileName = 'broken.signrec'): string {
  try {
    decodeRecording(bytes, fileName);
  } catch (e) {
    expect(e).toBeInstanceOf(RecordingFormatError);
    expect((e as RecordingFormatError).file).toBe(fileName);
    return (e as Error).message;
  }
  throw new Error('decodeRecording accepted a broken file');
}

describe('recording format round trip', () => {
  it('decodes what it encodes, within the quantisation step, keeping NaN where landmarks are missing', () => {
    const original = makeRecording();
    const decoded = decodeRecording(encodeRecording(original), 'mem.signrec');
    expect(decoded.meta).toEqual(original.meta);
    expect(decoded.fps).toBe(30);
    expect(decoded.frames).toHaveLength(original.frames.length);
    let nans = 0;
    let worst = 0;
    original.frames.forEach((frame, f) => {
      expect(decoded.frames[f].timestampMs).toBeCloseTo(frame.timestampMs, 3);
      for (let i = 0; i < VALUES_PER_FRAME; i++) {
        const a = frame.data[i];
        const b = decoded.frames[f].data[i];
        expect(Number.isNaN(b)).toBe(Number.isNaN(a));
        if (Number.isNaN(a)) nans++;
        else worst = Math.max(worst, Math.abs(a - b));
      }
    });
    // The left hand is never present and the right hand in 2 of 5 frames.
    expect(nans).toBe((5 * LEFT_HAND.count + 3 * RIGHT_HAND.count) * VALUES_PER_LANDMARK);
    expect(worst).toBeLessThanOrEqual(0.5 / INT16_SCALE + 1e-7);
    expect(worst).toBeLessThan(1e-4);
  });

  it('keeps a specific landmark at its canonical place', () => {
    const recording = makeRecording(2);
    const tip = landmarkIndex(RIGHT_HAND, HAND_LANDMARK.indexTip) * VALUES_PER_LANDMARK;
    recording.frames[1].data.set([0.25, 0.75, -0.125], tip);
    const decoded = decodeRecording(encodeRecording(recording), 'mem.signrec');
    expect(Array.from(decoded.frames[1].data.subarray(tip, tip + 3))).toEqual([0.25, 0.75, -0.125]);
  });

  it('clips values beyond the int16 range instead of wrapping them', () => {
    const recording = makeRecording(1);
    recording.frames[0].data[0] = 5;
    recording.frames[0].data[1] = -5;
    const decoded = decodeRecording(encodeRecording(recording), 'mem.signrec');
    expect(decoded.frames[0].data[0]).toBeCloseTo(3.2767, 6);
    expect(decoded.frames[0].data[1]).toBeCloseTo(-3.2767, 6);
  });

  it('writes and reads files in Node', () => {
    const dir = mkdtempSync(join(tmpdir(), 'signrec-'));
    const file = join(dir, 'sub', 'a.signrec');
    writeRecordingFile(file, makeRecording());
    const back = readRecordingFile(file);
    expect(back.frames).toHaveLength(5);
    expect(back.meta.gloss).toBe('hello');
  });
});

describe('recording format errors name the file and the fault', () => {
  const good = () => encodeRecording(makeRecording());

  it('wrong magic', () => {
    const bytes = good();
    bytes.set(new TextEncoder().encode('PK\u0003\u0004'), 0);
    expect(faultOf(bytes)).toMatch(/^broken\.signrec: wrong magic.*"PK\\u0003\\u0004".*expected "SGNR"/);
  });

  it('wrong version', () => {
    const bytes = good();
    new DataView(bytes.buffer).setUint32(4, RECORDING_VERSION + 1, true);
    expect(faultOf(bytes)).toMatch(new RegExp(`^broken\\.signrec: wrong version: format version ${RECORDING_VERSION + 1} is not supported`));
  });

  it('wrong landmark count', () => {
    const bytes = withHeader(makeRecording(), (h) => (h.landmarksPerFrame = 542));
    expect(faultOf(bytes)).toMatch(/^broken\.signrec: landmarksPerFrame: wrong landmark count: 542 landmarks per frame, expected 543/);
  });

  it('truncated body', () => {
    const bytes = good();
    expect(faultOf(bytes.subarray(0, bytes.length - 10))).toMatch(/^broken\.signrec: truncated body: \d+ bytes for 5 frames, expected \d+/);
  });

  it('truncated header, and a file too short for the preamble', () => {
    expect(faultOf(good().subarray(0, 40))).toMatch(/^broken\.signrec: truncated header: 28 bytes, expected \d+/);
    expect(faultOf(good().subarray(0, 6))).toMatch(/^broken\.signrec: only 6 bytes/);
  });

  it('extra bytes after the last frame', () => {
    const bytes = good();
    const longer = new Uint8Array(bytes.length + 4);
    longer.set(bytes);
    expect(faultOf(longer)).toMatch(/^broken\.signrec: 4 unexpected bytes after the last frame/);
  });

  it('a header that is not JSON, or lacks provenance', () => {
    const bytes = good();
    bytes[12] = 0x7e;
    expect(faultOf(bytes)).toMatch(/^broken\.signrec: header is not valid JSON/);
    expect(faultOf(withHeader(makeRecording(), (h) => delete (h.meta as Record<string, unknown>).license))).toMatch(/^broken\.signrec: meta\.license: missing/);
  });

  it('frame times that are not finite, or do not increase, are refused on encode and decode', () => {
    const stalled = makeRecording();
    stalled.frames[2] = { ...stalled.frames[2], timestampMs: stalled.frames[1].timestampMs };
    expect(() => encodeRecording(stalled)).toThrow(/^recording to encode: timestampsMs\[2\]: [\d.]+ ms is not after the frame before it/);
    const lost = makeRecording();
    lost.frames[1] = { ...lost.frames[1], timestampMs: NaN };
    expect(() => encodeRecording(lost)).toThrow(/^recording to encode: timestampsMs\[1\]: must be a finite number of milliseconds/);
    expect(faultOf(withHeader(makeRecording(), (h) => ((h.timestampsMs as unknown[])[3] = null)))).toMatch(/^broken\.signrec: timestampsMs\[3\]: must be a finite number/);
    expect(faultOf(withHeader(makeRecording(), (h) => ((h.timestampsMs as number[])[4] = 1)))).toMatch(/^broken\.signrec: timestampsMs\[4\]: 1 ms is not after/);
  });

  it('a frame of the wrong size is refused, naming the frame', () => {
    const recording = makeRecording(3);
    recording.frames[1] = { ...recording.frames[1], data: new Float32Array(10) };
    expect(() => encodeRecording(recording)).toThrow(`recording to encode: frames[1].data: has 10 values, expected ${VALUES_PER_FRAME}`);
  });

  it('reading a broken file from disk names its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'signrec-'));
    const file = join(dir, 'cut.signrec');
    const bytes = good();
    writeFileSync(file, bytes.subarray(0, bytes.length - 1));
    expect(() => readRecordingFile(file)).toThrow(`${file}: truncated body`);
    expect(() => readRecordingFile(join(dir, 'none.signrec'))).toThrow(`${join(dir, 'none.signrec')}: cannot be read (ENOENT)`);
  });
});
