/**
 * The service worker on the production build, for real, each test with a server of its own:
 * "works with no network once loaded" (used once with the camera, then the server is shut
 * down and the page reloaded: the game, Holistic, the model and the reference signs come
 * back), and an update (build A served, then build B: the learner is told, reloads, and
 * gets B's files while A's cache is gone).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, expect, test } from '@playwright/test';
import { build, preview, type PreviewServer } from 'vite';
import { chromiumLaunchOptions, fakeCameraArgs } from '../../training/browser';
import { DEFAULT_MODEL_NAME } from '../../src/lib/recognition/manifest';
import { SERVICE_WORKER_FILE, type ServiceWorkerBuild } from '../../scripts/vite-offline-precache';
import { SKELETON_PIXELS, makeFakeCameraClip, paintedOverlayPixels } from './fake-camera';
import { expectAccessible } from './accessibility';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function closeServer(server: PreviewServer): Promise<void> {
  // vite preview serves plain HTTP here.
  (server.httpServer as Server).closeAllConnections();
  await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
}

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

    const tracking = async () => {
      await expect.poll(() => paintedOverlayPixels(page), { timeout: 120_000 }).toBeGreaterThan(SKELETON_PIXELS);
      await expect(page.getByRole('heading', { name: 'Choose a scene' })).toBeVisible();
    };
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('button', { name: 'Turn on camera' }).click();
    await tracking();

    await closeServer(server);
    const offline = await page.request.get('./').then(() => 'answered', () => 'refused');
    expect(offline).toBe('refused');

    // The camera was turned on here before: the reload goes straight to the scenes, tracking.
    await page.reload();
    await tracking();
    // The recognition worker and TF.js came from the cache too: the worker runs a backend.
    await expect(page.getByTestId('game')).toHaveAttribute('data-backend', /^(webgpu|webgl|wasm|cpu)$/);
    const lazyFiles = ['signs/rth-signs/index.json', 'signs/rth-signs/coffee.signrec', 'signs/gislr-hello-thankyou/index.json', `models/${DEFAULT_MODEL_NAME}/manifest.json`];
    const statuses = await page.evaluate((files) => Promise.all(files.map((f) => fetch(f).then((r) => r.status, () => 0))), lazyFiles);
    expect(statuses).toEqual(lazyFiles.map(() => 200));
  } finally {
    await browser.close();
    server.httpServer.close();
  }
});

/** A production build into `outDir` whose page carries `label`, so a test can tell builds apart. */
async function labelledBuild(label: string, outDir: string): Promise<ServiceWorkerBuild> {
  await build({
    root: ROOT,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
    plugins: [{ name: 'e2e-build-label', transformIndexHtml: () => [{ tag: 'meta', attrs: { name: 'signquest-build', content: label }, injectTo: 'head' }] }],
  });
  const firstLine = readFileSync(join(outDir, SERVICE_WORKER_FILE), 'utf8').split('\n', 1)[0];
  return JSON.parse(firstLine.replace(/^const BUILD = /, '').replace(/;$/, '')) as ServiceWorkerBuild;
}

test('an update: the learner is told, reloads into the new build, and the old files and cache are gone', async () => {
  test.setTimeout(300_000);
  const dirA = mkdtempSync(join(tmpdir(), 'signquest-build-a-'));
  const dirB = mkdtempSync(join(tmpdir(), 'signquest-build-b-'));
  const browser = await chromium.launch(chromiumLaunchOptions());
  let server: PreviewServer | undefined;
  try {
    const [a, b] = [await labelledBuild('A', dirA), await labelledBuild('B', dirB)];
    // Only the page differs between the two builds.
    const changed = b.precache.filter((e) => a.precache.find((o) => o.url === e.url)?.revision !== e.revision).map((e) => e.url);
    expect(changed).toEqual(['./']);

    server = await preview({ root: ROOT, logLevel: 'warn', build: { outDir: dirA }, preview: { port: 0, host: '127.0.0.1', open: false } });
    const { port } = server.httpServer.address() as AddressInfo;
    const origin = `http://127.0.0.1:${port}`;
    const context = await browser.newContext({ baseURL: `${origin}/` });
    const page = await context.newPage();
    const label = () => page.locator('meta[name="signquest-build"]').getAttribute('content');
    await page.goto('./');
    await page.evaluate(() => navigator.serviceWorker.ready);
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    expect(await label()).toBe('A');
    await expect(page.getByTestId('update-ready')).toHaveCount(0);

    // Build B replaces A on the same origin; the worker's own fetches are watched.
    await closeServer(server);
    server = await preview({ root: ROOT, logLevel: 'warn', build: { outDir: dirB }, preview: { port, strictPort: true, host: '127.0.0.1', open: false } });
    const fetchedByWorker: string[] = [];
    context.on('request', (r) => {
      if (r.serviceWorker() && !r.url().endsWith(`/${SERVICE_WORKER_FILE}`)) fetchedByWorker.push(r.url().slice(origin.length));
    });
    await page.reload();
    // The running version stays until the learner chooses; then a banner says B is ready.
    expect(await label()).toBe('A');
    const banner = page.getByTestId('update-ready');
    await expect(banner).toContainText('A new version of SignQuest is ready.');
    await expectAccessible(page, 'update ready');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ja');
    await expect(banner).toContainText('新しいバージョンの準備ができました');
    await expectAccessible(page, 'update ready (ja)');
    // B's worker fetched only what changed and took the rest from A's cache.
    expect(fetchedByWorker).toEqual(['/']);

    await banner.getByRole('button').click();
    await expect.poll(label).toBe('B');
    await expect(page.getByTestId('update-ready')).toHaveCount(0);
    const cached = await page.evaluate(async () => {
      const keys = await caches.keys();
      const entries: Record<string, string[]> = {};
      for (const k of keys) entries[k] = (await (await caches.open(k)).keys()).map((r) => r.url);
      return entries;
    });
    expect(Object.keys(cached).filter((k) => k.includes('precache'))).toEqual([`signquest-precache-${b.revision}`]);
    expect(cached[`signquest-precache-${b.revision}`]).toHaveLength(b.precache.length);
    const pageEntry = b.precache.find((e) => e.url === './')!;
    expect(cached[`signquest-precache-${b.revision}`]).toContain(`${origin}/?__revision=${pageEntry.revision}`);
  } finally {
    await browser.close();
    if (server) await closeServer(server);
    rmSync(dirA, { recursive: true, force: true });
    rmSync(dirB, { recursive: true, force: true });
  }
});
