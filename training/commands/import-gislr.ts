/**
 * `signs import-gislr <dir> --out <dir>`: GISLR sequences (Kaggle parquet layout or the
 * int16 pack) -> one `.signrec` recording each, plus the pack's index.json.
 */
import { importGislr } from '../data/gislr-import';
import { UsageError, printJson, progressBar, requireString, type Progress, type Verb } from '../cli-kit';

const usage = `Usage: npm run signs -- import-gislr <dir> --out <dir> [options]

<dir> is either the Kaggle GISLR layout (train.csv + train_landmark_files/*/*.parquet,
as in ../shared/data/gislr-hello-thankyou/parquet, or the whole 94k-sequence corpus) or
the int16 pack (a folder with landmarks.i16.gz + index.json). Sequences are read and
written one at a time. Writes <out>/<sign>-<participant>-<sequence>.signrec and
<out>/index.json (a sign pack, with each recording's presence shares).

Options:
  --out <dir>              where the pack goes (created if missing)
  --participants <ids>     only these participant ids (comma-separated)
  --signs <signs>          only these signs (comma-separated)
  --min-frames <n>         skip sequences with fewer frames
  --best <n>               keep the n sequences per participant and sign with the most
                           frames showing a hand (ties: length nearer a typical sign)
  --name <name>            pack name (default: the --out folder's name)
  --description <text>     pack description
  --json                   print a JSON summary on stdout`;

function list(value: unknown): string[] | undefined {
  if (typeof value !== 'string') return undefined;
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

function positiveInt(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive whole number, got "${value}"`);
  return n;
}

export const verb: Verb = {
  name: 'import-gislr',
  summary: 'GISLR parquet files or int16 pack -> a pack of recordings',
  usage,
  options: {
    out: { type: 'string' },
    participants: { type: 'string' },
    signs: { type: 'string' },
    'min-frames': { type: 'string' },
    best: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values, positionals }) {
    if (positionals.length !== 1) throw new UsageError(`Give one GISLR folder.\n\n${usage}`);
    const out = requireString(values, 'out', usage);
    // Made on the first report, when the number of sequences is known.
    let bar: Progress | undefined;
    let summary;
    try {
      summary = await importGislr({
        input: positionals[0],
        out,
        participants: list(values.participants),
        signs: list(values.signs),
        minFrames: positiveInt(values['min-frames'], 'min-frames'),
        best: positiveInt(values.best, 'best'),
        name: values.name as string | undefined,
        description: values.description as string | undefined,
        onProgress: (done, total) => {
          bar ??= progressBar('import-gislr', total);
          bar.update(done, total);
        },
      });
    } finally {
      bar?.done();
    }
    if (values.json) {
      printJson(summary);
      return;
    }
    const pct = (x: number) => `${Math.round(x * 100)}%`;
    const p = summary.meanPresence;
    console.log(
      `${summary.recordings} recordings (${Object.entries(summary.signs).map(([s, n]) => `${s} ${n}`).join(', ')}) from ${summary.participants.length} signers, ` +
        `${summary.frames} frames -> ${summary.out} in ${summary.seconds} s` +
        (summary.tooShort ? `; ${summary.tooShort} too short, skipped` : '') +
        `\nmean presence: pose ${pct(p.pose)}, face ${pct(p.face)}, left hand ${pct(p.leftHand)}, right hand ${pct(p.rightHand)}, any hand ${pct(p.anyHand)}`,
    );
  },
};
