import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { LEFT_HAND, RIGHT_HAND, VALUES_PER_FRAME, VALUES_PER_LANDMARK } from '../../src/lib/landmarks';
import { INT16_SCALE } from '../../src/lib/recording/format';
import { GISLR_ATTRIBUTION, GislrFormatError, parseGislrInt16Index, readGislrInt16Pack } from '../../training/data/gislr-pack';
import { GISLR_SUBSET_DIR } from '../../training/shared-data';
import { parseGislrTrainCsv, readGislrParquetFrames, readGislrTrainCsv } from '../../training/data/gislr-parquet';
import { importGislr } from '../../training/data/gislr-import';
import { readPack, readRecordingFile } from '../../training/data/recording-io';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = join(REPO, 'tests/fixtures/gislr');
const SHARED_GISLR = GISLR_SUBSET_DIR;
const hasShared = existsSync(join(SHARED_GISLR, 'landmarks.i16.gz'));

/** Where each Kaggle `type` starts in the 543-landmark row order, as the data README states it. */
const README_OFFSETS: Record<string, number> = { face: 0, left_hand: 468, pose: 489, right_hand: 522 };

const tmp = () => mkdtempSync(join(tmpdir(), 'gislr-'));

describe('GISLR parquet -> canonical frames (fixture only)', () => {
  it('puts every parquet row at its canonical place, one frame per distinct frame number', async () => {
    for (const row of readGislrTrainCsv(FIXTURE)) {
      const file = join(FIXTURE, row.path);
      const { firstFrame, frames } = await readGislrParquetFrames(file);
      const bytes = readFileSync(file);
      const rows = (await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) })) as Array<{
        frame: number; type: string; landmark_index: number; x: number | null; y: number | null; z: number | null;
      }>;
      const numbers = [...new Set(rows.map((r) => r.frame))].sort((a, b) => a - b);
      expect(frames).toHaveLength(numbers.length);
      expect(firstFrame).toBe(numbers[0]);
      expect(frames.map((f) => f.timestampMs)).toEqual(numbers.map((n) => ((n - numbers[0]) * 1000) / 30));
      expect(rows).toHaveLength(numbers.length * 543);
      let nulls = 0;
      for (const r of rows) {
        const o = (README_OFFSETS[r.type] + r.landmark_index) * VALUES_PER_LANDMARK;
        const got = frames[numbers.indexOf(r.frame)].data.subarray(o, o + 3);
        if (r.x === null || Number.isNaN(r.x)) {
          nulls++;
          expect(Array.from(got).every(Number.isNaN)).toBe(true);
        } else {
          expect(Array.from(got)).toEqual([Math.fround(r.x), Math.fround(r.y!), Math.fround(r.z!)]);
        }
      }
      // Each fixture sequence misses some part in some frame (see its README).
      expect(nulls).toBeGreaterThan(0);
    }
  });

  it('writes one recording per sequence with GISLR provenance, and a pack index', async () => {
    const out = tmp();
    const summary = await importGislr({ input: FIXTURE, out });
    expect(summary).toMatchObject({ layout: 'parquet', recordings: 2, frames: 13, signs: { hello: 1, thankyou: 1 }, participants: ['30680', '34503'] });
    const { index, recordings } = readPack(out);
    expect(index.license).toBe('CC-BY-4.0');
    expect(index.recordings.map((r) => [r.file, r.frameCount])).toEqual([
      ['hello-30680-4190630473.signrec', 7],
      ['thankyou-34503-3626530257.signrec', 6],
    ]);
    // Counted by hand from the parquet files: the hello signer's right hand in 6 of 7 frames, face in 4.
    expect(index.recordings[0].presence).toEqual({ pose: 1, face: 0.5714, leftHand: 0, rightHand: 0.8571, anyHand: 0.8571 });
    expect(index.recordings[1].presence).toEqual({ pose: 1, face: 1, leftHand: 0.8333, rightHand: 0, anyHand: 0.8333 });
    expect(recordings[1].meta).toMatchObject({
      gloss: 'thankyou', language: 'ase', signerId: '34503', sequenceId: '3626530257', source: 'gislr', license: 'CC-BY-4.0', attribution: GISLR_ATTRIBUTION,
    });
    expect(recordings[1].fps).toBe(30);
  });

  it('filters by participant and sign', async () => {
    const summary = await importGislr({ input: FIXTURE, out: tmp(), participants: ['34503'] });
    expect(summary.recordings).toBe(1);
    expect((await importGislr({ input: FIXTURE, out: tmp(), signs: ['hello', 'coffee'] })).signs).toEqual({ hello: 1 });
    expect((await importGislr({ input: FIXTURE, out: tmp(), minFrames: 7 })).tooShort).toBe(1);
  });

  it('names the folder or file and the fault', async () => {
    const empty = tmp();
    await expect(importGislr({ input: empty, out: tmp() })).rejects.toThrow(`${empty}: is not a GISLR folder`);
    const badCsv = tmp();
    writeFileSync(join(badCsv, 'train.csv'), 'path,participant_id,sign\nx.parquet,1,hello\n');
    await expect(importGislr({ input: badCsv, out: tmp() })).rejects.toThrow(`${join(badCsv, 'train.csv')}: has no "sequence_id" column`);
    const notParquet = tmp();
    writeFileSync(join(notParquet, 'train.csv'), 'path,participant_id,sequence_id,sign\nx.parquet,1,2,hello\n');
    writeFileSync(join(notParquet, 'x.parquet'), 'not parquet at all');
    await expect(importGislr({ input: notParquet, out: tmp() })).rejects.toThrow(`${join(notParquet, 'x.parquet')}: is not a readable GISLR parquet file`);
  });

  it('names every faulty line of train.csv, and never reads a path outside the folder', () => {
    const csv = 'path,participant_id,sequence_id,sign\n../../x.parquet,1,2,hello\na.parquet,one,2,hello\nb.parquet,1,2\n';
    let lines: string[] = [];
    try {
      parseGislrTrainCsv(csv, 'train.csv');
    } catch (e) {
      expect(e).toBeInstanceOf(GislrFormatError);
      lines = (e as GislrFormatError).lines;
    }
    expect(lines).toEqual([
      expect.stringMatching(/^train\.csv: line 2, path: "\.\.\/\.\.\/x\.parquet" is not a relative path/),
      'train.csv: line 3, participant_id: must be the participant id (a whole number)',
      'train.csv: line 4: has 3 cells, expected 4',
    ]);
  });

  it('names the field of a bad int16 pack index', () => {
    const index = { landmarks_per_frame: 542, values_per_landmark: 3, sequences: [{ sequence_id: 1, participant_id: 2, sign: 'hello', frames: -3, first_frame: 0, offset: 0 }] };
    expect(() => parseGislrInt16Index(index, 'index.json')).toThrow([
      'index.json: landmarks_per_frame: wrong landmark count: 542 landmarks per frame, expected 543',
      'index.json: sequences[0].frames: must be the number of frames (a whole number)',
    ].join('\n'));
  });
});

