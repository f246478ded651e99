/**
 * `signs bench` (`npm run bench`): what the game costs next to bare Holistic, in one
 * headless Chromium run on this machine, so that every figure is a ratio that holds on a
 * noisy machine (absolute ms without a GPU say little of a learner's laptop). Each figure
 * is explained in docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { preview } from 'vite';
import type { EncodedReference, Latency, ReadingBench, ReadingBenchRequest, LatencyRequest } from '../../src/tools/bench.tool';
import type { BackendName } from '../../src/lib/recognition/backend';
import { encodeRecording, type Recording } from '../../src/lib/recording/format';
import { BUILD_DIRS } from '../../scripts/builds';
import { KEEP_NAMES_SHIM, openToolsPage } from '../browser-page';
import { fakeCameraArgs, softwareGl, webglRenderer, type SoftwareGl } from '../browser';
import { makeFakeCameraClip } from '../fake-camera-clip';
import { installPageMeter, playFigures, type MeterLog, type PlayFigures, type Stretch } from '../bench/page-meter';
import { UsageError, printJson, type Verb } from '../cli-kit';
import { readPack, readRecordingFile } from '../data/recording-io';
import { augmentSequence } from '../model/augment';
import { DEFAULT_MODEL_NAME, intOption } from '../model/cli-options';
import { createRng } from '../model/rng';

const BACKENDS: readonly BackendName[] = ['webgl', 'webgpu', 'wasm', 'cpu'];
const REFERENCE_PACKS = ['public/signs/gislr-hello-thankyou', 'public/signs/rth-signs'];
/** A held-out GISLR signer's HELLO (the game's e2e attempts): never a reference, never trained on. */
const DEFAULT_ATTEMPT = 'tests/e2e/fixtures/gislr-attempts/hello-37055-1763710507.signrec';
/** The larger reference set: the real ones and augmented copies of them (training's augmentation, seeded). */
const MANY_REFERENCES = 200;
const AUGMENT_SEED = 13;
/** The fake camera: the studio clip "hi" (face and both hands), at the app's camera size and rate. */
const CAMERA_CLIP = { video: 'hi.mp4', seconds: 3, fps: 30, width: 640, height: 360 };

const usage = `Usage: npm run bench [-- options]   (builds first; or npm run signs -- bench)

In one headless Chromium session, with a fake camera looping ${CAMERA_CLIP.video}: bare Holistic
on the camera, the game played on the same camera (production build), the recogniser's
readings on each backend and over 42 and ${MANY_REFERENCES} references, a Try's latency on a held-out
attempt, the production bundle, the first landmarks cold and warm, and \`signs train\`.
Prints a table, or one JSON object with --json (keys in docs/benchmarks.md).

Options:
  --frames <n>        Holistic frames timed in each of the game's Tries at most (a Try may end
                      sooner), and as many in each turn of bare Holistic (default 12)
  --rounds <n>        rounds of a Try and a turn of bare Holistic, taking turns on the camera
                      (A B B A); the pipeline figures pool every round (default 6)
  --iterations <n>    recogniser readings timed per figure (default 20)
  --model <name>      model folder under public/models (default: ${DEFAULT_MODEL_NAME})
  --attempt <file>    recording judged by each reading and replayed for the latency (default: ${DEFAULT_ATTEMPT})
  --skip-train        do not time \`signs train\` (train_s is then null)
  --compare-gl        also time bare Holistic in a browser on each software GL, SwiftShader
                      and llvmpipe, alternating, twice each (holistic_ms_by_gl)
  --json              print one JSON object`;

