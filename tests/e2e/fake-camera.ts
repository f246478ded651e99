/**
 * A fake webcam for Chromium: a short y4m clip made at test time with ffmpeg from a real
 * signing video (videos never enter the repo). Chromium loops it as the camera feed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { RTH_VIDEOS_DIR } from '../../training/shared-data';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * `jumpPx`: the picture sits in a frame that many pixels wider, against its left edge for
 * the first half of the clip and its right edge for the second (a black bar on the other
 * side), so which half a camera picture comes from shows at a glance, and in the signer's
 * landmarks.
 */
export function makeFakeCameraClip(video: string, opts: { seconds: number; fps: number; width: number; height: number; jumpPx?: number }): string {
  const source = join(RTH_VIDEOS_DIR, video);
  if (!existsSync(source)) throw new Error(`${source} is missing: the browser tests need ../shared/data (or SIGNQUEST_DATA).`);
  const outDir = join(ROOT, '.cache', 'fake-camera');
  mkdirSync(outDir, { recursive: true });
  const jump = opts.jumpPx ? `-jump${opts.jumpPx}` : '';
  const out = join(outDir, `${video.replace(/\.\w+$/, '')}-${opts.width}x${opts.height}-${opts.fps}fps${jump}.y4m`);
  if (!existsSync(out)) {
    const scaled = `scale=${opts.width}:${opts.height},fps=${opts.fps}`;
    const filter = opts.jumpPx
      ? ['-filter_complex', `[0:v]${scaled}[v];color=black:s=${opts.width + opts.jumpPx}x${opts.height}:r=${opts.fps}[bg];[bg][v]overlay=x='if(lt(t,${opts.seconds / 2}),0,${opts.jumpPx})':eval=frame:shortest=1`]
      : ['-vf', scaled];
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', source, '-t', String(opts.seconds), ...filter, '-pix_fmt', 'yuv420p', out]);
  }
  return out;
}

/** More painted overlay pixels than this: a skeleton was drawn (a 640x360 overlay has 230,400). */
export const SKELETON_PIXELS = 500;

/** Pixels the live skeleton has painted on the self-view's overlay canvas. */
export function paintedOverlayPixels(page: Page): Promise<number> {
  return page.getByTestId('overlay').evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
    return painted;
  });
}
