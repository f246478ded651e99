/**
 * A page that never waits for the tracker, and a self-view in sync, with the real Holistic
 * on a fake webcam (test build: window.__signquestTest reports each tracker frame).
 * The camera's signer jumps sideways halfway through the clip (makeFakeCameraClip's
 * jumpPx), so each self-view picture shows which half it is from, and so does the nose
 * Holistic found.
 */
import { chromium, expect, test, type Browser } from '@playwright/test';
import { chromiumLaunchOptions, fakeCameraArgs } from '../../training/browser';
import { POSE, POSE_LANDMARK, VALUES_PER_LANDMARK } from '../../src/lib/landmarks/layout';
import type { PaintPace } from '../../src/game/test-mode';
import { makeFakeCameraClip, openLiveCamera } from './fake-camera';

/** Tracker frames watched on the Learn screen, at least; more until both halves of the clip were tracked, up to the most. */
const TRACKER_FRAMES = { least: 8, most: 40 };
/**
 * Each half (2.4 s) is longer than a tracker frame here (SwiftShader, 1.2-1.6 s), so every
 * loop of the clip is tracked in both halves. A 1.6 s clip looped about once a tracker
 * frame, and CI's tracker found only its first half in 8 frames.
 */
const CLIP = { seconds: 4.8, fps: 10, width: 640, height: 360, jumpPx: 160 };

/** What the page showed at one tracker frame. */
interface Seen {
  /** Whether the Learn figure showed a pose other than the one at the previous tracker frame, in an animation frame since. */
  figureMoved: boolean;
  /** The nose Holistic found in this frame (x, 0..1 of the picture), null if none. */
  noseX: number | null;
  /** Which side of the self-view's picture for this frame has the clip's black bar. */
  blackBar: 'left' | 'right' | 'neither';
}

let browser: Browser;

test.beforeAll(async () => {
  browser = await chromium.launch(chromiumLaunchOptions(fakeCameraArgs(makeFakeCameraClip('hi.mp4', CLIP))));
});
test.afterAll(async () => browser?.close());

test('while Holistic runs, the Learn figure shows a new pose between tracker frames, and each skeleton is drawn over its own picture', async ({ baseURL }) => {
  test.setTimeout(600_000);
  const page = await (await browser.newContext({ baseURL, serviceWorkers: 'block' })).newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openLiveCamera(page, 180_000);
  await page.getByTestId('play-restaurant').click();
  await page.getByTestId('continue').click();
  await expect(page.getByTestId('lesson')).toHaveAttribute('data-phase', 'learn');
  await expect(page.getByTestId('sign-figure')).toBeVisible();

  const nose = (POSE.start + POSE_LANDMARK.nose) * VALUES_PER_LANDMARK;
  await page.evaluate(({ nose, least, most }) => {
    const seen: Seen[] = [];
    const bothHalvesTracked = () => ['left', 'right'].every((bar) => seen.some((s) => s.noseX !== null && s.blackBar === bar));
    const done = () => seen.length >= most || (seen.length >= least && bothHalvesTracked());
    (window as unknown as { done: () => boolean }).done = done;
    (window as unknown as { seen: Seen[] }).seen = seen;
    const fingerprint = (canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let hash = 0;
      for (let i = 0; i < data.length; i += 4) hash = (hash * 31 + data[i] * 7 + data[i + 1] * 3 + data[i + 2]) | 0;
      return String(hash);
    };
    /** Mean brightness of a strip of columns of the picture. */
    const brightness = (canvas: HTMLCanvasElement, x: number, width: number) => {
      const data = canvas.getContext('2d')!.getImageData(x, 0, width, canvas.height).data;
      let sum = 0;
      for (let i = 0; i < data.length; i += 4) sum += data[i] + data[i + 1] + data[i + 2];
      return sum / (data.length / 4) / 3;
    };
    // The figure is fingerprinted at every animation frame, not only at tracker frames: its
    // loop (1.6 s) is about as long as a tracker frame here, so two tracker frames can find
    // the same pose although the figure moved in between.
    const figureCanvas = document.querySelector<HTMLCanvasElement>('[data-testid="sign-figure"] canvas')!;
    let atTrackerFrame = fingerprint(figureCanvas);
    let moved = false;
    const watchFigure = () => {
      if (fingerprint(figureCanvas) !== atTrackerFrame) moved = true;
      if (!done()) requestAnimationFrame(watchFigure);
    };
    requestAnimationFrame(watchFigure);
    const stop = window.__signquestTest!.onTrackerFrame!((frame) => {
      const now = fingerprint(figureCanvas);
      const figureMoved = moved || now !== atTrackerFrame;
      atTrackerFrame = now;
      moved = false;
      const noseX = Number.isNaN(frame.data[nose]) ? null : frame.data[nose];
      // The self-view draws this frame from the same emit, after this listener: read it once the emit is over.
      queueMicrotask(() => {
        const picture = document.querySelector<HTMLCanvasElement>('[data-testid="self-view-picture"]')!;
        const strip = Math.round(picture.width * 0.05);
        const left = brightness(picture, 0, strip);
        const right = brightness(picture, picture.width - strip, strip);
        const blackBar = left < 12 && right > 30 ? 'left' : right < 12 && left > 30 ? 'right' : 'neither';
        seen.push({ figureMoved, noseX, blackBar });
        if (done()) stop();
      });
    });
  }, { nose, ...TRACKER_FRAMES });

  await expect.poll(() => page.evaluate(() => (window as unknown as { done: () => boolean }).done()), { timeout: 480_000, intervals: [1000] })
    .toBe(true);
  const seen = await page.evaluate(() => (window as unknown as { seen: Seen[] }).seen);
  const pace = await page.evaluate(() => window.__signquestTest!.paintPace!()) as PaintPace;
  test.info().annotations.push({ type: 'paint pace', description: JSON.stringify(pace) });
  console.log(`paint pace: ${JSON.stringify(pace)}; seen: ${JSON.stringify(seen.map(({ noseX, blackBar }) => ({ noseX, blackBar })))}`);

  // The page painted the figure anew between every two tracker frames: a page frozen by Holistic shows the same pose.
  for (let i = 1; i < seen.length; i++) expect(seen[i].figureMoved, `a new pose between tracker frames ${i - 1} and ${i}`).toBe(true);
  expect(pace.fewestAnimationFramesBetween).toBeGreaterThanOrEqual(1);

  // Each skeleton's picture is the one its landmarks came from: the signer is left of the
  // bar in every picture with the bar on the right, and right of it in the others.
  const tracked = seen.filter((s) => s.noseX !== null && s.blackBar !== 'neither');
  const leftNoses = tracked.filter((s) => s.blackBar === 'right').map((s) => s.noseX!);
  const rightNoses = tracked.filter((s) => s.blackBar === 'left').map((s) => s.noseX!);
  expect(leftNoses.length, 'pictures from the clip\'s first half').toBeGreaterThan(0);
  expect(rightNoses.length, 'pictures from the clip\'s second half').toBeGreaterThan(0);
  expect(Math.max(...leftNoses)).toBeLessThan(Math.min(...rightNoses));
  // Covered by those pictures, the live video is hidden (composited, it would cost the tracker CPU) yet still feeds it.
  expect(await page.evaluate(() => getComputedStyle(document.querySelector('video.self-view-video')!).visibility)).toBe('hidden');
  expect(errors).toEqual([]);
  await page.context().close();
});