export interface BenchReport {
  machine: { cpus: number; cpu_model: string; gl: string; renderer: string };
  holistic_ms_per_frame: number;
  holistic_fps: number;
  game_fps: number;
  game_holistic_ms_per_frame: number;
  pipeline_over_holistic: number;
  /** Each round's game_fps / holistic_fps, in the order run; pipeline_over_holistic pools the rounds. */
  pipeline_over_holistic_by_round: number[];
  /** The first round in which both ran Holistic's lite pose model (the game switched to it for being slow), or null. */
  lite_model_from_round: number | null;
  classifier_over_holistic: Record<string, number | null>;
  matcher_over_holistic: Record<string, number>;
  classifier_ms_per_reading: Record<string, number | null>;
  matcher_ms_per_reading: Record<string, number>;
  game_reading_over_holistic: number;
  main_thread_share_of_reading: number;
  verdict_latency_frames: number;
  verdict_status: string;
  long_tasks_per_minute: number;
  animation_frames_per_holistic_frame: number;
  bundle_js_gzip_bytes: number;
  bundle_css_gzip_bytes: number;
  bytes_before_first_landmark: number;
  first_landmarks_cold_ms: number;
  first_landmarks_warm_ms: number;
  train_s: number | null;
  /** With --compare-gl: bare Holistic ms a frame per software GL, each the mean of two browser runs. */
  holistic_ms_by_gl?: Record<SoftwareGl, number>;
}

