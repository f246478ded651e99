/**
 * "Works with no network once loaded", for real: the game is served by a server of the
 * test's own, used once with the camera, then the server is shut down and the page
 * reloaded. The service worker must bring back the game, Holistic, the model and the
 * reference signs.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, expect, test } from '@playwright/test';
import { preview } from 'vite';
import { chromiumLaunchOptions, fakeCameraArgs } from '../../training/browser';
import { DEFAULT_MODEL_NAME } from '../../src/lib/recognition/manifest';
import { SKELETON_PIXELS, makeFakeCameraClip, paintedOverlayPixels } from './fake-camera';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

test('after one visit the game, the tracker, the model and the signs work with the server gone', async () => {
  test.setTimeout(300_000);
  const clip = makeFakeCameraClip('hi.mp4', { seconds: 1.6, fps: 10, width: 640, height: 360 });
  const server = await preview({ root: ROOT, logLevel: 'warn', preview: { port: 0, host: '127.0.0.1', open: false } });
  const { port } = server.httpServer.address() as AddressInfo;
  const browser = await chromium.launch(chromiumLaunchOptions(fakeCameraArgs(clip)));
  try {
    const context = await browser.newContext({ baseURL: `http://127.0.0.1:${port}/` });
    const page = await context.newPage();
    await page.goto('./');
    // The worker has installed (precached the game) and controls the page.
    await page.evaluate(() => navigator.serviceWorker.ready);
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    const playLive = async () => {
      await page.getByRole('button', { name: 'Start' }).click();
      await page.getByRole('button', { name: 'Turn on camera' }).click();
      await expect.poll(() => paintedOverlayPixels(page), { timeout: 120_000 }).toBeGreaterThan(SKELETON_PIXELS);
      await expect(page.getByRole('heading', { name: 'Choose a scene' })).toBeVisible();
    };
    await playLive();

    // vite preview serves plain HTTP here.
    (server.httpServer as Server).closeAllConnections();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    const offline = await page.request.get('./').then(() => 'answered', () => 'refused');
    expect(offline).toBe('refused');

    await page.reload();
    await playLive();
    const lazyFiles = ['signs/rth-signs/index.json', 'signs/rth-signs/coffee.signrec', 'signs/gislr-hello-thankyou/index.json', `models/${DEFAULT_MODEL_NAME}/manifest.json`];
    const statuses = await page.evaluate((files) => Promise.all(files.map((f) => fetch(f).then((r) => r.status, () => 0))), lazyFiles);
    expect(statuses).toEqual(lazyFiles.map(() => 200));
  } finally {
    await browser.close();
    server.httpServer.close();
  }
});
