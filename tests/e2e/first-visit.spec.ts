/**
 * A learner's first visits, on the production build with a fake webcam and the real
 * Holistic: the signs watched without a camera (and the camera turned on from there), the
 * camera remembered on the next visit, focus on every shell screen, and a Try on a tracker
 * slower than the game's minimum, whose result names the frame rate instead of blaming
 * the hands.
 */
import { chromium, expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { chromiumLaunchOptions, fakeCameraArgs } from '../../training/browser';
import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { MIN_GOOD_FPS } from '../../src/lib/attempt/rule';
import { makeFakeCameraClip, openLiveCamera } from './fake-camera';
import { expectAccessible } from './accessibility';

/**
 * The camera's own frame rate: 2 frames a second, under MIN_GOOD_FPS however fast the
 * machine, and too few for the game's 3 s window to hold a judgeable attempt.
 */
const CAMERA_FPS = 2;

let browser: Browser;

type Text = { en: string };
/** The scenes' English titles and the glossary, read from the scene files (the bundler's loader needs Vite). */
const sceneTitles = readdirSync('src/scenes', { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => (parse(readFileSync(`src/scenes/${e.name}/scene.yaml`, 'utf8')) as { title: Text }).title.en);
const glossary = parse(readFileSync('src/scenes/signs.yaml', 'utf8')) as Record<string, { name: Text; description: Text }>;

test.beforeAll(async () => {
  // The "hi" wave: face and both hands in view.
  const clip = makeFakeCameraClip('hi.mp4', { seconds: 1.6, fps: CAMERA_FPS, width: 640, height: 360 });
  browser = await chromium.launch(chromiumLaunchOptions(fakeCameraArgs(clip)));
});
test.afterAll(async () => browser?.close());

async function newPage(baseURL: string | undefined): Promise<Page> {
  // The offline service worker is not what these tests look at.
  const context = await browser.newContext({ baseURL, serviceWorkers: 'block' });
  return context.newPage();
}

/** What the focused element is, for messages: its tag and text. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el ? `${el.tagName.toLowerCase()}: ${(el.textContent ?? '').trim().slice(0, 60)}` : 'none';
  });
}

async function expectFocusOn(page: Page, target: Locator): Promise<void> {
  await expect(target).toBeFocused();
  expect(await focused(page)).not.toMatch(/^body/);
}

/** A fingerprint of what a canvas shows (to see it change). */
function canvasPixels(canvas: Locator): Promise<string> {
  return canvas.evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let hash = 0;
    let painted = 0;
    for (let i = 0; i < data.length; i += 4) {
      hash = (hash * 31 + data[i] * 7 + data[i + 1] * 3 + data[i + 2]) | 0;
      if (data[i] + data[i + 1] + data[i + 2] > 200) painted++;
    }
    return `${painted}:${hash}`;
  });
}

test('without a camera: every scene\'s signs to watch (both speeds, mirrored) and read; the camera comes on later', async ({ baseURL }) => {
  const page = await newPage(baseURL);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./');
  // A first visit starts on the start screen, even where the browser would grant the camera.
  await expect(page.getByTestId('start-screen')).toBeVisible();
  await expectFocusOn(page, page.getByRole('heading', { name: 'SignQuest', level: 1 }));
  await page.getByTestId('browse-without-camera').click();

  await expect(page.getByTestId('signs-screen')).toBeVisible();
  await expectFocusOn(page, page.getByRole('heading', { name: 'All the signs' }));
  await expect(page.getByTestId('camera-off')).toBeVisible();
  expect(sceneTitles.length).toBeGreaterThanOrEqual(3);
  for (const title of sceneTitles) await expect(page.getByRole('heading', { name: `Signs in ${title}` })).toBeVisible();

  const coffee = glossary.coffee;
  await page.getByTestId('browse-restaurant-coffee').click();
  const detail = page.getByTestId('browse-detail');
  await expect(detail).toHaveAttribute('data-gloss', 'coffee');
  await expect(detail.getByRole('heading', { name: coffee.name.en })).toBeVisible();
  await expect(detail.getByTestId('sign-description')).toHaveText(coffee.description.en);
  const figure = detail.getByTestId('sign-figure').locator('canvas');
  // The example plays: the figure shows a new pose, at normal speed and slowed down.
  let before = await canvasPixels(figure);
  await expect.poll(() => canvasPixels(figure)).not.toBe(before);
  await detail.getByLabel('Slow (0.5×)').check();
  before = await canvasPixels(figure);
  await expect.poll(() => canvasPixels(figure)).not.toBe(before);
  // Paused, the mirror switch flips the same pose.
  await detail.getByRole('button', { name: 'Pause' }).click();
  const unmirrored = await canvasPixels(figure);
  await detail.getByLabel('Mirror view (like a mirror)').uncheck();
  await expect.poll(() => canvasPixels(figure)).not.toBe(unmirrored);
  await expectAccessible(page, 'signs without a camera');
  await page.screenshot({ path: test.info().outputPath('signs-without-camera.png'), fullPage: true });

  await page.getByTestId('browse-camera-on').click();
  await expect(page.getByTestId('overlay')).toBeVisible({ timeout: 120_000 });
  await expectFocusOn(page, page.getByRole('heading', { name: 'Choose a scene' }));
  expect(errors).toEqual([]);
  await page.context().close();
});