export const verb: Verb = {
  name: 'bench',
  summary: 'the game next to bare Holistic in one browser run: ratios, latency, long tasks, bundle, first landmarks, train time',
  usage,
  options: {
    frames: { type: 'string' },
    rounds: { type: 'string' },
    iterations: { type: 'string' },
    model: { type: 'string' },
    attempt: { type: 'string' },
    'skip-train': { type: 'boolean' },
    'compare-gl': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run({ values }) {
    const frames = intOption(values, 'frames', 12, usage);
    if (frames < 2) throw new UsageError(`--frames must be at least 2 (a frame rate needs two frames).\n\n${usage}`);
    const roundCount = intOption(values, 'rounds', 6, usage);
    if (roundCount < 1) throw new UsageError(`--rounds must be at least 1.\n\n${usage}`);
    const iterations = intOption(values, 'iterations', 20, usage);
    const model = (values.model as string | undefined) ?? DEFAULT_MODEL_NAME;
    const attemptFile = (values.attempt as string | undefined) ?? DEFAULT_ATTEMPT;
    const attempt = readRecordingFile(attemptFile);
    if (!existsSync(join(BUILD_DIRS.production, 'index.html'))) throw new UsageError(`${BUILD_DIRS.production}/index.html is missing: build first (npm run bench does).\n\n${usage}`);
    const log = (line: string) => process.stderr.write(line + '\n');

    const { few, many } = referenceSets();
    const clip = makeFakeCameraClip(CAMERA_CLIP.video, CAMERA_CLIP);
    const tools = await openToolsPage({ extraArgs: fakeCameraArgs(clip), log });
    const production = await preview({ logLevel: 'warn', preview: { port: 0, host: '127.0.0.1', strictPort: false, open: false } });
    try {
      const page = tools.page;
      const renderer = await page.evaluate(webglRenderer);

      log(`Recogniser readings: ${BACKENDS.join(', ')}; the matcher over ${few.length} and ${many.length} references ...`);
      const readingRequest: ReadingBenchRequest = {
        attemptBase64: toBase64(encodeRecording(attempt)), backends: [...BACKENDS], modelUrl: `models/${model}/`,
        referenceSets: [few, many], iterations,
      };
      const readings = await page.evaluate((req) => (window.signquestTools.readingBench as (r: ReadingBenchRequest) => Promise<ReadingBench>)(req), readingRequest);
      log('A Try replayed: latency from the sign\'s last frame to the verdict ...');
      const latencyRequest: LatencyRequest = { attemptBase64: readingRequest.attemptBase64, gloss: attempt.meta.gloss, modelUrl: readingRequest.modelUrl, references: few };
      const latency = await page.evaluate((req) => (window.signquestTools.verdictLatency as (r: LatencyRequest) => Promise<Latency>)(req), latencyRequest);

      const url = production.resolvedUrls?.local[0];
      if (!url) throw new Error('vite preview of the production build did not report a URL');
      log(`The game (production build): first landmarks cold and warm; then ${roundCount} rounds of a Try and bare Holistic (${renderer}) in turn ...`);
      const turns = await takeTurns(page, page.context().browser()!, url, { frames, rounds: roundCount }, log);
      const { bare, play } = turns;
      const byRound = turns.rounds.map((r) => r.play.fps / r.bare.fps);

      const bundle = bundleSizes(BUILD_DIRS.production);
      const trainS = values['skip-train'] ? null : timeTraining(log);
      const ratio = (ms: number) => round(ms / bare.holisticMsPerFrame, 4);
      const classifierMs = Object.fromEntries(BACKENDS.map((b) => [b, readings.classifier[b] ? round(readings.classifier[b].msPerReading) : null]));
      const report: BenchReport = {
        machine: { cpus: cpus().length, cpu_model: cpus()[0]?.model ?? 'unknown', gl: softwareGl(), renderer },
        holistic_ms_per_frame: round(bare.holisticMsPerFrame),
        holistic_fps: round(bare.fps),
        game_fps: round(play.fps),
        game_holistic_ms_per_frame: round(play.holisticMsPerFrame),
        pipeline_over_holistic: round(play.fps / bare.fps, 3),
        pipeline_over_holistic_by_round: byRound.map((x) => round(x, 3)),
        lite_model_from_round: turns.liteFromRound,
        classifier_over_holistic: Object.fromEntries(BACKENDS.map((b) => [b, readings.classifier[b] ? ratio(readings.classifier[b].msPerReading) : null])),
        matcher_over_holistic: Object.fromEntries(Object.entries(readings.matcher).map(([n, c]) => [n, ratio(c.msPerReading)])),
        classifier_ms_per_reading: classifierMs,
        matcher_ms_per_reading: Object.fromEntries(Object.entries(readings.matcher).map(([n, c]) => [n, round(c.msPerReading)])),
        game_reading_over_holistic: ratio(readings.game.msPerReading),
        main_thread_share_of_reading: round(readings.game.mainThreadShare, 3),
        verdict_latency_frames: round(latency.frames, 1),
        verdict_status: latency.status,
        long_tasks_per_minute: round(play.longTasksPerMinute, 1),
        animation_frames_per_holistic_frame: round(play.paintsPerHolisticFrame, 2),
        bundle_js_gzip_bytes: bundle.js,
        bundle_css_gzip_bytes: bundle.css,
        bytes_before_first_landmark: turns.bytesBeforeFirstLandmark,
        first_landmarks_cold_ms: Math.round(turns.coldMs),
        first_landmarks_warm_ms: Math.round(turns.warmMs),
        train_s: trainS === null ? null : round(trainS, 1),
      };
      if (values['compare-gl']) report.holistic_ms_by_gl = await holisticByGl(clip, frames, log);
      if (values.json) printJson(report);
      else printTable(report, bare, play);
    } finally {
      await new Promise<void>((resolve) => production.httpServer.close(() => resolve()));
      await tools.close();
    }
  },
};

/** One real reference per gloss (the game's 42 signs), and MANY_REFERENCES: those and seeded augmented copies. */
function referenceSets(): { few: EncodedReference[]; many: EncodedReference[] } {
  const byGloss = new Map<string, Recording>();
  for (const dir of REFERENCE_PACKS) for (const r of readPack(dir).recordings) if (!byGloss.has(r.meta.gloss)) byGloss.set(r.meta.gloss, r);
  const real = [...byGloss.values()];
  const rng = createRng(AUGMENT_SEED);
  const copies = Array.from({ length: Math.max(0, MANY_REFERENCES - real.length) }, (_, i) => {
    const r = real[i % real.length];
    return { ...r, frames: augmentSequence(r.frames, rng) };
  });
  const encode = (r: Recording): EncodedReference => ({ gloss: r.meta.gloss, recordingBase64: toBase64(encodeRecording(r)) });
  const few = real.map(encode);
  return { few, many: [...few, ...copies.map(encode)] };
}

/**
 * Bare Holistic started in a fresh tools page, metered (the readings may have left TF.js
 * backends and a worker in the page before), once its first frame has built the graph.
 */
async function startBareHolistic(tools: Page): Promise<void> {
  // Its waits span whole turns of Holistic frames, seconds each on software GL.
  tools.setDefaultTimeout(300_000);
  await tools.addInitScript(installPageMeter);
  await tools.reload();
  await tools.waitForSelector('body[data-tools-ready="true"]', { state: 'attached' });
  await tools.evaluate(() => (window.signquestTools.startBareHolistic as () => Promise<void>)());
}

async function stopBareHolistic(tools: Page): Promise<void> {
  await tools.evaluate(() => (window.signquestTools.stopBareHolistic as () => Promise<void>)());
}

/** Bare Holistic in the tools page, on the camera: its figures over `frames` frames after the first. */
async function bareHolistic(page: Page, frames: number): Promise<PlayFigures> {
  await startBareHolistic(page);
  const stretch = await bareTurnOf(page, frames);
  await stopBareHolistic(page);
  return playFigures(await meterLog(page), [stretch]);
}

const COMPARE_ROUNDS = 2;

/** Bare Holistic ms a frame in a browser on each software GL, alternating so that the machine's load falls on both alike. */
async function holisticByGl(clip: string, frames: number, log: (line: string) => void): Promise<Record<SoftwareGl, number>> {
  const runs: Record<SoftwareGl, number[]> = { swiftshader: [], llvmpipe: [] };
  for (let i = 0; i < COMPARE_ROUNDS; i++) {
    for (const gl of ['swiftshader', 'llvmpipe'] as const) {
      const tools = await openToolsPage({ extraArgs: fakeCameraArgs(clip), gl, log });
      try {
        const renderer = await tools.page.evaluate(webglRenderer);
        if (!new RegExp(gl, 'i').test(renderer)) throw new Error(`--compare-gl: the ${gl} flags gave WebGL on ${renderer}.`);
        const figures = await bareHolistic(tools.page, frames);
        log(`  ${gl}: ${round(figures.holisticMsPerFrame, 1)} ms a frame`);
        runs[gl].push(figures.holisticMsPerFrame);
      } finally {
        await tools.close();
      }
    }
  }
  const mean = (xs: number[]) => round(xs.reduce((a, b) => a + b, 0) / xs.length);
  return { swiftshader: mean(runs.swiftshader), llvmpipe: mean(runs.llvmpipe) };
}

function meterLog(page: Page): Promise<MeterLog> {
  return page.evaluate(() => window.__benchMeter!);
}

/** Opens the game at ?debug=1 (straight onto the camera) and waits for the first Holistic result. */
async function firstLandmarks(page: Page): Promise<{ atMs: number; bytes: number }> {
  await page.goto('./?debug=1');
  await page.waitForFunction(() => (window.__benchMeter?.holistic.length ?? 0) > 0, undefined, { polling: 200 });
  return page.evaluate(() => {
    const atMs = window.__benchMeter!.holistic[0][1];
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const resources = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((r) => r.responseEnd <= atMs);
    return { atMs, bytes: navigation.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0) };
  });
}

