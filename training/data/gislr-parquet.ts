/**
 * Reads the Kaggle GISLR layout (train.csv + train_landmark_files/<participant>/<sequence>.parquet,
 * one row per landmark per frame: frame, row_id, type, landmark_index, x, y, z) into
 * canonical frames, one sequence at a time so the 94k-sequence corpus streams.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parquetMetadata, parquetRead, type ColumnData } from 'hyparquet';
import { FACE, LEFT_HAND, POSE, RIGHT_HAND, VALUES_PER_LANDMARK, landmarkIndex, type LandmarkRange } from '../../src/lib/landmarks/layout';
import { emptyFrameData, type LandmarkFrame } from '../../src/lib/landmarks/frame';
import * as v from 'valibot';
import { issueProblems, knownFields, nonEmptyString, type ProblemIn } from '../../src/lib/files/problems';
import { relativePath } from '../../src/lib/files/paths';
import { GISLR_FPS, GislrFormatError, type GislrEntry, type GislrSequence } from './gislr-pack';
import { readFileOr, readTextOr } from './read-file';

export const GISLR_TRAIN_CSV = 'train.csv';

/** GISLR's `type` column names the part; landmark_index counts within the part. */
export const GISLR_PART_BY_TYPE: Readonly<Record<string, LandmarkRange>> = {
  face: FACE,
  left_hand: LEFT_HAND,
  pose: POSE,
  right_hand: RIGHT_HAND,
};

const COLUMNS = ['frame', 'type', 'landmark_index', 'x', 'y', 'z'] as const;

export interface GislrTrainRow {
  /** Parquet file, relative to the folder of train.csv. */
  path: string;
  participantId: string;
  sequenceId: string;
  sign: string;
}

const id = (what: string) => v.pipe(v.string(), v.regex(/^\d+$/, `must be the ${what} (a whole number)`));

/** One row of train.csv, by column name. */
const TrainRowSchema = knownFields({
  path: relativePath('.parquet'),
  participant_id: id('participant id'),
  sequence_id: id('sequence id'),
  sign: nonEmptyString('must name the sign'),
}, 'must be a row');

/** Problems listed in one error at most; a broken corpus does not print 94k lines. */
const MAX_LISTED = 20;

export function isGislrParquetLayout(dir: string): boolean {
  return existsSync(join(dir, GISLR_TRAIN_CSV));
}

/** The rows of `<dir>/train.csv` (Kaggle writes it without quoting). */
export function readGislrTrainCsv(dir: string): GislrTrainRow[] {
  const file = join(dir, GISLR_TRAIN_CSV);
  return parseGislrTrainCsv(readTextOr(file, GislrFormatError), file);
}

/** train.csv's text as rows; every faulty line is named (up to MAX_LISTED of them). */
export function parseGislrTrainCsv(text: string, file: string): GislrTrainRow[] {
  const lines = text.split(/\r?\n/).map((line, i) => ({ line, number: i + 1 })).filter((l) => l.line.trim().length > 0);
  const header = lines[0]?.line.split(',') ?? [];
  for (const name of ['path', 'participant_id', 'sequence_id', 'sign']) {
    if (!header.includes(name)) throw new GislrFormatError(file, `has no "${name}" column (columns: ${header.join(', ')})`);
  }
  const problems: ProblemIn[] = [];
  const rows: GislrTrainRow[] = [];
  for (const { line, number } of lines.slice(1)) {
    const cells = line.split(',');
    if (cells.length !== header.length) {
      problems.push({ field: `line ${number}`, message: `has ${cells.length} cells, expected ${header.length}` });
      continue;
    }
    const result = v.safeParse(TrainRowSchema, Object.fromEntries(header.map((name, i) => [name, cells[i]])));
    if (result.success) {
      rows.push({ path: result.output.path, participantId: result.output.participant_id, sequenceId: result.output.sequence_id, sign: result.output.sign });
    } else {
      problems.push(...issueProblems(result.issues).map((p) => ({ field: `line ${number}, ${p.field}`, message: p.message })));
    }
  }
  if (problems.length > MAX_LISTED) {
    throw new GislrFormatError(file, [...problems.slice(0, MAX_LISTED), { field: '', message: `and ${problems.length - MAX_LISTED} more problems` }]);
  }
  if (problems.length) throw new GislrFormatError(file, problems);
  return rows;
}

