/**
 * A fake webcam for Chromium (`--use-file-for-fake-video-capture`): a short y4m clip made
 * with ffmpeg from a real signing video (videos never enter the repo), cached in .cache/.
 * Chromium loops it as the camera feed. Browser tests and `signs bench` use it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RTH_VIDEOS_DIR } from './shared-data';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export function makeFakeCameraClip(video: string, opts: { seconds: number; fps: number; width: number; height: number }): string {
  const source = join(RTH_VIDEOS_DIR, video);
  if (!existsSync(source)) throw new Error(`${source} is missing: the browser tests need ../shared/data (or SIGNQUEST_DATA).`);
  const outDir = join(ROOT, '.cache', 'fake-camera');
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, `${video.replace(/\.\w+$/, '')}-${opts.width}x${opts.height}-${opts.fps}fps.y4m`);
  if (!existsSync(out)) {
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', source, '-t', String(opts.seconds), '-vf', `scale=${opts.width}:${opts.height},fps=${opts.fps}`, '-pix_fmt', 'yuv420p', out]);
  }
  return out;
}