interface Turns {
  coldMs: number;
  warmMs: number;
  bytesBeforeFirstLandmark: number;
  /** Each round's Try and bare turn. */
  rounds: { play: PlayFigures; bare: PlayFigures }[];
  /** Every round pooled. */
  play: PlayFigures;
  bare: PlayFigures;
  /** The round from which both ran Holistic's lite pose model (the game switched on its own), or null. */
  liteFromRound: number | null;
}

/** A browser profile on the production build with the page meter (and the names shim it needs). */
async function gameContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL });
  // Holistic holds the main thread for seconds a frame on software GL: clicks wait that long.
  context.setDefaultTimeout(300_000);
  await context.addInitScript(KEEP_NAMES_SHIM);
  await context.addInitScript(installPageMeter);
  return context;
}

/** Hides or shows a page, and once hidden waits for its Holistic call in flight to end, so the other page has the machine. */
async function setHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((h) => window.__benchSetHidden!(h), hidden);
  if (hidden) await page.waitForFunction(() => window.__benchMeter!.sending === 0, undefined, { polling: 50 });
}

/**
 * The game and bare Holistic take turns on the same camera, one page shown at a time
 * (the other hidden, as by a tab switch, so its tracking pauses): a Try, then as many bare
 * frames, then the other way round (A B B A), so that the machine's drift over minutes
 * falls on both alike. Before that, the game's first landmarks cold and warm in the same
 * browser profile (the warm visit is a returning learner's, from the service worker).
 */
