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

/**
 * `jumpPx`: the picture sits in a frame that many pixels wider, against its left edge for
 * the first half of the clip and its right edge for the second (a black bar on the other
 * side), so which half a camera picture comes from shows at a glance, and in the signer's
 * landmarks. A clip longer than its video repeats the video.
 */
export function makeFakeCameraClip(video: string, opts: { seconds: number; fps: number; width: number; height: number; jumpPx?: number }): string {
  const source = join(RTH_VIDEOS_DIR, video);
  if (!existsSync(source)) throw new Error(`${source} is missing: the browser tests need ../shared/data (or SIGNQUEST_DATA).`);
  const outDir = join(ROOT, '.cache', 'fake-camera');
  mkdirSync(outDir, { recursive: true });
  const jump = opts.jumpPx ? `-jump${opts.jumpPx}` : '';
  const out = join(outDir, `${video.replace(/\.\w+$/, '')}-${opts.seconds}s-${opts.width}x${opts.height}-${opts.fps}fps${jump}.y4m`);
  if (!existsSync(out)) {
    const scaled = `scale=${opts.width}:${opts.height},fps=${opts.fps}`;
    const filter = opts.jumpPx
      ? ['-filter_complex', `[0:v]${scaled}[v];color=black:s=${opts.width + opts.jumpPx}x${opts.height}:r=${opts.fps}[bg];[bg][v]overlay=x='if(lt(t,${opts.seconds / 2}),0,${opts.jumpPx})':eval=frame:shortest=1`]
      : ['-vf', scaled];
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-stream_loop', '-1', '-i', source, '-t', String(opts.seconds), ...filter, '-pix_fmt', 'yuv420p', out]);
  }
  return out;
}
