/**
 * The test hooks stay out of what learners get: the production build (dist/) has no
 * tools.html, no `window.__signquestTest` and no `?replay=` code path, while the test
 * build (dist-test/, which the other browser tests use) has all three, so the patterns
 * looked for are the right ones. Both builds carry the CSP.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, expect, test } from '@playwright/test';
import { preview } from 'vite';
import { chromiumLaunchOptions } from '../../training/browser';
import { CONTENT_SECURITY_POLICY } from '../../scripts/vite-csp';
import { BUILD_DIRS } from '../../scripts/builds';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILDS = { production: join(ROOT, BUILD_DIRS.production), test: join(ROOT, BUILD_DIRS.test) };

const TEST_HOOK = '__signquestTest';
/** The game reading `?replay=` (minified: `.get(`replay`)`). */
const REPLAY_PARAM = /\.get\((["'`])replay\1\)/;

function scripts(dir: string): string[] {
  return readdirSync(join(dir, 'assets')).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(dir, 'assets', f), 'utf8'));
}

test('the production build has no tools page, no test hook and no replay mode; the test build has them', () => {
  const production = scripts(BUILDS.production);
  const testBuild = scripts(BUILDS.test);
  expect(existsSync(join(BUILDS.production, 'tools.html'))).toBe(false);
  expect(production.filter((s) => s.includes(TEST_HOOK))).toEqual([]);
  expect(production.filter((s) => REPLAY_PARAM.test(s))).toEqual([]);

  expect(existsSync(join(BUILDS.test, 'tools.html'))).toBe(true);
  expect(testBuild.some((s) => s.includes(TEST_HOOK))).toBe(true);
  expect(testBuild.some((s) => REPLAY_PARAM.test(s))).toBe(true);

  for (const dir of Object.values(BUILDS)) {
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY.replaceAll("'", '&#39;')}">`);
  }
});

test('on the production build, ?replay= is ignored: the learner gets the start screen and no hook', async () => {
  const server = await preview({ root: ROOT, logLevel: 'warn', preview: { port: 0, host: '127.0.0.1', open: false } });
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const { port } = server.httpServer.address() as AddressInfo;
    const page = await browser.newPage({ baseURL: `http://127.0.0.1:${port}/` });
    await page.goto('./?replay=gislr-hello-thankyou/hello.signrec');
    await expect(page.getByTestId('start-screen')).toBeVisible();
    await expect(page.getByTestId('game')).toHaveCount(0);
    expect(await page.evaluate((hook) => hook in window, TEST_HOOK)).toBe(false);
  } finally {
    await browser.close();
    server.httpServer.close();
  }
});