describe('signs CLI on the fixture', () => {
  const cli = (...args: string[]) => execFileSync(join(REPO, 'node_modules/.bin/tsx'), [join(REPO, 'training/cli.ts'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  it('import-gislr --json prints a summary; inspect --json prints every landmark, null when missing', () => {
    const out = tmp();
    const summary = JSON.parse(cli('import-gislr', FIXTURE, '--out', out, '--json'));
    expect(summary).toMatchObject({ recordings: 2, frames: 13 });
    const file = join(out, 'hello-30680-4190630473.signrec');
    const shown = JSON.parse(cli('inspect', file, '--json')) as { meta: { gloss: string }; frames: Array<Array<[number, number, number] | null>> };
    const recording = readRecordingFile(file);
    expect(shown.meta.gloss).toBe('hello');
    expect(shown.frames).toHaveLength(7);
    shown.frames.forEach((points, f) => {
      expect(points).toHaveLength(543);
      points.forEach((p, i) => {
        const x = recording.frames[f].data[i * VALUES_PER_LANDMARK];
        if (Number.isNaN(x)) expect(p).toBeNull();
        else expect(p![0]).toBeCloseTo(x, 4);
      });
    });
    const human = cli('inspect', file);
    expect(human).toContain('hello (ase)');
    expect(human).toContain('frames:      7 at 30 fps');
    expect(human).toContain('right hand 86%');
  });
});

/** Landmarks equal within `tolerance` (after the int16 pack's clipping), NaN where the pack has NaN. */
function compareFrames(a: Float32Array, b: Float32Array): { worst: number; nanMismatches: number } {
  const limit = 32767 / INT16_SCALE;
  let worst = 0;
  let nanMismatches = 0;
  for (let i = 0; i < VALUES_PER_FRAME; i++) {
    if (Number.isNaN(a[i]) || Number.isNaN(b[i])) {
      if (Number.isNaN(a[i]) !== Number.isNaN(b[i])) nanMismatches++;
      continue;
    }
    worst = Math.max(worst, Math.abs(Math.max(-limit, Math.min(limit, a[i])) - b[i]));
  }
  return { worst, nanMismatches };
}

describe.runIf(hasShared)('GISLR import against the int16 pack (../shared/data)', () => {
  it('the 42 parquet files import to recordings matching the int16 pack within 1e-3, NaN for NaN', async () => {
    const out = tmp();
    const summary = await importGislr({ input: join(SHARED_GISLR, 'parquet'), out });
    expect(summary.recordings).toBe(42);
    const reference = new Map(readGislrInt16Pack(SHARED_GISLR).map((s) => [s.sequenceId, s]));
    const { recordings } = readPack(out);
    let worst = 0;
    let nanMismatches = 0;
    for (const rec of recordings) {
      const ref = reference.get(rec.meta.sequenceId!);
      expect(ref, `sequence ${rec.meta.sequenceId} in the int16 pack`).toBeDefined();
      expect(rec.meta.signerId).toBe(ref!.participantId);
      expect(rec.meta.gloss).toBe(ref!.sign);
      expect(rec.frames).toHaveLength(ref!.frames.length);
      rec.frames.forEach((f, i) => {
        const c = compareFrames(f.data, ref!.frames[i].data);
        worst = Math.max(worst, c.worst);
        nanMismatches += c.nanMismatches;
      });
    }
    expect(nanMismatches).toBe(0);
    expect(worst).toBeLessThan(1e-3);
  });

  it('imports the int16 pack too, keeping the best-handed sequence per signer and sign', async () => {
    const out = tmp();
    const summary = await importGislr({ input: SHARED_GISLR, out, participants: ['62590', '34503'], best: 1, minFrames: 15 });
    expect(summary).toMatchObject({ layout: 'int16', recordings: 4, signs: { hello: 2, thankyou: 2 }, participants: ['34503', '62590'] });
    const all = readGislrInt16Pack(SHARED_GISLR);
    for (const entry of readPack(out).index.recordings) {
      const candidates = all.filter((s) => s.participantId === entry.signerId && s.sign === entry.gloss && s.frames.length >= 15);
      const share = (frames: typeof all[number]['frames']) =>
        frames.filter((f) => [LEFT_HAND, RIGHT_HAND].some((hand) => !Number.isNaN(f.data[hand.start * VALUES_PER_LANDMARK]))).length / frames.length;
      const best = Math.max(...candidates.map((s) => share(s.frames)));
      expect(entry.presence.anyHand).toBeCloseTo(best, 4);
      expect(entry.frameCount).toBeGreaterThanOrEqual(15);
    }
  });
});
