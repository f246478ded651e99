/**
 * `signs extract` and `signs bench` end to end on a few frames of a real clip: the CLI builds nothing (the
 * test run already built dist/ and dist-test/), drives headless Chromium through the app's own
 * code and real Holistic; extract writes a recording that decodes, bench prints every figure.
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

/** Every figure `signs bench` reports (docs/benchmarks.md); null only where a backend may not start or training was skipped. */
const BENCH_NUMBERS = [
  'holistic_ms_per_frame', 'holistic_fps', 'game_fps', 'game_holistic_ms_per_frame', 'pipeline_over_holistic', 'game_reading_over_holistic', 'main_thread_share_of_reading',
  'verdict_latency_frames', 'long_tasks_per_minute', 'animation_frames_per_holistic_frame', 'bundle_js_gzip_bytes', 'bundle_css_gzip_bytes',
  'bytes_before_first_landmark', 'first_landmarks_cold_ms', 'first_landmarks_warm_ms',
];

test('signs bench prints every figure, from one run', async () => {
  test.setTimeout(900_000);
  const stdout = execFileSync('npx', ['tsx', 'training/cli.ts', 'bench', '--frames', '3', '--rounds', '2', '--iterations', '2', '--skip-train', '--json'], {
    encoding: 'utf8',
    timeout: 900_000,
  });
  const report = JSON.parse(stdout.trim().split('\n').at(-1)!);
  for (const key of BENCH_NUMBERS) expect(Number.isFinite(report[key]), key).toBe(true);
  expect(report.pipeline_over_holistic_by_round).toHaveLength(2);
  for (const ratio of report.pipeline_over_holistic_by_round) expect(ratio).toBeGreaterThan(0);
  expect(report.lite_model_from_round === null || Number.isInteger(report.lite_model_from_round)).toBe(true);
  expect(Object.keys(report.classifier_over_holistic)).toEqual(['webgl', 'webgpu', 'wasm', 'cpu']);
  expect(report.classifier_over_holistic.webgl).toBeGreaterThan(0);
  expect(Object.keys(report.matcher_over_holistic)).toEqual(['42', '200']);
  expect(report.train_s).toBeNull();
  expect(['llvmpipe', 'swiftshader']).toContain(report.machine.gl);
  expect(report.machine.renderer).toMatch(report.machine.gl === 'llvmpipe' ? /llvmpipe/ : /SwiftShader/);
});
