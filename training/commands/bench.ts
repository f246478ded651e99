/**
 * `signs bench`: what recognition costs next to Holistic, measured in one browser run on
 * this machine, so the figure is a ratio (absolute ms on a machine without a GPU say
 * little of a learner's laptop).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RecognitionBenchmark, RecognitionBenchmarkRequest } from '../../src/tools/recognition.tool';
import type { BackendName } from '../../src/lib/recognition/backend';
import { openToolsPage } from '../browser-page';
import { extractInPage } from '../video-in-page';
import { UsageError, printJson, type Verb } from '../cli-kit';
import { DEFAULT_MODEL_NAME, intOption } from '../model/cli-options';
import { RTH_VIDEOS_DIR } from '../shared-data';

const DEFAULT_VIDEO = join(RTH_VIDEOS_DIR, 'hi.mp4');
const BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

const usage = `Usage: npm run signs -- bench [options]

Runs, in one headless Chromium session, the real Holistic on the first frames of a video
and the sign model on the landmarks it found, and reports the model's time per window as
a share of Holistic's time per frame (the issue's goal: under 0.05 on WebGL).

Options:
  --video <file>       video to run Holistic on (default: ${DEFAULT_VIDEO})
  --frames <n>         Holistic frames to time; the first, which builds the graph, is left out (default 10)
  --model <name>       model folder under public/models (default: ${DEFAULT_MODEL_NAME})
  --backend <name>     tfjs backend for the model: ${BACKENDS.join(', ')} (default webgl)
  --iterations <n>     model calls to time (default 100)
  --json               print one JSON line`;

export const verb: Verb = {
  name: 'bench',
  summary: 'model time per window as a share of Holistic time per frame, in one browser run',
  usage,
  options: {
    video: { type: 'string' },
    frames: { type: 'string' },
    model: { type: 'string' },
    backend: { type: 'string' },
    iterations: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }) {
    const video = (values.video as string | undefined) ?? DEFAULT_VIDEO;
    if (!existsSync(video)) throw new UsageError(`${video} does not exist: give --video <file> (or set SIGNQUEST_DATA to the shared data folder).\n\n${usage}`);
    const frames = intOption(values, 'frames', 10, usage);
    if (frames < 2) throw new UsageError(`--frames must be at least 2 (the first frame is not timed).\n\n${usage}`);
    const iterations = intOption(values, 'iterations', 100, usage);
    const backend = ((values.backend as string | undefined) ?? 'webgl') as BackendName;
    if (!BACKENDS.includes(backend)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}.\n\n${usage}`);
    const model = (values.model as string | undefined) ?? DEFAULT_MODEL_NAME;

    const tools = await openToolsPage();
    try {
      process.stderr.write(`Holistic on ${frames} frames of ${video} (about 1.5 s a frame without a GPU) ...\n`);
      const extracted = await extractInPage(tools, video, {
        maxFrames: frames,
        meta: { gloss: 'bench', language: 'ase', source: video, license: 'unknown', attribution: 'benchmark only, not kept' },
      });
      const request: RecognitionBenchmarkRequest = { backend, modelUrl: `models/${model}/`, recordingsBase64: [extracted.recordingBase64], iterations };
      const recognition = await tools.page.evaluate(
        (req) => (window.signquestTools.recognitionBenchmark as (r: RecognitionBenchmarkRequest) => Promise<RecognitionBenchmark>)(req),
        request,
      );
      if (!recognition.initialised) throw new Error(`The ${backend} backend did not start in this browser (it ran on ${recognition.backend}); try --backend wasm.`);
      const featureMs = await tools.page.evaluate(
        ({ b64, n }) => (window.signquestTools.featureMsPerWindow as (b: string, n: number) => number)(b64, n),
        { b64: extracted.recordingBase64, n: iterations },
      );
      const holisticMs = extracted.holisticMsWarm;
      const report = {
        backend: recognition.backend,
        model,
        holistic_ms_per_frame: round(holisticMs),
        holistic_frames_timed: extracted.frameCount - 1,
        model_ms_per_window: round(recognition.msPerWindow),
        features_ms_per_window: round(featureMs),
        model_to_holistic: round(recognition.msPerWindow / holisticMs, 4),
        window_to_holistic: round((recognition.msPerWindow + featureMs) / holisticMs, 4),
      };
      if (values.json) printJson(report);
      else {
        console.log(`Holistic: ${report.holistic_ms_per_frame} ms per frame (mean of ${report.holistic_frames_timed} frames after the first)`);
        console.log(`Model on ${report.backend}: ${report.model_ms_per_window} ms per window (mean of ${iterations}); features ${report.features_ms_per_window} ms`);
        console.log(`Ratio to Holistic: model ${report.model_to_holistic}, features + model ${report.window_to_holistic} (goal: under 0.05)`);
      }
    } finally {
      await tools.close();
    }
  },
};

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
