/**
 * Chromium for tests and the signs CLI: CHROMIUM_PATH, else a system Chromium/Chrome,
 * else Playwright's own browser (where `npx playwright install chromium` was possible).
 * Without a GPU, WebGL (so Holistic) runs on Mesa's llvmpipe where that is installed and
 * on Chromium's own SwiftShader otherwise: docs/benchmarks.md measures both.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type LaunchOptions } from '@playwright/test';

const SYSTEM_BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** Flags that work headless as root on a machine without network; GL_FLAGS choose the renderer. */
export const HEADLESS_FLAGS = [
  '--no-sandbox',
  '--disable-quic',
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The software renderers WebGL can run on without a GPU. */
export type SoftwareGl = 'llvmpipe' | 'swiftshader';

export const GL_FLAGS: Record<SoftwareGl, readonly string[]> = {
  // ANGLE on the system's EGL: Mesa's multi-threaded llvmpipe (Debian: libegl1, libgl1-mesa-dri).
  llvmpipe: ['--use-angle=gl-egl', '--ignore-gpu-blocklist', '--enable-gpu'],
  swiftshader: ['--disable-gpu'],
};

/** Overrides the probe: SIGNQUEST_GL=llvmpipe or swiftshader. The probe also sets it, so child processes probe no more. */
export const GL_ENV = 'SIGNQUEST_GL';

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

/** WebGL's renderer string, in a page (serialised: self-contained). */
export const webglRenderer = (): string => {
  const gl = document.createElement('canvas').getContext('webgl2');
  const info = gl && gl.getExtension('WEBGL_debug_renderer_info');
  return gl ? String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : 'none';
};

/** A page that prints WebGL's renderer string as its whole text (for `--dump-dom`). */
const RENDERER_PAGE = `<body><script>document.body.textContent = 'renderer:' + (${webglRenderer.toString()})();</script></body>`;

/** The renderer string in Chromium's `--dump-dom` output of RENDERER_PAGE, or undefined. */
export function rendererFromDump(dom: string): string | undefined {
  return /renderer:([^<]*)/.exec(dom)?.[1].trim() || undefined;
}

/** llvmpipe where the llvmpipe flags really give a llvmpipe renderer; SwiftShader otherwise. */
export function glForRenderer(renderer: string | undefined): SoftwareGl {
  return renderer && /llvmpipe/i.test(renderer) ? 'llvmpipe' : 'swiftshader';
}

/** WebGL's renderer in headless Chromium with the llvmpipe flags (undefined when it cannot say). */
export function probeRenderer(executable: string): string | undefined {
  try {
    const dom = execFileSync(executable, ['--headless', ...HEADLESS_FLAGS, ...GL_FLAGS.llvmpipe, '--dump-dom', `data:text/html,${encodeURIComponent(RENDERER_PAGE)}`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 60_000,
    });
    return rendererFromDump(dom);
  } catch {
    return undefined;
  }
}

/** The renderer for this machine: SIGNQUEST_GL if set, else probed once (about 3 s) and remembered in it. */
export function softwareGl(executable: string | undefined = findChromium()): SoftwareGl {
  const given = process.env[GL_ENV];
  if (given) {
    if (given !== 'llvmpipe' && given !== 'swiftshader') throw new Error(`${GL_ENV}: ${given} is not a renderer: use llvmpipe or swiftshader.`);
    return given;
  }
  const chosen = glForRenderer(probeRenderer(executable ?? chromium.executablePath()));
  process.env[GL_ENV] = chosen;
  return chosen;
}

/** Headless flags with this machine's renderer. */
export function headlessFlags(executable?: string): string[] {
  return [...HEADLESS_FLAGS, ...GL_FLAGS[softwareGl(executable)]];
}

/** Undefined executablePath lets Playwright use its own downloaded browser. */
export function chromiumLaunchOptions(extraArgs: string[] = []): LaunchOptions {
  const executablePath = findChromium();
  return { executablePath, args: [...headlessFlags(executablePath), ...extraArgs] };
}

export function fakeCameraArgs(y4mFile: string): string[] {
  return ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4mFile}`];
}
