/**
 * `signs extract` and `signs bench` end to end on a few frames of a real clip: the CLI builds nothing (the
 * test run already built dist-test/), drives headless Chromium through the app's video-file
 * source and real Holistic, and writes a recording that decodes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { decodeRecording } from '../../src/lib/recording/format';
import { partCounts } from '../../src/lib/landmarks/frame';
import { RTH_VIDEOS_DIR } from '../../training/shared-data';

const FRAMES = 3;

test('signs extract writes a recording of real landmarks', async () => {
  const out = mkdtempSync(join(tmpdir(), 'signs-extract-'));
  const video = join(RTH_VIDEOS_DIR, 'coffee.mp4');
  const stdout = execFileSync('npx', ['tsx', 'training/cli.ts', 'extract', video, '--out', out, '--max-frames', String(FRAMES), '--gloss', 'coffee', '--license', 'MIT', '--attribution', 'test', '--json'], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  const report = JSON.parse(stdout.trim().split('\n').at(-1)!);
  expect(report.frames).toBe(FRAMES);
  expect(report.fps).toBeCloseTo(29.97, 1);
  const recording = decodeRecording(readFileSync(join(out, 'coffee.signrec')), 'coffee.signrec');
  expect(recording.meta.gloss).toBe('coffee');
  expect(recording.frames).toHaveLength(FRAMES);
  expect(recording.frames[1].timestampMs).toBeCloseTo(1000 / 29.97, 1);
  for (const frame of recording.frames) expect(partCounts(frame).pose).toBe(33);
});

test('signs bench reports the model time as a share of Holistic time, from one run', async () => {
  const video = join(RTH_VIDEOS_DIR, 'hi.mp4');
  const stdout = execFileSync('npx', ['tsx', 'training/cli.ts', 'bench', '--video', video, '--frames', '3', '--iterations', '10', '--json'], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  const report = JSON.parse(stdout.trim().split('\n').at(-1)!);
  expect(report.backend).toBe('webgl');
  expect(report.holistic_frames_timed).toBe(2);
  expect(report.holistic_ms_per_frame).toBeGreaterThan(0);
  expect(report.model_ms_per_window).toBeGreaterThan(0);
  expect(report.model_to_holistic).toBeCloseTo(report.model_ms_per_window / report.holistic_ms_per_frame, 2);
});
