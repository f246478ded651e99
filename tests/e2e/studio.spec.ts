/**
 * The sign studio end to end, on the production build with the real Holistic: a sign is
 * taught from a real signer's video (the studio's video-file source), saved as a local pack
 * in IndexedDB, and is then the only reference of that sign the game has (the shipped
 * recording is withheld), so the credit at the scene step comes from the studio's take.
 * A different recording of the sign (the shipped extraction, played 25 % slower) is
 * credited; an attempt of another sign at that step is not. The pack is then exported as a
 * .signpack file and imported in a fresh browser profile.
 *
 * A second test records a take from a fake webcam playing a real signer: countdown, live
 * skeleton, the "hands in view" indicator, and the take listed (kept, or refused with its
 * reason: software GL tracks about one frame a second).
 *
 * Screenshots of the studio go to docs/screenshots only with UPDATE_SCREENSHOTS=1 (never of
 * the webcam view: it shows the real signer of the clip, who stays out of the repository).
 */
import { chromium, expect, test, type Page } from '@playwright/test';
import { chromiumLaunchOptions, fakeCameraArgs } from '../../training/browser';
import { SKELETON_PIXELS, makeFakeCameraClip, paintedOverlayPixels } from './fake-camera';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeRecording, encodeRecording } from '../../src/lib/recording/format';
import { decodeSignpack } from '../../src/lib/recording/signpack';
import { RTH_VIDEOS_DIR } from '../../training/shared-data';
import { expectAccessible } from './accessibility';

const STUDIO_PACK = 'public/signs/rth-signs';
const TAUGHT = 'need';
const OTHER = 'tired';
const ATTEMPTS_URL = 'e2e-attempts';
const SLOWDOWN = 1.25;
/** The teacher's video as a phone might save it, 10 frames a second: Holistic on every frame is slow on software GL. */
const VIDEO_FPS = 10;

/** The signer's video at VIDEO_FPS, made at test time (videos never enter the repository). */
function teacherVideo(): string {
  const dir = join('.cache', 'studio-e2e');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `${TAUGHT}-${VIDEO_FPS}fps.mp4`);
  if (!existsSync(out)) execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', join(RTH_VIDEOS_DIR, `${TAUGHT}.mp4`), '-vf', `fps=${VIDEO_FPS},scale=640:-2`, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-an', out]);
  return out;
}

test.use({ serviceWorkers: 'block' });

/** The shipped recording of a sign played slower: a different recording of the same sign. */
function slower(gloss: string): Buffer {
  const r = decodeRecording(readFileSync(join(STUDIO_PACK, `${gloss}.signrec`)), gloss);
  return Buffer.from(
    encodeRecording({ ...r, fps: r.fps / SLOWDOWN, meta: { ...r.meta, source: `${r.meta.source} (e2e: ${SLOWDOWN}x slower)` }, frames: r.frames.map((f) => ({ timestampMs: f.timestampMs * SLOWDOWN, data: f.data })) }),
  );
}

async function shot(page: Page, name: string): Promise<void> {
  if (process.env.UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: join('docs/screenshots', `${name}.png`), fullPage: true });
}

/** The game has no reference of the taught sign but the studio's. */
async function withholdShippedReference(page: Page): Promise<void> {
  await page.route(`**/signs/rth-signs/${TAUGHT}.signrec`, (route) => route.fulfill({ status: 404, body: 'withheld by the test' }));
  await page.route(`**/signs/${ATTEMPTS_URL}/*`, (route) => {
    const gloss = decodeURIComponent(new URL(route.request().url()).pathname.split('/').pop()!).replace(/\.signrec$/, '');
    return route.fulfill({ body: slower(gloss), contentType: 'application/octet-stream' });
  });
}