test('the camera is remembered: a returning learner goes straight to the scenes', async ({ baseURL }) => {
  const page = await newPage(baseURL);
  await page.goto('./');
  await expect(page.getByTestId('start-screen')).toBeVisible();
  await page.getByRole('button', { name: 'Start' }).click();
  await expectFocusOn(page, page.getByRole('heading', { name: 'The game needs your camera' }));
  await page.getByRole('button', { name: 'Turn on camera' }).click();
  await expect(page.getByTestId('overlay')).toBeVisible({ timeout: 120_000 });
  await expectFocusOn(page, page.getByRole('heading', { name: 'Choose a scene' }));

  // The next visit: no Start, no "Turn on camera".
  const next = await page.context().newPage();
  await page.close();
  await next.goto('./');
  await expect(next.getByTestId('overlay')).toBeVisible({ timeout: 120_000 });
  await expect(next.getByRole('heading', { name: 'Choose a scene' })).toBeVisible();
  await expect(next.getByTestId('start-screen')).toHaveCount(0);
  await expect(next.getByTestId('camera-explain')).toHaveCount(0);
  await next.context().close();
});

test(`tracking under ${MIN_GOOD_FPS} frames a second: the result names the frame rate, never "no hands"`, async ({ baseURL }) => {
  // Holistic on software GL, on a loaded machine, can take seconds a frame; the Try itself lasts DEFAULT_TIMEOUT_MS from its first frame.
  test.setTimeout(600_000);
  const page = await newPage(baseURL);
  await openLiveCamera(page);
  await page.getByTestId('play-restaurant').click();
  await page.getByTestId('continue').click();

  const lesson = page.getByTestId('lesson');
  await expect(lesson).toHaveAttribute('data-phase', 'learn');
  await page.getByTestId('start-try').click();
  // The Try's live figure: a hint until someone is tracked, then the learner.
  await expect(lesson.getByTestId('live-figure')).toHaveAttribute('data-tracked', 'true', { timeout: 240_000 });
  await expect(lesson).toHaveAttribute('data-phase', 'result', { timeout: 240_000 });
  const heading = page.getByTestId('result-heading');
  await expect(heading).toHaveText('Too few frames to judge');
  await expectFocusOn(page, heading);
  const hint = page.getByTestId('miss-hint');
  const slow = await hint.getByTestId('miss-too-slow').textContent();
  const fps = Number(/tracked ([\d.]+) frames? a second/.exec(slow ?? '')?.[1]);
  expect(fps, slow ?? '').toBeGreaterThan(0);
  expect(fps).toBeLessThan(MIN_GOOD_FPS);
  expect(slow).toContain(`the game needs ${MIN_GOOD_FPS}`);
  await expect(hint).toContainText('Close other tabs');
  await expect(hint).not.toContainText(/no hands/i);
  await expectAccessible(page, 'too few frames');
  await page.screenshot({ path: test.info().outputPath('too-few-frames.png'), fullPage: true });
  await page.context().close();
});