async function takeTurns(tools: Page, browser: Browser, baseURL: string, opts: { frames: number; rounds: number }, log: (line: string) => void): Promise<Turns> {
  const context = await gameContext(browser, baseURL);
  try {
    const cold = await context.newPage();
    const first = await firstLandmarks(cold);
    await cold.evaluate(() => navigator.serviceWorker?.ready);
    await cold.close();
    const warmPage = await context.newPage();
    const warm = await firstLandmarks(warmPage);
    await warmPage.close();

    await startBareHolistic(tools);
    await setHidden(tools, true);
    const game = await context.newPage();
    await openRestaurant(game);
    const stretches: { play: Stretch; bare: Stretch }[] = [];
    let liteFromRound: number | null = null;
    // Bare turns are as long as the Try before them (a Try can end sooner than opts.frames).
    let tryFrames = opts.frames;
    const gameTurn = async () => {
      await setHidden(game, false);
      const stretch = await tryTurn(game, opts.frames);
      await setHidden(game, true);
      tryFrames = playFigures(await meterLog(game), [stretch]).holisticFrames;
      return stretch;
    };
    const bareTurn = async (frames: number) => {
      await setHidden(tools, false);
      const stretch = await bareTurnOf(tools, frames);
      await setHidden(tools, true);
      return stretch;
    };
    try {
      for (let r = 1; r <= opts.rounds; r++) {
        log(`  round ${r} of ${opts.rounds} ...`);
        if (r % 2 === 1) {
          const play = await gameTurn();
          stretches.push({ play, bare: await bareTurn(tryFrames) });
        } else {
          const bare = await bareTurn(tryFrames);
          stretches.push({ play: await gameTurn(), bare });
        }
        if (liteFromRound === null && (await game.getByTestId('lite-model').count()) > 0) {
          // The game chose the lite pose model for being slow: bare Holistic follows, so both run the same model.
          await tools.evaluate(() => (window.signquestTools.liteBareHolistic as () => void)());
          liteFromRound = r + 1;
        }
      }
      const [gameLog, toolsLog] = [await meterLog(game), await meterLog(tools)];
      return {
        coldMs: first.atMs, warmMs: warm.atMs, bytesBeforeFirstLandmark: first.bytes, liteFromRound,
        rounds: stretches.map((x) => ({ play: playFigures(gameLog, [x.play]), bare: playFigures(toolsLog, [x.bare]) })),
        play: playFigures(gameLog, stretches.map((x) => x.play)),
        bare: playFigures(toolsLog, stretches.map((x) => x.bare)),
      };
    } finally {
      await game.close();
      await stopBareHolistic(tools);
    }
  } finally {
    await context.close();
  }
}

/** The restaurant's first step, up to its Try button. */
async function openRestaurant(page: Page): Promise<void> {
  await page.goto('./');
  const start = page.getByRole('button', { name: 'Start' });
  if (await start.isVisible()) {
    await start.click();
    await page.getByRole('button', { name: 'Turn on camera' }).click();
  }
  await page.getByTestId('overlay').waitFor();
  await page.getByTestId('play-restaurant').click();
  await page.getByTestId('continue').click();
}

/** Presses on to the next Try of the scene (past a result or a line of dialogue) until one watches the camera. */
async function startNextTry(page: Page): Promise<void> {
  const buttons = ['start-try', 'try-again', 'continue'].map((id) => page.getByTestId(id));
  while (!(await page.getByTestId('try-status').isVisible())) {
    for (const button of buttons) {
      if (await button.isVisible()) {
        await button.click();
        break;
      }
    }
    await page.waitForTimeout(100);
  }
}

/**
 * A Try on the camera: from when it watches (the recogniser was loaded when the step
 * opened) to `frames` Holistic frames later, or the Try's end if sooner; again if that
 * left fewer than two frames.
 */
async function tryTurn(page: Page, frames: number): Promise<Stretch> {
  for (;;) {
    await startNextTry(page);
    const from = await page.evaluate(() => performance.now());
    await page.waitForFunction(
      ({ from, frames }) => window.__benchMeter!.holistic.filter(([s]) => s >= from).length > frames
        || document.querySelector('[data-testid="lesson"]')?.getAttribute('data-phase') === 'result',
      { from, frames },
      { polling: 200 },
    );
    const to = await page.evaluate(() => performance.now());
    const calls = await page.evaluate(({ from, to }) => window.__benchMeter!.holistic.filter(([s, e]) => s >= from && e <= to).length, { from, to });
    if (calls >= 2) return [from, to];
  }
}

