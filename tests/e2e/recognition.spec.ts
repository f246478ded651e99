/**
 * Recognition in the real browser (the test build's tools.html, under the app's CSP): the
 * shared features equal Node's on GISLR recordings, and the shipped model loads, predicts
 * like Node, and leaks no tensors on every TF.js backend that initialises in headless
 * Chromium, each without a CSP violation or a request to another origin.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { computeFeatures } from '../../src/lib/features/spec';
import { decodeRecording } from '../../src/lib/recording/format';
import type { RecognitionBenchmark, RecognitionBenchmarkRequest } from '../../src/tools/recognition.tool';
import type { WorkerRecognitionReport, WorkerRecognitionRequest } from '../../src/tools/recognition-worker.tool';
import { initNodeBackend, tf } from '../../training/model/tf-node';
import { loadModelFromDir } from '../../training/model/model';
import { DEFAULT_MODEL_NAME, MODELS_DIR } from '../../training/model/cli-options';
import { expectNoLeaks, watchForLeaks, type LeakWatch } from './no-leaks';

const FIXTURES = 'tests/fixtures/features';
/**
 * Browser and Node run the same JS maths on the same float32 inputs; the only room for
 * difference is Math.hypot/sqrt rounding, far below this.
 */
const GOLDEN_TOLERANCE = 1e-5;
/** Class scores on GPU backends (float16/float32 shaders) vs Node's cpu backend. */
const PROBS_TOLERANCE = 1e-3;
const INFERENCES = 100;

const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.signrec')).sort();
const recordings = files.map((f) => readFileSync(join(FIXTURES, f)));

async function openTools(page: Page, baseURL: string | undefined): Promise<LeakWatch> {
  const leaks = await watchForLeaks(page.context(), new URL(baseURL!).origin);
  await page.goto('tools.html');
  await page.waitForFunction(() => document.body.dataset.toolsReady === 'true');
  return leaks;
}

test('features computed in the browser equal those computed in Node', async ({ page, baseURL }) => {
  const leaks = await openTools(page, baseURL);
  for (const [i, bytes] of recordings.entries()) {
    const browser = await page.evaluate(([b64, name]) => (window.signquestTools.recordingFeatures as (b: string, n: string) => number[])(b64, name), [bytes.toString('base64'), files[i]] as const);
    const node = computeFeatures(decodeRecording(bytes, files[i]).frames);
    expect(browser.length).toBe(node.length);
    let worst = 0;
    node.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - browser[k]))));
    expect(worst, files[i]).toBeLessThanOrEqual(GOLDEN_TOLERANCE);
  }
  await expectNoLeaks(leaks);
});

for (const backend of ['webgl', 'webgpu', 'wasm', 'cpu'] as const) {
  test(`shipped model on ${backend}: loads, predicts like Node, no tensor leak`, async ({ page, baseURL }) => {
    const leaks = await openTools(page, baseURL);
    const request: RecognitionBenchmarkRequest = {
      backend, modelUrl: `models/${DEFAULT_MODEL_NAME}/`, recordingsBase64: recordings.map((b) => b.toString('base64')), iterations: INFERENCES,
    };
    const result = await page.evaluate((req) => (window.signquestTools.recognitionBenchmark as (r: RecognitionBenchmarkRequest) => Promise<RecognitionBenchmark>)(req), request);
    await expectNoLeaks(leaks);
    test.info().annotations.push({ type: 'backend', description: `${backend}: ${result.initialised ? `${result.msPerWindow.toFixed(2)} ms per window` : 'does not initialise here'}` });
    console.log(`[recognition] ${backend}: initialised ${result.initialised}${result.initialised ? `, ${result.msPerWindow.toFixed(2)} ms per window (model only, batch 1, mean of ${INFERENCES})` : ''}`);
    // wasm and cpu need no GPU: they must work everywhere.
    if (backend === 'wasm' || backend === 'cpu') expect(result.initialised).toBe(true);
    test.skip(!result.initialised, `${backend} does not initialise in this headless Chromium`);
    expect(result.backend).toBe(backend);
    expect(result.numTensorsAfter).toBe(result.numTensorsBefore);
    await initNodeBackend('cpu');
    const classifier = await loadModelFromDir(tf, join(MODELS_DIR, DEFAULT_MODEL_NAME));
    const node = await classifier.predict(recordings.map((b, i) => ({ frames: decodeRecording(b, files[i]).frames })));
    classifier.dispose();
    node.forEach((p, i) => p.probs.forEach((v, k) => expect(Math.abs(v - result.probs[i][k]), `${files[i]} ${result.labels[k]}`).toBeLessThanOrEqual(PROBS_TOLERANCE)));
    result.results.forEach((r, i) => {
      expect(r.method).toBe('classifier');
      expect(r.accepted, files[i]).toBe(decodeRecording(recordings[i], files[i]).meta.gloss);
    });
  });
}

test('recognition in the game\'s Web Worker: no tensor leak across the boundary, each recording judged as its sign', async ({ page, baseURL }) => {
  const leaks = await openTools(page, baseURL);
  const request: WorkerRecognitionRequest = { modelUrl: `models/${DEFAULT_MODEL_NAME}/`, recordingsBase64: recordings.map((b) => b.toString('base64')) };
  const report = await page.evaluate((req) => (window.signquestTools.workerRecognitionReport as (r: WorkerRecognitionRequest) => Promise<WorkerRecognitionReport>)(req), request);
  await expectNoLeaks(leaks);
  console.log(`[recognition] in the worker (${report.backend}): ${report.readings} readings, ${report.msPerReading.toFixed(1)} ms each, ${report.callMsPerReading.toFixed(2)} ms of it in the page's call`);
  expect(report.backend).toMatch(/^(webgpu|webgl|wasm|cpu)$/);
  expect(report.readings).toBeGreaterThan(recordings.length);
  expect(report.numTensors.ready).toBeGreaterThan(report.numTensors.idle);
  expect(report.numTensors.afterReadings).toBe(report.numTensors.ready);
  expect(report.numTensors.disposed).toBe(report.numTensors.idle);
  report.results.forEach((r, i) => expect(r.accepted, files[i]).toBe(decodeRecording(recordings[i], files[i]).meta.gloss));
});
