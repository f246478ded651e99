/**
 * Chromium for tests and the signs CLI: CHROMIUM_PATH, else a system Chromium/Chrome,
 * else Playwright's own browser (where `npx playwright install chromium` was possible).
 */
import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

const SYSTEM_BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** Flags that work headless as root on a machine without GPU or network. */
export const HEADLESS_FLAGS = [
  '--no-sandbox',
  '--disable-quic',
  '--disable-gpu',
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, which does not exist.`);
    return fromEnv;
  }
  return SYSTEM_BROWSERS.find((p) => existsSync(p));
}

/** Chromium for the CLI: like the tests, but says what to install when there is none. */
export function requireChromium(playwrightOwn: () => string): string {
  const found = findChromium();
  if (found) return found;
  const own = playwrightOwn();
  if (own && existsSync(own)) return own;
  throw new Error(
    'No Chromium found. Install one of: Debian/Ubuntu `apt-get install chromium`; Playwright\'s own `npx playwright install chromium`; or set CHROMIUM_PATH to a Chromium or Chrome binary.',
  );
}

/** Undefined executablePath lets Playwright use its own downloaded browser. */
export function chromiumLaunchOptions(extraArgs: string[] = []): LaunchOptions {
  return { executablePath: findChromium(), args: [...HEADLESS_FLAGS, ...extraArgs] };
}

export function fakeCameraArgs(y4mFile: string): string[] {
  return ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4mFile}`];
}
