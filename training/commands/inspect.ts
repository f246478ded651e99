/**
 * `signs inspect <file>`: what a `.signrec` recording holds, as a human summary or, with
 * --json, every landmark (null where it was not detected).
 */
import { VALUES_PER_LANDMARK, LANDMARKS_PER_FRAME } from '../../src/lib/landmarks/layout';
import { presenceShares } from '../../src/lib/recording/pack';
import type { Recording } from '../../src/lib/recording/format';
import { isSignpackPath, readRecordingFile, readSignpackFile } from '../data/recording-io';
import type { SignPack } from '../../src/lib/recording/signpack';
import { UsageError, printJson, type Verb } from '../cli-kit';

const usage = `Usage: npm run signs -- inspect <file.signrec | file.signpack> [--json]

Without --json: gloss, signer, source, licence, frames, fps, duration and the share of
frames in which each part (pose, face, left hand, right hand) was detected.
With --json: {"meta":{...},"fps":n,"timestampsMs":[...],"frames":[[[x,y,z] or null, ... 543], ...]}
(coordinates as stored, to 1e-4; null for a landmark that was not detected).

A .signpack file (a sign pack in one file, from the app's sign studio or signs pack
--signpack) is checked in full; without --json its name, licence, attribution, the signs
it defines and a summary of each recording; with --json
{"index":{...},"signs":[...],"readme":"...","recordings":[{"file":..., <recording as above>}]}.`;

type Point = [number, number, number] | null;

/** The recording as plain JSON: one array of 543 points (or null) per frame. */
export function recordingToJson(recording: Recording) {
  const round = (v: number) => Math.round(v * 10000) / 10000;
  const frames: Point[][] = recording.frames.map(({ data }) => {
    const points: Point[] = [];
    for (let i = 0; i < LANDMARKS_PER_FRAME; i++) {
      const o = i * VALUES_PER_LANDMARK;
      points.push(Number.isNaN(data[o]) ? null : [round(data[o]), round(data[o + 1]), round(data[o + 2])]);
    }
    return points;
  });
  return { meta: recording.meta, fps: recording.fps, timestampsMs: recording.frames.map((f) => f.timestampMs), frames };
}

export function recordingSummary(recording: Recording, file: string): string {
  const { meta, fps, frames } = recording;
  const p = presenceShares(frames);
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const durationS = frames.length ? (frames[frames.length - 1].timestampMs - frames[0].timestampMs) / 1000 + 1 / fps : 0;
  return [
    file,
    `  gloss:       ${meta.gloss} (${meta.language})`,
    `  signer:      ${meta.signerId ?? 'unknown'}${meta.sequenceId ? `, sequence ${meta.sequenceId}` : ''}`,
    `  source:      ${meta.source}${meta.extractor ? `, ${meta.extractor}` : ''}`,
    `  licence:     ${meta.license}: ${meta.attribution}`,
    `  frames:      ${frames.length} at ${fps} fps, ${durationS.toFixed(2)} s`,
    `  presence:    pose ${pct(p.pose)}, face ${pct(p.face)}, left hand ${pct(p.leftHand)}, right hand ${pct(p.rightHand)}, any hand ${pct(p.anyHand)}`,
  ].join('\n');
}

export function signpackSummary(pack: SignPack, file: string): string {
  const { index } = pack;
  return [
    `${file}: sign pack "${index.name}", ${index.recordings.length} recordings of ${[...new Set(index.recordings.map((r) => r.gloss))].join(', ')}`,
    `  licence:     ${index.license}: ${index.attribution}`,
    ...pack.signs.map((s) => `  defines:     ${s.gloss} (${s.language}, ${s.hands === 1 ? 'one hand' : 'two hands'}): ${s.description.en}`),
    ...pack.recordings.map((r) => recordingSummary(r.recording, r.file).replace(/^/gm, '  ')),
  ].join('\n');
}

export const verb: Verb = {
  name: 'inspect',
  summary: 'show what a .signrec recording or a .signpack file holds (summary, or every landmark with --json)',
  usage,
  options: { json: { type: 'boolean' } },
  async run({ values, positionals }) {
    if (positionals.length !== 1) throw new UsageError(`Give one recording file.\n\n${usage}`);
    if (isSignpackPath(positionals[0])) {
      const pack = readSignpackFile(positionals[0]);
      if (values.json) printJson({ index: pack.index, signs: pack.signs, readme: pack.readme, recordings: pack.recordings.map((r) => ({ file: r.file, ...recordingToJson(r.recording) })) });
      else console.log(signpackSummary(pack, positionals[0]));
      return;
    }
    const recording = readRecordingFile(positionals[0]);
    if (values.json) printJson(recordingToJson(recording));
    else console.log(recordingSummary(recording, positionals[0]));
  },
};
