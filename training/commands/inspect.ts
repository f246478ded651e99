/**
 * `signs inspect <file>`: what a `.signrec` recording holds, as a human summary or, with
 * --json, every landmark (null where it was not detected).
 */
import { VALUES_PER_LANDMARK, LANDMARKS_PER_FRAME } from '../../src/lib/landmarks/layout';
import { presenceShares } from '../../src/lib/recording/pack';
import type { Recording } from '../../src/lib/recording/format';
import { readRecordingFile } from '../data/recording-io';
import { UsageError, printJson, type Verb } from '../cli-kit';

const usage = `Usage: npm run signs -- inspect <file.signrec> [--json]

Without --json: gloss, signer, source, licence, frames, fps, duration and the share of
frames in which each part (pose, face, left hand, right hand) was detected.
With --json: {"meta":{...},"fps":n,"timestampsMs":[...],"frames":[[[x,y,z] or null, ... 543], ...]}
(coordinates as stored, to 1e-4; null for a landmark that was not detected).`;

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

export const verb: Verb = {
  name: 'inspect',
  summary: 'show what a .signrec recording holds (summary, or every landmark with --json)',
  usage,
  options: { json: { type: 'boolean' } },
  async run({ values, positionals }) {
    if (positionals.length !== 1) throw new UsageError(`Give one recording file.\n\n${usage}`);
    const recording = readRecordingFile(positionals[0]);
    if (values.json) printJson(recordingToJson(recording));
    else console.log(recordingSummary(recording, positionals[0]));
  },
};
