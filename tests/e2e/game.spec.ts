/**
 * The game end to end, on the test build: the restaurant (and the pharmacy) played start to finish
 * from replayed recordings (held-out GISLR signer for hello/thank you; for the studio
 * signs, which have one recording each, the reference made left-handed and 25 % slower),
 * a wrong sign that must not advance, progress that survives a reload, axe on every
 * screen, and screenshots (./screenshots.ts says where).
 *
 * Test mode (test build only): `?replay=<urls>` makes each Try replay the next recording
 * instead of the camera (see src/game/test-mode.ts). The attempts are served at signs/e2e-attempts/:
 * held-out ones from tests/e2e/fixtures/gislr-attempts, the others made by the test.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './accessibility';
import { screenshot } from './screenshots';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { mirrorFrameData } from '../../src/lib/landmarks/frame';
import { decodeRecording, encodeRecording } from '../../src/lib/recording/format';

const ATTEMPTS_DIR = 'tests/e2e/fixtures/gislr-attempts';
const STUDIO_PACK = 'public/signs/rth-signs';
/** A studio attempt is its reference played this many times slower. */
const STUDIO_ATTEMPT_SLOWDOWN = 1.25;
const ATTEMPTS_URL = 'e2e-attempts';

// The offline service worker would fetch the attempts itself, past page.route.
test.use({ serviceWorkers: 'block' });

interface PackIndexFile {
  recordings: { file: string; gloss: string; signerId?: string }[];
}
const readIndex = (dir: string) => JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as PackIndexFile;

/** Attempts made by the test (file name -> encoded recording), served beside the held-out ones. */
const madeAttempts = new Map<string, Uint8Array>();

/** A studio reference as a left-handed learner would sign it, a little slower: not the reference itself. */
function studioAttempt(file: string): Uint8Array {
  const reference = decodeRecording(readFileSync(join(STUDIO_PACK, file)), file);
  return encodeRecording({
    ...reference,
    meta: { ...reference.meta, source: `${reference.meta.source} (e2e: mirrored, ${STUDIO_ATTEMPT_SLOWDOWN}x slower)` },
    fps: reference.fps / STUDIO_ATTEMPT_SLOWDOWN,
    frames: reference.frames.map((f) => ({ timestampMs: f.timestampMs * STUDIO_ATTEMPT_SLOWDOWN, data: mirrorFrameData(f.data) })),
  });
}

/** Pack-relative URL of an attempt at each gloss: a held-out GISLR signer where there is one, else a made studio attempt. */
function attemptsFor(glosses: string[]): string[] {
  const heldOut = readIndex(ATTEMPTS_DIR).recordings;
  const studio = readIndex(STUDIO_PACK).recordings;
  return glosses.map((gloss) => {
    const attempt = heldOut.find((r) => r.gloss === gloss);
    if (attempt) return `${ATTEMPTS_URL}/${attempt.file}`;
    const reference = studio.find((r) => r.gloss === gloss);
    if (!reference) throw new Error(`no recording of "${gloss}" in ${ATTEMPTS_DIR} nor in ${STUDIO_PACK}`);
    const file = `left-handed-${reference.file}`;
    if (!madeAttempts.has(file)) madeAttempts.set(file, studioAttempt(reference.file));
    return `${ATTEMPTS_URL}/${file}`;
  });
}

interface SceneFile {
  script: ({ expect?: string | string[]; choices?: string[] } & Record<string, unknown>)[];
}
/** The gloss to sign at each sign step of a scene: the first expected gloss (hello for hi/hello, where the held-out data is). */
function signsOf(scene: string): string[] {
  const file = parse(readFileSync(`src/scenes/${scene}/scene.yaml`, 'utf8')) as SceneFile;
  return file.script.flatMap((s) => {
    if (s.expect === undefined) return [];
    const expected = Array.isArray(s.expect) ? s.expect : [s.expect];
    return [expected.includes('hello') ? 'hello' : expected[0]];
  });
}

async function serveAttempts(page: Page): Promise<void> {
  await page.route(`**/signs/${ATTEMPTS_URL}/*`, (route) => {
    const file = decodeURIComponent(new URL(route.request().url()).pathname.split('/').pop()!);
    const body = madeAttempts.get(file) ?? readFileSync(join(ATTEMPTS_DIR, file));
    return route.fulfill({ body: Buffer.from(body), contentType: 'application/octet-stream' });
  });
}

async function openGame(page: Page, attempts: string[]): Promise<void> {
  await serveAttempts(page);
  await page.goto(`./?replay=${attempts.map(encodeURIComponent).join(',')}`);
  await expect(page.getByTestId('game')).toHaveAttribute('data-ready', 'true');
}

