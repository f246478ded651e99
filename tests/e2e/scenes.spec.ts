/**
 * A teacher's scene loaded into the running test build: a `.signscene` file picked on the
 * scene list is checked, stored in IndexedDB, shown with its pictures from blob: URLs under
 * the production CSP, and played (its greeting step signed by a held-out GISLR signer's
 * replay, as in game.spec.ts); it stays after a reload, exports to the same file and can be
 * removed. A scene folder, and a dropped file, load the same way; a broken scene file is refused with its
 * file: field: problem lines and nothing is stored, while every other scene stays playable.
 * On the production build (dist/, no test hooks) a learner without a camera loads a scene
 * file, watches its signs, and meets a broken one's problems.
 */
import { chromium, expect, test, type Page } from '@playwright/test';
import type { AddressInfo } from 'node:net';
import { preview } from 'vite';
import { chromiumLaunchOptions } from '../../training/browser';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeSignscene, encodeSignscene, type SceneBundle } from '../../src/lib/scenes/bundle';
import { expectAccessible } from './accessibility';
import { screenshot } from './screenshots';
import { watchForLeaks, expectNoLeaks } from './no-leaks';

const ATTEMPTS_DIR = 'tests/e2e/fixtures/gislr-attempts';
const ATTEMPTS_URL = 'e2e-attempts';
const PHARMACY = 'src/scenes/pharmacy';

// The offline service worker would fetch the attempts itself, past page.route.
test.use({ serviceWorkers: 'block' });

/** The shipped pharmacy as a teacher's copy: another id and title, `edit` applied to its scene.yaml. */
function teachersScene(id: string, edit: (yaml: string) => string = (y) => y): SceneBundle {
  const art = Object.fromEntries(readdirSync(PHARMACY).filter((f) => f.endsWith('.svg')).map((f) => [f, readFileSync(join(PHARMACY, f), 'utf8')]));
  const yaml = readFileSync(join(PHARMACY, 'scene.yaml'), 'utf8')
    .replace('id: pharmacy', `id: ${id}`)
    .replace('order: 4', 'order: 5')
    .replace('en: "Green Cross Pharmacy"', `en: "Corner Pharmacy (${id})"`);
  return { source: `${id}.signscene`, yaml: edit(yaml), art };
}

const fileOf = (bundle: SceneBundle) => ({ name: bundle.source, mimeType: 'application/json', buffer: Buffer.from(encodeSignscene(bundle)) });

async function openGame(page: Page, attempts: string[]): Promise<void> {
  await page.route(`**/signs/${ATTEMPTS_URL}/*`, (route) => {
    const file = decodeURIComponent(new URL(route.request().url()).pathname.split('/').pop()!);
    return route.fulfill({ body: readFileSync(join(ATTEMPTS_DIR, file)), contentType: 'application/octet-stream' });
  });
  await page.goto(`./?replay=${attempts.map(encodeURIComponent).join(',')}`);
  await expect(page.getByTestId('game')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('local-scenes')).toBeVisible();
}

/** Every picture of a scene card has loaded (a blob: URL the CSP refused would not). */
async function picturesShown(page: Page, id: string): Promise<{ img: string; background: string; loaded: boolean }> {
  return page.getByTestId(`scene-card-${id}`).evaluate(async (card) => {
    const img = card.querySelector('img')!;
    await img.decode();
    const background = getComputedStyle(card.querySelector('.thumb')!).backgroundImage;
    return { img: img.src, background, loaded: img.naturalWidth > 0 };
  });
}

