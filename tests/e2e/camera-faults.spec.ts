/**
 * The camera stopping mid-game, in the production build with the real Holistic: the game
 * stays on screen and says so, and takes the camera back when a device appears. Only a
 * browser shows this: the shell's state reaching the page, the real MediaStreamTrack and
 * mediaDevices events, and getUserMedia opening the camera a second time.
 */
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { chromiumLaunchOptions, fakeCameraArgs } from '../../training/browser';
import { makeFakeCameraClip } from './fake-camera';
import { expectAccessible } from './accessibility';

let browser: Browser;

test.beforeAll(async () => {
  const clip = makeFakeCameraClip('hi.mp4', { seconds: 1.6, fps: 10, width: 640, height: 360 });
  browser = await chromium.launch(chromiumLaunchOptions(fakeCameraArgs(clip)));
});
test.afterAll(async () => browser?.close());

/** The live track of the self-view, as the page holds it. */
const liveTrackState = (page: Page) =>
  page.evaluate(() => ((document.querySelector('video.self-view-video') as HTMLVideoElement | null)?.srcObject as MediaStream | null)?.getVideoTracks()[0]?.readyState ?? null);

test('the camera unplugged mid-game: the game stays, says so, and resumes when a camera is back', async ({ baseURL }) => {
  const page = await (await browser.newContext({ baseURL })).newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./');
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByRole('button', { name: 'Turn on camera' }).click();
  await expect(page.getByTestId('overlay')).toBeVisible({ timeout: 120_000 });
  expect(await liveTrackState(page)).toBe('live');

  // What the browser fires when the camera is unplugged or its permission withdrawn.
  await page.evaluate(() => {
    const video = document.querySelector('video.self-view-video') as HTMLVideoElement;
    (video.srcObject as MediaStream).getVideoTracks()[0].dispatchEvent(new Event('ended'));
  });
  await expect(page.getByTestId('camera-lost-shell')).toContainText('The camera stopped');
  await expect(page.getByTestId('overlay')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Choose a scene' })).toBeVisible();
  await expectAccessible(page, 'camera lost');

  // A camera is plugged in: the game opens it without a click.
  await page.evaluate(() => navigator.mediaDevices.dispatchEvent(new Event('devicechange')));
  await expect(page.getByTestId('overlay')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('camera-lost-shell')).toHaveCount(0);
  expect(await liveTrackState(page)).toBe('live');
  expect(errors).toEqual([]);
  await page.close();
});