/**
 * One parquet file as canonical frames: one frame per distinct `frame` value, in order;
 * landmarks the file lacks or marks null/NaN stay NaN. Timestamps are frame numbers
 * (relative to the first) at GISLR_FPS, so gaps in the numbering keep their duration.
 */
export async function readGislrParquetFrames(file: string): Promise<{ firstFrame: number; frames: LandmarkFrame[] }> {
  const bytes = readFileOr(file, GislrFormatError);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const columns = new Map<string, { values: unknown[]; filled: number }>();
  let rows: number;
  try {
    rows = Number(parquetMetadata(buffer).num_rows);
    for (const name of COLUMNS) columns.set(name, { values: new Array<unknown>(rows), filled: 0 });
    await parquetRead({
      file: buffer,
      columns: [...COLUMNS],
      onChunk(chunk: ColumnData) {
        const target = columns.get(chunk.columnName);
        if (!target) return;
        for (let i = 0; i < chunk.columnData.length; i++) target.values[chunk.rowStart + i] = chunk.columnData[i];
        target.filled += chunk.columnData.length;
      },
    });
  } catch (e) {
    throw new GislrFormatError(file, `is not a readable GISLR parquet file (${(e as Error).message})`);
  }
  const column = (name: (typeof COLUMNS)[number]): unknown[] => {
    const { values, filled } = columns.get(name)!;
    if (filled !== rows) throw new GislrFormatError(file, `column "${name}" has ${filled} values for ${rows} rows`);
    return values;
  };
  const frameNo = column('frame') as number[];
  const type = column('type') as string[];
  const index = column('landmark_index') as number[];
  const coords = [column('x'), column('y'), column('z')] as (number | null)[][];

  const frameNumbers = [...new Set(frameNo)].sort((a, b) => a - b);
  const slot = new Map(frameNumbers.map((n, i) => [n, i]));
  const data = frameNumbers.map(() => emptyFrameData());
  for (let r = 0; r < rows; r++) {
    if (!Number.isInteger(frameNo[r])) throw new GislrFormatError(file, [{ field: `row ${r}, frame`, message: `${String(frameNo[r])} is not a frame number` }]);
    const part = Object.hasOwn(GISLR_PART_BY_TYPE, type[r]) ? GISLR_PART_BY_TYPE[type[r]] : undefined;
    if (!part) throw new GislrFormatError(file, `row ${r} has unknown type "${type[r]}"`);
    if (!Number.isInteger(index[r]) || index[r] < 0 || index[r] >= part.count) {
      throw new GislrFormatError(file, `row ${r} has landmark_index ${index[r]}, but ${type[r]} has ${part.count} landmarks`);
    }
    const o = landmarkIndex(part, index[r]) * VALUES_PER_LANDMARK;
    const frame = data[slot.get(frameNo[r])!];
    for (let c = 0; c < VALUES_PER_LANDMARK; c++) {
      const value = coords[c][r];
      if (value !== null && typeof value !== 'number') {
        throw new GislrFormatError(file, [{ field: `row ${r}, ${'xyz'[c]}`, message: `${JSON.stringify(value)} is not a coordinate (a number, or null when not detected)` }]);
      }
      frame[o + c] = value ?? NaN;
    }
  }
  const firstFrame = frameNumbers[0] ?? 0;
  return {
    firstFrame,
    frames: data.map((d, i) => ({ timestampMs: ((frameNumbers[i] - firstFrame) * 1000) / GISLR_FPS, data: d })),
  };
}

/** The sequences listed in `<dir>/train.csv`, each read from its parquet file only when loaded. */
export function openGislrParquet(dir: string): GislrEntry[] {
  return readGislrTrainCsv(dir).map((row) => ({
    sequenceId: row.sequenceId,
    participantId: row.participantId,
    sign: row.sign,
    async load(): Promise<GislrSequence> {
      const { firstFrame, frames } = await readGislrParquetFrames(join(dir, row.path));
      return { sequenceId: row.sequenceId, participantId: row.participantId, sign: row.sign, firstFrame, frames };
    },
  }));
}