test('a scene file is loaded, played, kept, exported and removed; a broken one is refused with its problems', async ({ page, context, baseURL }) => {
  const leaks = await watchForLeaks(context, new URL(baseURL!).origin);
  const hello = (JSON.parse(readFileSync(join(ATTEMPTS_DIR, 'index.json'), 'utf8')) as { recordings: { file: string; gloss: string }[] }).recordings.find((r) => r.gloss === 'hello')!;
  await openGame(page, [`${ATTEMPTS_URL}/${hello.file}`]);

  // A broken file: refused with every problem by file and field; nothing stored, the shipped scenes still there.
  const broken = teachersScene('corner', (y) => y.replace('expect: hurt', 'expect: hurts').replace('      ja: メイにお礼を言いましょう。\n', ''));
  await page.getByTestId('load-scene-file').setInputFiles(fileOf(broken));
  const refused = page.getByTestId('scene-refused');
  await expect(refused).toContainText('corner.signscene/scene.yaml: script[3].expect: unknown gloss "hurts" (not in src/scenes/signs.yaml, the sign packs in this browser nor in the scene\'s signs)');
  await expect(refused).toContainText('corner.signscene/scene.yaml: script[13].prompt.ja: missing');
  await expectAccessible(page, 'scene refused');
  await screenshot(page, 'scene-refused');
  await expect(page.getByTestId('local-scene-corner')).toHaveCount(0);
  for (const id of ['tutorial', 'restaurant', 'hotel', 'pharmacy']) await expect(page.getByTestId(`play-${id}`)).toBeEnabled();

  // A good one: in the list at once, its pictures from blob: URLs.
  await page.getByTestId('load-scene-file').setInputFiles(fileOf(teachersScene('corner')));
  await expect(page.getByTestId('scene-loaded')).toContainText('Corner Pharmacy (corner)');
  const card = page.getByTestId('scene-card-corner');
  await expect(card.getByTestId('loaded-here')).toBeVisible();
  const pictures = await picturesShown(page, 'corner');
  expect(pictures.img).toMatch(/^blob:/);
  expect(pictures.background).toMatch(/^url\("blob:/);
  expect(pictures.loaded).toBe(true);
  await expectAccessible(page, 'scene loaded');

  // Played like the others: the greeting, signed by a held-out signer.
  await page.getByTestId('play-corner').click();
  await expect(page.getByTestId('scene-screen')).toHaveAttribute('data-scene', 'corner');
  await expect(page.getByTestId('speech')).toContainText("I'm Mei, the pharmacist.");
  await screenshot(page, 'pharmacy-scene');
  await page.getByTestId('continue').click();
  const lesson = page.getByTestId('lesson');
  await expect(lesson).toHaveAttribute('data-phase', 'learn');
  await page.getByTestId('start-try').click();
  await expect(lesson).toHaveAttribute('data-phase', 'result', { timeout: 90_000 });
  await expect(page.getByTestId('success')).toBeVisible();

  // Kept across a reload; exported as the same file; removed.
  await page.reload();
  await expect(page.getByTestId('game')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('scene-card-corner')).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-scene-corner').click()]);
  expect(download.suggestedFilename()).toBe('corner.signscene');
  const exported = decodeSignscene(readFileSync(await download.path()), 'corner.signscene');
  expect(exported).toEqual(teachersScene('corner'));
  await page.getByTestId('remove-scene-corner').click();
  await page.getByRole('button', { name: /Really remove/ }).click();
  await expect(page.getByTestId('scene-card-corner')).toHaveCount(0);
  await expect(page.getByTestId('local-scene-corner')).toHaveCount(0);

  await expectNoLeaks(leaks);
});

test('a scene folder is loaded as a file is; a folder without scene.yaml is refused; a dropped file loads', async ({ page }) => {
  await openGame(page, []);
  const root = mkdtempSync(join(tmpdir(), 'scene-folder-'));
  const bundle = teachersScene('station');
  const folder = join(root, 'station');
  mkdirSync(folder);
  writeFileSync(join(folder, 'scene.yaml'), bundle.yaml);
  for (const [name, svg] of Object.entries(bundle.art)) writeFileSync(join(folder, name), svg);
  writeFileSync(join(folder, 'notes.txt'), 'left out');
  await page.getByTestId('load-scene-folder').setInputFiles(folder);
  await expect(page.getByTestId('scene-loaded')).toContainText('Corner Pharmacy (station)');
  expect((await picturesShown(page, 'station')).loaded).toBe(true);

  const empty = join(root, 'empty');
  mkdirSync(empty);
  writeFileSync(join(empty, 'background.svg'), bundle.art['background.svg']);
  await page.getByTestId('load-scene-folder').setInputFiles(empty);
  await expect(page.getByTestId('scene-refused')).toContainText('empty: has no scene.yaml (a scene folder holds scene.yaml and its SVG pictures)');
  await expect(page.getByTestId('play-station')).toBeEnabled();

  // A .signscene file dropped on the box loads as a picked one does.
  const text = encodeSignscene(teachersScene('dropped'));
  const drop = await page.evaluateHandle((json) => {
    const data = new DataTransfer();
    data.items.add(new File([json], 'dropped.signscene', { type: 'application/json' }));
    return data;
  }, text);
  await page.getByTestId('scene-drop').dispatchEvent('drop', { dataTransfer: drop });
  await expect(page.getByTestId('scene-loaded')).toContainText('Corner Pharmacy (dropped)');
  await expect(page.getByTestId('play-dropped')).toBeEnabled();
});

test('on the production build, a scene file is loaded and its signs watched without a camera; a broken one is refused', async () => {
  const server = await preview({ logLevel: 'warn', preview: { port: 0, host: '127.0.0.1', open: false } });
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const { port } = server.httpServer.address() as AddressInfo;
    const page = await browser.newPage({ baseURL: `http://127.0.0.1:${port}/` });
    await page.goto('./');
    await page.getByTestId('browse-without-camera').click();
    await page.getByTestId('signs-screen').getByRole('button', { name: /Back to scenes/ }).click();
    await page.getByTestId('load-scene-file').setInputFiles(fileOf(teachersScene('corner')));
    await expect(page.getByTestId('scene-loaded')).toContainText('Corner Pharmacy (corner)');
    expect((await picturesShown(page, 'corner')).loaded).toBe(true);
    await page.getByTestId('load-scene-file').setInputFiles(fileOf(teachersScene('broken', (y) => y.replace('art: pharmacist.svg', 'art: chemist.svg'))));
    await expect(page.getByTestId('scene-refused')).toContainText('broken.signscene/scene.yaml: characters[0].art: no file "chemist.svg" in the scene folder');
    await page.getByTestId('browse-signs').click();
    await page.getByTestId('browse-corner-hurt').click();
    await expect(page.getByTestId('browse-detail')).toHaveAttribute('data-gloss', 'hurt');
  } finally {
    await browser.close();
    server.httpServer.close();
  }
});
