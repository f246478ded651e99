/**
 * Opens tools.html of the test build (`vite build --mode test`, dist-test/: the production
 * build plus this page) in headless Chromium for CLI verbs that run the app's browser code
 * (Holistic extraction, benchmarks). Builds it first when dist-test/ is missing.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { build, preview, type PreviewServer } from 'vite';
import { BUILD_DIRS, TEST_MODE } from '../scripts/builds';
import { GL_FLAGS, HEADLESS_FLAGS, headlessFlags, requireChromium, type SoftwareGl } from './browser';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * tsx (esbuild keepNames) wraps named functions in __name(); functions we pass to
 * page.evaluate or addInitScript carry that call into the page, which has no such helper.
 */
export const KEEP_NAMES_SHIM = 'globalThis.__name = (fn) => fn;';

export interface ToolsPage {
  page: Page;
  close(): Promise<void>;
}

export interface ToolsPageOptions {
  rebuild?: boolean;
  log?: (line: string) => void;
  /** More Chromium flags (a fake camera, say). */
  extraArgs?: string[];
  /** The software GL to use instead of this machine's (to compare them). */
  gl?: SoftwareGl;
}

export async function openToolsPage(opts: ToolsPageOptions = {}): Promise<ToolsPage> {
  const log = opts.log ?? ((line: string) => process.stderr.write(line + '\n'));
  if (opts.rebuild || !existsSync(join(ROOT, BUILD_DIRS.test, 'tools.html'))) {
    log(`Building the app's test build (${BUILD_DIRS.test}/) ...`);
    await build({ root: ROOT, mode: TEST_MODE, logLevel: 'warn' });
  }
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await preview({ root: ROOT, mode: TEST_MODE, logLevel: 'warn', preview: { port: 0, host: '127.0.0.1', strictPort: false, open: false } });
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('vite preview did not report a URL');
    const executablePath = requireChromium(() => chromium.executablePath());
    browser = await chromium.launch({ executablePath, args: [...(opts.gl ? [...HEADLESS_FLAGS, ...GL_FLAGS[opts.gl]] : headlessFlags(executablePath)), ...(opts.extraArgs ?? [])] });
    const page = await browser.newPage();
    page.on('pageerror', (e) => log(`[browser] ${e.message}`));
    await page.addInitScript(KEEP_NAMES_SHIM);
    await page.goto(new URL('tools.html', url).href);
    await page.waitForSelector('body[data-tools-ready="true"]', { state: 'attached' });
    const opened = { browser, server };
    return {
      page,
      async close() {
        await opened.browser.close();
        await new Promise<void>((resolve) => opened.server.httpServer.close(() => resolve()));
      },
    };
  } catch (e) {
    await browser?.close();
    server?.httpServer.close();
    throw e;
  }
}
