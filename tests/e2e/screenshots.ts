/**
 * Where the browser tests put their screenshots: into test-results/screenshots/ (not
 * tracked) on every run, and into docs/screenshots/ (the README's pictures) only when
 * someone means to refresh them: `UPDATE_SCREENSHOTS=1 npm run test:e2e`.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';

export const SCREENSHOTS_DIR = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : join('test-results', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
}
