/**
 * `signs pack <recording or folder>... --out <dir>`: gathers `.signrec` recordings (e.g.
 * from `signs extract`) into a sign pack the game can load: the files plus index.json,
 * or one `.signpack` file (`--signpack`) as the app's sign studio imports and exports.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { RECORDING_EXTENSION } from '../../src/lib/recording/format';
import { encodeSignpack, makeSignPack, SIGNPACK_EXTENSION } from '../../src/lib/recording/signpack';
import { PackWriter, readRecordingFile } from '../data/recording-io';
import { UsageError, printJson, progressBar, requireString, type Verb } from '../cli-kit';

const usage = `Usage: npm run signs -- pack <recording${RECORDING_EXTENSION} or folder>... (--out <dir> | --signpack <file${SIGNPACK_EXTENSION}>) [options]

Copies the recordings (a folder contributes every ${RECORDING_EXTENSION} directly in it) into <out>
and writes <out>/index.json with each recording's gloss, signer and presence shares; or
writes the whole pack as one ${SIGNPACK_EXTENSION} file (index, recordings and README), the file
the app's sign studio imports and exports.

Options:
  --out <dir>             the pack folder (created if missing)
  --signpack <file>       write one ${SIGNPACK_EXTENSION} file instead of a folder
  --name <name>           pack name (default: the --out folder's name)
  --description <text>    one line on what the pack holds
  --license <spdx>        licence of the pack (default: the recordings' own, when they agree)
  --attribution <text>    attribution of the pack (default: the recordings' own, when they agree)
  --json                  print the index entries as JSON`;

function recordingFiles(inputs: string[]): string[] {
  return inputs.flatMap((input) =>
    statSync(input).isDirectory()
      ? readdirSync(input).filter((f) => f.endsWith(RECORDING_EXTENSION)).sort().map((f) => join(input, f))
      : [input],
  );
}

/** The one value all recordings agree on, or the option given. */
function shared(given: unknown, values: string[], option: string): string {
  if (typeof given === 'string' && given) return given;
  const distinct = [...new Set(values)];
  if (distinct.length !== 1) throw new UsageError(`The recordings have ${distinct.length} different ${option} values: give --${option}.`);
  return distinct[0];
}

export const verb: Verb = {
  name: 'pack',
  summary: 'gather .signrec recordings into a sign pack (files + index.json)',
  usage,
  options: {
    out: { type: 'string' },
    signpack: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
    license: { type: 'string' },
    attribution: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values, positionals }) {
    if (positionals.length === 0) throw new UsageError(`Give at least one recording or folder.\n\n${usage}`);
    const signpack = values.signpack as string | undefined;
    const out = signpack ?? requireString(values, 'out', usage);
    const files = recordingFiles(positionals);
    if (files.length === 0) throw new UsageError(`No ${RECORDING_EXTENSION} files in ${positionals.join(', ')}.`);
    // Read every header first, so a bad file or a licence clash stops before anything is written.
    const recordings = files.map((f) => ({ file: f, recording: readRecordingFile(f) }));
    const info = {
      name: (values.name as string | undefined) ?? basename(out, SIGNPACK_EXTENSION),
      description: (values.description as string | undefined) ?? `${files.length} recordings`,
      license: shared(values.license, recordings.map((r) => r.recording.meta.license), 'license'),
      attribution: shared(values.attribution, recordings.map((r) => r.recording.meta.attribution), 'attribution'),
    };
    if (signpack) {
      const pack = makeSignPack(info, [], recordings.map(({ file }) => ({ file: basename(file), bytes: readFileSync(file) })), signpack);
      writeFileSync(signpack, encodeSignpack(pack));
      if (values.json) printJson(pack.index.recordings);
      else console.log(`${pack.index.recordings.length} recordings (${[...new Set(pack.index.recordings.map((r) => r.gloss))].join(', ')}) -> ${signpack}`);
      return;
    }
    const writer = new PackWriter(out, info);
    const bar = progressBar('pack', recordings.length);
    for (const { file, recording } of recordings) {
      writer.add(recording, basename(file));
      bar.tick();
    }
    bar.done();
    const index = writer.finish();
    if (values.json) printJson(index.recordings);
    else console.log(`${index.recordings.length} recordings (${[...new Set(index.recordings.map((r) => r.gloss))].join(', ')}) -> ${join(out, 'index.json')}`);
  },
};