/** Bare Holistic's turn: from when the page shows to `frames` frames later (at least 2). */
async function bareTurnOf(page: Page, frames: number): Promise<Stretch> {
  const from = await page.evaluate(() => performance.now());
  const wanted = Math.max(2, frames);
  await page.waitForFunction(
    ({ from, wanted }) => window.__benchMeter!.holistic.filter(([s]) => s >= from).length >= wanted,
    { from, wanted },
    { polling: 100 },
  );
  return [from, await page.evaluate(() => performance.now())];
}

/** Gzipped bytes of every JS and CSS file of a build (the app's bundle and the vendored Holistic script). */
export function bundleSizes(dir: string): { js: number; css: number } {
  const sizes = { js: 0, css: 0 };
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.m?js$/.test(name)) sizes.js += gzipSync(readFileSync(path)).length;
      else if (name.endsWith('.css')) sizes.css += gzipSync(readFileSync(path)).length;
    }
  };
  walk(dir);
  return sizes;
}

/** Seconds `signs train` takes for the default model, into a scratch folder (public/models stays as it is). */
function timeTraining(log: (line: string) => void): number {
  const out = mkdtempSync(join(tmpdir(), 'signs-bench-train-'));
  log(`signs train (the default model) into ${out} ...`);
  const started = performance.now();
  try {
    const run = spawnSync('npx', ['tsx', 'training/cli.ts', 'train', '--out', out], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (run.status !== 0) throw new Error(`signs train failed (exit ${run.status ?? run.signal}).`);
    return (performance.now() - started) / 1000;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function printTable(r: BenchReport, bare: PlayFigures, play: PlayFigures): void {
  const backends = (o: Record<string, number | null>) => Object.entries(o).map(([k, v]) => `${k} ${v ?? 'did not start'}`).join(', ');
  const rows: [string, string][] = [
    ['machine', `${r.machine.cpus} × ${r.machine.cpu_model}; WebGL on ${r.machine.renderer}`],
    ['Holistic, bare', `${r.holistic_ms_per_frame} ms a frame, ${r.holistic_fps} frames a second (${bare.holisticFrames} frames)`],
    ['game loop', `${r.game_fps} frames a second, Holistic ${r.game_holistic_ms_per_frame} ms a frame (${play.holisticFrames} frames of a Try)`],
    ['pipeline_over_holistic', `${r.pipeline_over_holistic} (goal >= 0.95; every round pooled; rounds ${r.pipeline_over_holistic_by_round.join(', ')}${r.lite_model_from_round === null ? '' : `; both on the lite pose model from round ${r.lite_model_from_round}`})`],
    ['classifier_over_holistic', `${backends(r.classifier_over_holistic)} (goal < 0.05)`],
    ['matcher_over_holistic', `${backends(r.matcher_over_holistic)} references (goal < 0.05)`],
    ['game reading over Holistic', `${r.game_reading_over_holistic} (model and ${Object.keys(r.matcher_over_holistic).at(-1)} references)`],
    ['main thread share of a reading', String(r.main_thread_share_of_reading)],
    ['verdict latency', `${r.verdict_latency_frames} frames (${r.verdict_status})`],
    ['long tasks per minute', `${r.long_tasks_per_minute} (Holistic's own calls excepted)`],
    ['animation frames per Holistic frame', String(r.animation_frames_per_holistic_frame)],
    ['bundle gzipped', `JS ${r.bundle_js_gzip_bytes} B, CSS ${r.bundle_css_gzip_bytes} B`],
    ['bytes before the first landmark', String(r.bytes_before_first_landmark)],
    ['first landmarks', `cold ${r.first_landmarks_cold_ms} ms, warm ${r.first_landmarks_warm_ms} ms`],
    ['signs train', r.train_s === null ? 'skipped' : `${r.train_s} s`],
  ];
  if (r.holistic_ms_by_gl) rows.push(['Holistic by software GL', `SwiftShader ${r.holistic_ms_by_gl.swiftshader} ms, llvmpipe ${r.holistic_ms_by_gl.llvmpipe} ms a frame`]);
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
