/**
 * `signs extract <video>... --out <dir>`: runs the real @mediapipe/holistic in headless
 * Chromium, through the app's own video-file source, on every frame of each video, and
 * writes one recording per video.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { RECORDING_EXTENSION } from '../../src/lib/recording/format';
import { openToolsPage } from '../browser-page';
import { extractInPage } from '../video-in-page';
import { UsageError, printJson, progressBar, requireString, type Verb } from '../cli-kit';

const usage = `Usage: npm run signs -- extract <video>... --out <dir> [options]

Runs MediaPipe Holistic (the app's own code, in headless Chromium) on every frame of
each video and writes <out>/<video name>${RECORDING_EXTENSION}.

Options:
  --out <dir>           where recordings go (created if missing)
  --gloss <gloss>       the sign shown (default: each video's file name)
  --language <code>     sign language, ISO 639-3 (default: ase)
  --signer <id>         opaque signer id (never a name)
  --source <text>       provenance (default: the video file name)
  --license <spdx>      licence of the video (default: unknown)
  --attribution <text>  attribution line that travels with the data
  --max-frames <n>      process only the first n frames (a quick check)
  --rebuild             rebuild the app before extracting
  --json                print one JSON line per video
Chromium: CHROMIUM_PATH, else a system Chromium/Chrome, else Playwright's browser.`;

export const verb: Verb = {
  name: 'extract',
  summary: 'video(s) -> landmark recordings, with the real MediaPipe Holistic',
  usage,
  options: {
    out: { type: 'string' },
    gloss: { type: 'string' },
    language: { type: 'string' },
    signer: { type: 'string' },
    source: { type: 'string' },
    license: { type: 'string' },
    attribution: { type: 'string' },
    'max-frames': { type: 'string' },
    rebuild: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run({ values, positionals }) {
    if (positionals.length === 0) throw new UsageError(`Give at least one video.\n\n${usage}`);
    const out = requireString(values, 'out', usage);
    const maxFrames = values['max-frames'] ? Number(values['max-frames']) : undefined;
    if (maxFrames !== undefined && !(maxFrames > 0)) throw new UsageError('--max-frames must be a positive number');
    mkdirSync(out, { recursive: true });
    const tools = await openToolsPage({ rebuild: values.rebuild === true });
    let onProgress: (done: number, total: number) => void = () => {};
    await tools.page.exposeFunction('signquestExtractProgress', (done: number, total: number) => onProgress(done, total));
    try {
      for (const video of positionals) {
        const name = basename(video, extname(video));
        const bar = progressBar(name, 1);
        onProgress = (done, total) => bar.update(done, total);
        const result = await extractInPage(tools, video, {
          maxFrames,
          meta: {
            gloss: (values.gloss as string | undefined) ?? name,
            language: (values.language as string | undefined) ?? 'ase',
            signerId: values.signer as string | undefined,
            source: (values.source as string | undefined) ?? basename(video),
            license: (values.license as string | undefined) ?? 'unknown',
            attribution: (values.attribution as string | undefined) ?? `Landmarks extracted from ${basename(video)}`,
            extractor: '@mediapipe/holistic (browser, modelComplexity 1, no smoothing)',
          },
        });
        bar.done();
        const file = join(out, name + RECORDING_EXTENSION);
        writeFileSync(file, Buffer.from(result.recordingBase64, 'base64'));
        const report = { video, recording: file, frames: result.frameCount, fps: result.fps, presence: result.presence, holistic_ms_per_frame: Math.round(result.holisticMsWarm) };
        if (values.json) printJson(report);
        else {
          const pct = (x: number) => `${Math.round(x * 100)}%`;
          console.log(`${name}: ${result.frameCount} frames -> ${file}; pose ${pct(result.presence.pose)}, face ${pct(result.presence.face)}, left hand ${pct(result.presence.leftHand)}, right hand ${pct(result.presence.rightHand)}, any hand ${pct(result.presence.anyHand)}; Holistic ${report.holistic_ms_per_frame} ms/frame`);
        }
      }
    } finally {
      await tools.close();
    }
  },
};