/** Plays the current sign step: Learn -> Try, and waits for the result. Returns whether it succeeded. */
async function signStep(page: Page, onTry?: () => Promise<void>): Promise<boolean> {
  const lesson = page.getByTestId('lesson');
  await expect(lesson).toHaveAttribute('data-phase', 'learn');
  await page.getByTestId('start-try').click();
  if (onTry) await onTry();
  await expect(lesson).toHaveAttribute('data-phase', 'result', { timeout: 90_000 });
  return page.getByTestId('success').isVisible();
}

test('restaurant: every sign recognised from replays, a wrong sign gives a hint, progress survives reload', async ({ page }) => {
  const signs = signsOf('restaurant');
  expect(signs.length).toBeGreaterThanOrEqual(8);
  // The first Try is deliberately the wrong sign (thank you when greeting), then every right sign in order.
  const attempts = attemptsFor(['thankyou', ...signs]);
  await openGame(page, attempts);

  await expect(page.getByTestId('home-screen')).toBeVisible();
  await expectAccessible(page, 'home');
  await screenshot(page, 'home');

  await page.getByTestId('play-restaurant').click();
  const scene = page.getByTestId('scene-screen');
  await expect(scene).toHaveAttribute('data-scene', 'restaurant');
  await expectAccessible(page, 'scene line');
  await screenshot(page, 'restaurant-scene');

  let signed = 0;
  let sawMiss = false;
  while (!(await page.getByTestId('scene-complete').isVisible())) {
    const lesson = page.getByTestId('lesson');
    if (!(await lesson.isVisible())) {
      await page.getByTestId('continue').click();
      continue;
    }
    const step = await scene.getAttribute('data-step');
    if (signed === 0 && !sawMiss) {
      await expectAccessible(page, 'learn');
      await expect(page.getByTestId('sign-figure')).toBeVisible();
      await screenshot(page, 'restaurant-learn');
      // The Try on screen, its live figure tracked: this wrong sign is never accepted, so the shot cannot catch the result instead.
      const tryShot = async () => {
        await page.waitForFunction(() => document.querySelector('[data-testid=lesson]')?.getAttribute('data-phase') === 'try'
          && document.querySelector('[data-testid=live-figure]')?.getAttribute('data-tracked') === 'true');
        await screenshot(page, 'restaurant-try');
      };
      const success = await signStep(page, tryShot);
      expect(success, 'thank you was accepted as a greeting').toBe(false);
      await expect(page.getByTestId('miss-hint')).toBeVisible();
      await expect(page.getByTestId('miss-hint')).toContainText(/THANK YOU|differs most|recognise/);
      await expect(scene).toHaveAttribute('data-step', step!);
      await expectAccessible(page, 'miss');
      await screenshot(page, 'restaurant-miss');
      sawMiss = true;
      await page.getByTestId('try-again').click();
      await expect(lesson).toHaveAttribute('data-phase', 'result', { timeout: 90_000 });
    } else {
      const success = await signStep(page);
      expect(success, `sign step ${signed + 1} (${signs[signed]}, script[${step}]) was not recognised`).toBe(true);
    }
    await expect(page.getByTestId('success'), `sign step ${signed + 1} (${signs[signed]}) was not recognised`).toBeVisible();
    if (signed === 1) {
      await expectAccessible(page, 'success');
      await screenshot(page, 'restaurant-success');
    }
    signed++;
    await page.getByTestId('continue').click();
  }
  expect(signed).toBe(signs.length);
  await expectAccessible(page, 'scene complete');
  await screenshot(page, 'restaurant-complete');
  const earned = Number(await page.getByTestId('scene-complete').getByTestId('stars').first().getAttribute('data-stars'));
  expect(earned).toBeGreaterThanOrEqual(2);

  // Progress is written as each sign is made: a reload shows the scene completed with its stars.
  await page.reload();
  await expect(page.getByTestId('game')).toHaveAttribute('data-ready', 'true');
  const card = page.getByTestId('scene-card-restaurant');
  await expect(card.getByTestId('stars')).toHaveAttribute('data-stars', String(earned));
  await expect(card).toContainText(/Completed|クリア/);
});

test('hotel: skipping a sign puts it up for practice; tutorial camera check; Japanese screens', async ({ page }) => {
  await openGame(page, attemptsFor(['hello']));

  // Tutorial: the camera check passes on a replay that shows a face and hands.
  await page.getByTestId('play-tutorial').click();
  await page.getByTestId('continue').click();
  await page.getByTestId('continue').click();
  await expect(page.getByTestId('check-passed')).toBeVisible();
  await expectAccessible(page, 'camera check');
  await screenshot(page, 'tutorial-camera-check');
  await page.getByRole('button', { name: /Back to scenes|場面の一覧へ/ }).click();

  await page.getByTestId('play-hotel').click();
  await page.getByTestId('continue').click();
  await expect(page.getByTestId('lesson')).toHaveAttribute('data-phase', 'learn');
  await expect(page.getByTestId('sign-figure')).toBeVisible();
  await screenshot(page, 'hotel-learn');
  await page.getByTestId('skip').click();
  await expect(page.getByTestId('result-heading')).toBeVisible();
  await page.getByTestId('continue').click();
  await page.getByRole('button', { name: /Back to scenes|場面の一覧へ/ }).click();

  await expect(page.getByTestId('review-box')).toContainText(/HI/);
  await page.getByTestId('start-review').click();
  await expect(page.getByTestId('review-screen')).toBeVisible();
  await expectAccessible(page, 'practice');
  await screenshot(page, 'practice');

  await page.getByRole('button', { name: /Back to scenes|場面の一覧へ/ }).click();
  await page.getByRole('combobox', { name: /Language|言語/ }).selectOption('ja');
  await expect(page.getByTestId('home-screen')).toContainText('場面を選ぶ');
  await expectAccessible(page, 'home (ja)');
});