test('a sign taught in the studio from a video is credited at the next Try; another sign is not; its pack moves to a fresh profile', async ({ page, browser }) => {
  test.setTimeout(900_000);
  await withholdShippedReference(page);
  await page.goto('./');
  await page.getByTestId('open-studio').click();
  const studio = page.getByTestId('sign-studio');
  await expect(studio).toHaveAttribute('data-state', 'pick');
  await expectAccessible(page, 'studio: pick a sign');

  // Keyboard: choose the sign and add examples.
  await page.getByTestId('studio-sign').selectOption(TAUGHT);
  await page.getByTestId('studio-pick').focus();
  await page.keyboard.press('Enter');
  await expect(studio).toHaveAttribute('data-state', 'takes');
  await page.getByTestId('take-license').fill('MIT');
  await page.getByTestId('take-attribution').fill('RecordTheseHands studio video (Accessible-Technology-in-Sign/RecordTheseHands), MIT');
  await page.getByTestId('video-take').setInputFiles(teacherVideo());
  await expect(page.getByTestId('tracking')).toBeVisible();
  await expect(page.getByTestId('take')).toHaveCount(1, { timeout: 600_000 });
  await expect(page.getByTestId('take')).toHaveAttribute('data-refused', 'false');
  await expect(page.getByTestId('take-figure')).toBeVisible();
  await expectAccessible(page, 'studio: takes');
  await shot(page, 'studio-takes');
  await page.getByTestId('save-takes').click();
  await expect(page.getByTestId('studio-saved')).toContainText('my-class');

  // The scene: the hotel's "need" step, with the studio's take as the only reference of NEED.
  await page.goto(`./?replay=${ATTEMPTS_URL}/${OTHER}.signrec,${ATTEMPTS_URL}/${TAUGHT}.signrec`);
  await expect(page.getByTestId('game')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('scene-card-hotel').getByTestId('scene-language')).toContainText('American Sign Language');
  await page.getByTestId('play-hotel').click();
  const lesson = page.getByTestId('lesson');
  // Skip the greeting and the "tired" step (a skip uses no attempt): line, step, line, step, line.
  const proceed = () => page.getByTestId('continue').click();
  await proceed();
  for (const _step of ['greeting', 'tired']) {
    await expect(lesson).toHaveAttribute('data-phase', 'learn');
    await page.getByTestId('skip').click();
    await proceed();
    await proceed();
  }
  await expect(lesson).toHaveAttribute('data-phase', 'learn');
  await expect(page.locator('#lesson-heading')).toContainText('NEED');
  // Learn offers the studio's example beside the (withheld) shipped one.
  await expect(page.getByTestId('examples')).toBeVisible();
  await page.getByTestId('example-1').click();
  await expect(page.getByTestId('example-1')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('example-1')).toContainText('my-class');
  await expect(page.getByTestId('sign-figure')).toBeVisible();
  await expectAccessible(page, 'learn with examples');
  await shot(page, 'learn-examples');

  // Another sign at this step: not credited.
  await page.getByTestId('start-try').click();
  await expect(lesson).toHaveAttribute('data-phase', 'result', { timeout: 120_000 });
  await expect(page.getByTestId('miss-hint')).toBeVisible();
  await expect(page.getByTestId('success')).toHaveCount(0);
  // The taught sign, a different recording of it: credited.
  await page.getByTestId('try-again').click();
  await expect(page.getByTestId('success')).toBeVisible({ timeout: 120_000 });

  // Export the pack, then import it in a fresh profile.
  await page.goto('./');
  await page.getByTestId('open-studio').click();
  await expect(page.getByTestId('local-pack-my-class')).toBeVisible();
  await shot(page, 'studio-packs');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-my-class').click()]);
  expect(download.suggestedFilename()).toBe('my-class.signpack');
  const file = await download.path();
  const exported = decodeSignpack(readFileSync(file), 'my-class.signpack');
  expect(exported.index.recordings.map((r) => r.gloss)).toEqual([TAUGHT]);
  expect(exported.readme).toContain('MIT');

  const fresh = await browser.newContext({ serviceWorkers: 'block' });
  const other = await fresh.newPage();
  await other.goto('./');
  await other.getByTestId('open-studio').click();
  await expect(other.getByTestId('pack-shelf')).toBeVisible();
  await other.getByTestId('import-pack').setInputFiles(file);
  await expect(other.getByTestId('import-done')).toContainText('my-class');
  await expect(other.getByTestId('local-pack-my-class')).toBeVisible();
  // The same file again: nothing is overwritten without asking.
  await other.getByTestId('import-pack').setInputFiles(file);
  await expect(other.getByTestId('import-ask')).toBeVisible();
  await expectAccessible(other, 'studio: import clash');
  await other.getByTestId('import-confirm').click();
  await expect(other.getByTestId('import-done')).toContainText('my-class-2');
  await fresh.close();
});

test('a take from the webcam: countdown, live skeleton, hands in view, the take listed', async ({ baseURL }) => {
  test.setTimeout(900_000);
  const clip = makeFakeCameraClip('hi.mp4', { seconds: 1.6, fps: 10, width: 640, height: 360 });
  const camBrowser = await chromium.launch(chromiumLaunchOptions(fakeCameraArgs(clip)));
  try {
    const page = await (await camBrowser.newContext({ baseURL, serviceWorkers: 'block' })).newPage();
    await page.goto('./');
    await page.getByTestId('open-studio').click();
    await page.getByTestId('studio-sign').selectOption('hi');
    await page.getByTestId('studio-pick').click();
    await page.getByTestId('record-take').click();
    await expect(page.getByTestId('sign-studio')).toHaveAttribute('data-state', /countdown|recording/, { timeout: 240_000 });
    await expect(page.getByTestId('hands-in-view')).toHaveAttribute('data-in-view', 'true', { timeout: 240_000 });
    // Holistic holds the page's main thread for seconds a frame on software GL: each look at the canvas waits for it.
    await expect.poll(() => paintedOverlayPixels(page), { timeout: 240_000 }).toBeGreaterThan(SKELETON_PIXELS);
    await expectAccessible(page, 'studio: webcam');
    await expect(page.getByTestId('take')).toHaveCount(1, { timeout: 240_000 });
    const take = page.getByTestId('take');
    if ((await take.getAttribute('data-refused')) === 'true') await expect(take.getByTestId('take-refused')).toContainText('Refused');
    else await expect(take.getByTestId('take-figure')).toBeVisible();
  } finally {
    await camBrowser.close();
  }
});
