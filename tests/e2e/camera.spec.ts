/**
 * The foundation end to end, on the test build (the production build plus test hooks this
 * spec does not use): a fake webcam plays a real signer,
 * the real Holistic tracks them, the skeleton is drawn, and the debug panel reports it.
 */
import { chromium, expect, test, type Browser } from '@playwright/test';
import { chromiumLaunchOptions, fakeCameraArgs } from '../../training/browser';
import { SKELETON_PIXELS, makeFakeCameraClip, paintedOverlayPixels } from './fake-camera';
import { expectAccessible } from './accessibility';
import { screenshot } from './screenshots';
import { FPS_SETTLE_FRAMES, MIN_GOOD_FPS, trackingTooSlow } from '../../src/app/tracking-stats';

interface Stats {
  fps: number;
  holisticMs: number;
  pose: number;
  face: number;
  leftHand: number;
  rightHand: number;
  frames: number;
}

/**
 * Frames of the clip to wait for (Holistic takes about 1.5 s a frame on software GL):
 * enough for the frame rate to count (FPS_SETTLE_FRAMES).
 */
const FRAMES_TO_TRACK = FPS_SETTLE_FRAMES;

test.describe('live camera', () => {
  let browser: Browser;

  test.beforeAll(async () => {
    // The "hi" wave: both hands move, the right hand high in view.
    const clip = makeFakeCameraClip('hi.mp4', { seconds: 1.6, fps: 10, width: 640, height: 360 });
    browser = await chromium.launch(chromiumLaunchOptions(fakeCameraArgs(clip)));
  });
  test.afterAll(async () => browser?.close());

  test('start screen -> camera explanation -> live tracking with skeleton', async ({ baseURL }) => {
    const page = await (await browser.newContext({ baseURL })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('./');
    await expect(page.getByTestId('start-screen')).toBeVisible();
    await expectAccessible(page, 'start');
    await screenshot(page, 'start');
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByTestId('camera-explain')).toContainText('Everything stays on this device');
    await expectAccessible(page, 'camera explanation');
    await page.getByRole('button', { name: 'Turn on camera' }).click();
    await expect(page.getByTestId('overlay')).toBeVisible({ timeout: 120_000 });
    // The game's scene choice sits beside the self-view.
    await expect(page.getByRole('heading', { name: 'Choose a scene' })).toBeVisible();
    // The skeleton gets drawn once the first frame is tracked.
    await expect.poll(() => paintedOverlayPixels(page), { timeout: 120_000 }).toBeGreaterThan(SKELETON_PIXELS);
    await expectAccessible(page, 'play');
    await screenshot(page, 'live-camera');
    expect(errors).toEqual([]);
    await page.close();
  });

  test('?debug=1 opens on the camera and reports real landmarks as JSON', async ({ baseURL }) => {
    const page = await (await browser.newContext({ baseURL })).newPage();
    await page.goto('./?debug=1');
    const stats = page.getByTestId('tracking-stats');
    const seen: Stats[] = [];
    await expect.poll(async () => {
      const s = JSON.parse((await stats.textContent()) ?? '{}') as Stats;
      if (s.frames && seen.at(-1)?.frames !== s.frames) seen.push(s);
      return s.frames ?? 0;
    }, { timeout: 180_000, intervals: [250] }).toBeGreaterThanOrEqual(FRAMES_TO_TRACK);
    const last = seen.at(-1)!;
    expect(last.pose).toBe(33);
    expect(last.face).toBe(468);
    expect(last.holisticMs).toBeGreaterThan(0);
    expect(last.fps).toBeGreaterThan(0);
    expect(seen.some((s) => s.leftHand === 21 || s.rightHand === 21)).toBe(true);
    await expect(page.getByText('Holistic ms per frame')).toBeVisible();
    // The learner is told when tracking is too slow for good recognition (software GL here, a GPU
    // elsewhere): the stats and the note read from the page at one moment.
    const shown = await page.evaluate(() => ({
      stats: JSON.parse(document.querySelector('[data-testid="tracking-stats"]')?.textContent ?? '{}'),
      note: document.querySelector('[data-testid="slow-tracking"]')?.textContent ?? null,
    }));
    if (trackingTooSlow(shown.stats)) expect(shown.note).toMatch(new RegExp(`about ${shown.stats.fps} frames? a second; signs are recognised best at ${MIN_GOOD_FPS} or more`));
    else expect(shown.note).toBeNull();
    await page.close();
  });
});

test('a denied camera shows the denied screen, with a way back', async ({ baseURL }) => {
  const browser = await chromium.launch(chromiumLaunchOptions(['--use-fake-device-for-media-stream', '--deny-permission-prompts']));
  const page = await (await browser.newContext({ baseURL })).newPage();
  await page.goto('./');
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByRole('button', { name: 'Turn on camera' }).click();
  await expect(page.getByTestId('problem-permission-denied')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Camera access is blocked' })).toBeFocused();
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  await expectAccessible(page, 'camera denied');
  await page.getByRole('button', { name: 'Back to start' }).click();
  await expect(page.getByTestId('start-screen')).toBeVisible();
  await browser.close();
});