test('keyboard only: a scene can be started and a line continued without a mouse', async ({ page }) => {
  await openGame(page, []);
  const play = page.getByTestId('play-restaurant');
  for (let i = 0; i < 40 && !(await play.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(play).toBeFocused();
  const outline = await play.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('scene-screen')).toBeVisible();
  await expect(page.getByTestId('continue')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lesson')).toBeVisible();
});

test('focus lands on every new screen\'s heading or primary action, never the body; skipped steps read whole', async ({ page }) => {
  await openGame(page, attemptsFor(['hello']));
  const expectFocus = async (target: ReturnType<Page['getByTestId']>, screen: string) => {
    await expect(target, screen).toBeFocused();
    expect(await page.evaluate(() => document.activeElement?.tagName), screen).not.toBe('BODY');
  };
  await expectFocus(page.getByRole('heading', { name: 'Choose a scene' }), 'home');

  await page.getByTestId('browse-signs').click();
  await expectFocus(page.getByRole('heading', { name: 'All the signs' }), 'signs');
  await page.getByRole('button', { name: 'Back to scenes' }).click();
  await expectFocus(page.getByRole('heading', { name: 'Choose a scene' }), 'home again');

  await page.getByTestId('play-tutorial').click();
  await expectFocus(page.getByTestId('continue'), 'first line');
  await page.getByTestId('continue').click();
  await expectFocus(page.getByTestId('continue'), 'second line');
  await page.getByTestId('continue').click();
  await expectFocus(page.getByRole('heading', { name: 'Camera check' }), 'camera check');
  await expect(page.getByTestId('check-passed')).toBeVisible();
  await expectFocus(page.getByTestId('continue'), 'camera check passed');
  await page.getByTestId('continue').click();
  await expectFocus(page.getByTestId('continue'), 'line after the check');
  await page.getByTestId('continue').click();
  await expectFocus(page.getByRole('heading', { name: 'Learn the sign HI' }), 'learn');
  await page.getByTestId('skip').click();
  await expectFocus(page.getByTestId('result-heading'), 'skipped');
  await expect(page.getByTestId('result-heading')).toHaveText('Skipped for now');
  await page.getByTestId('continue').click();
  await expectFocus(page.getByTestId('continue'), 'line after the skipped sign');
  // The line names the sign skipped, so the sentence stays whole.
  await expect(page.getByTestId('speech')).toContainText("Lovely HI! You're ready for the café and the hotel.");
  await page.getByTestId('continue').click();
  await expectFocus(page.getByRole('heading', { name: 'You reached the end of the scene' }), 'scene end');
  await expect(page.getByTestId('scene-end-body')).toContainText('No stars this time');
  await expect(page.getByTestId('scene-complete')).not.toContainText('Scene complete!');
  await page.getByRole('button', { name: 'Back to scenes' }).last().click();
  await expectFocus(page.getByRole('heading', { name: 'Choose a scene' }), 'home after the scene');
  await expect(page.getByTestId('review-box')).toContainText('1 sign is due for practice: HI.');
  await page.getByTestId('start-review').click();
  await expectFocus(page.getByRole('heading', { name: 'Learn the sign HI' }), 'practice');
});

test('pharmacy (the fourth scene): every sign, the menu included, recognised from replays', async ({ page }) => {
  const signs = signsOf('pharmacy');
  expect(signs.length).toBeGreaterThanOrEqual(8);
  await openGame(page, attemptsFor(signs));
  await page.getByTestId('play-pharmacy').click();
  let signed = 0;
  const lines: string[] = [];
  while (!(await page.getByTestId('scene-complete').isVisible())) {
    if (!(await page.getByTestId('lesson').isVisible())) {
      lines.push((await page.getByTestId('speech').textContent()) ?? '');
      await page.getByTestId('continue').click();
      continue;
    }
    expect(await signStep(page), `sign step ${signed + 1} (${signs[signed]}) was not recognised`).toBe(true);
    signed++;
    await page.getByTestId('continue').click();
  }
  expect(signed).toBe(signs.length);
  // The line after the menu names the sign chosen from it.
  expect(lines.some((l) => l.includes('TODAY, then.')), lines.join('\n')).toBe(true);
});
