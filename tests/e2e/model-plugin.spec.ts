/**
 * A researcher's classifier in the running test build: the settings page shows the active
 * model, its backend and its card; a model folder whose labels do not fit its outputs is
 * refused with the mismatch named and the active model stays; the hands-only model, picked
 * as a folder from disk, is checked, stored in IndexedDB, remembered, and judges a scene's
 * greeting step from a held-out signer's replayed hello.
 */
import { expect, test } from '@playwright/test';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectAccessible } from './accessibility';

const SHIPPED = 'public/models/signs-gislr-v2';
const HANDS = 'public/models/signs-gislr-hands-v1';
const ATTEMPTS_DIR = 'tests/e2e/fixtures/gislr-attempts';
const HELLO = 'hello-37055-1763710507.signrec';

// The offline service worker would fetch the attempt itself, past page.route.
test.use({ serviceWorkers: 'block' });

let folders: string;
test.beforeAll(() => {
  folders = mkdtempSync(join(tmpdir(), 'signquest-e2e-models-'));
  // A copy of the shipped model whose manifest lists a fourth label the model has no output for.
  const broken = join(folders, 'broken-model');
  cpSync(SHIPPED, broken, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(SHIPPED, 'manifest.json'), 'utf8'));
  writeFileSync(join(broken, 'manifest.json'), JSON.stringify({ ...manifest, name: 'broken-model', labels: ['coffee', ...manifest.labels] }));
  cpSync(HANDS, join(folders, 'signs-gislr-hands-v1'), { recursive: true });
});
test.afterAll(() => rmSync(folders, { recursive: true, force: true }));

test('settings: the active model and its card; a broken model refused; the hands-only model loaded from disk judges a step', async ({ page }) => {
  await page.goto('./');
  await page.getByTestId('open-settings').click();
  const active = page.getByTestId('active-model');
  await expect(page.getByTestId('active-model-name')).toContainText('signs-gislr-v2');
  await expect(page.getByTestId('active-model-backend')).toHaveText(/^(webgpu|webgl|wasm|cpu)$/);
  await page.getByTestId('model-card').locator('summary').click();
  await expect(page.getByTestId('model-card')).toContainText('Held out, never trained on');
  await expectAccessible(page, 'settings');

  await page.getByTestId('model-folder').setInputFiles(join(folders, 'broken-model'));
  const refused = page.getByTestId('model-refused');
  await expect(refused).toContainText('broken-model/manifest.json: labels: lists 4 labels, but the model gives 3 class scores');
  await expect(page.getByTestId('active-model-name')).toContainText('signs-gislr-v2');
  await expectAccessible(page, 'settings, a model refused');

  await page.getByTestId('model-folder').setInputFiles(join(folders, 'signs-gislr-hands-v1'));
  await expect(page.getByTestId('model-accepted')).toContainText('signs-gislr-hands-v1');
  await expect(page.getByTestId('active-model-name')).toContainText('signs-gislr-hands-v1');
  await expect(active).toContainText('this browser');
  await expect(page.getByTestId('active-model-input')).toContainText('9 blocks');

  // The choice is remembered: the game loads the stored hands-only model, never the shipped one.
  const shippedRequests: string[] = [];
  page.on('request', (r) => { if (r.url().includes('/models/')) shippedRequests.push(r.url()); });
  await page.route('**/signs/e2e-attempts/*', (route) => route.fulfill({ body: readFileSync(join(ATTEMPTS_DIR, HELLO)), contentType: 'application/octet-stream' }));
  await page.goto(`./?replay=${encodeURIComponent(`e2e-attempts/${HELLO}`)}`);
  await expect(page.getByTestId('game')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('play-hotel').click();
  await page.getByTestId('continue').click();
  const lesson = page.getByTestId('lesson');
  await expect(lesson).toHaveAttribute('data-phase', 'learn');
  await page.getByTestId('start-try').click();
  await expect(lesson).toHaveAttribute('data-phase', 'result', { timeout: 90_000 });
  await expect(page.getByTestId('success'), 'the hands-only model did not accept a held-out signer\'s hello at the greeting').toBeVisible();
  await expect(page.getByTestId('model-problem')).toHaveCount(0);
  expect(shippedRequests).toEqual([]);
});
