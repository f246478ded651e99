import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GL_ENV, GL_FLAGS, glForRenderer, headlessFlags, probeRenderer, rendererFromDump, softwareGl } from '../../training/browser';

const LLVMPIPE = 'ANGLE (Mesa/X.org, llvmpipe (LLVM 15.0.6 256 bits), OpenGL ES 3.2)';
const SWIFTSHADER = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';

/** A stand-in for Chromium that prints `dom` as `--dump-dom` would, and records its arguments. */
function fakeChromium(dom: string): { path: string; argsFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fake-chromium-'));
  const path = join(dir, 'chromium');
  const argsFile = join(dir, 'args');
  writeFileSync(path, `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\nprintf '%s' '${dom}'\n`);
  chmodSync(path, 0o755);
  return { path, argsFile };
}

describe('software GL for headless Chromium', () => {
  const saved = process.env[GL_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[GL_ENV];
    else process.env[GL_ENV] = saved;
  });

  it('uses llvmpipe only when the renderer string says so', () => {
    expect(glForRenderer(LLVMPIPE)).toBe('llvmpipe');
    expect(glForRenderer(SWIFTSHADER)).toBe('swiftshader');
    expect(glForRenderer('none')).toBe('swiftshader');
    expect(glForRenderer(undefined)).toBe('swiftshader');
  });

  it('reads the renderer from the dumped page', () => {
    expect(rendererFromDump(`<html><head></head><body>renderer:${LLVMPIPE}</body></html>\n`)).toBe(LLVMPIPE);
    expect(rendererFromDump('<html><body></body></html>')).toBeUndefined();
  });

  it('probes with the llvmpipe flags and remembers the answer for child processes', () => {
    delete process.env[GL_ENV];
    const chromium = fakeChromium(`<body>renderer:${LLVMPIPE}</body>`);
    expect(softwareGl(chromium.path)).toBe('llvmpipe');
    expect(readFileSync(chromium.argsFile, 'utf8').split('\n')).toEqual(expect.arrayContaining(['--headless', '--dump-dom', ...GL_FLAGS.llvmpipe]));
    expect(process.env[GL_ENV]).toBe('llvmpipe');
    expect(headlessFlags(chromium.path)).toEqual(expect.arrayContaining([...GL_FLAGS.llvmpipe]));
    expect(headlessFlags(chromium.path)).not.toContain('--disable-gpu');
  });

  it('falls back to SwiftShader when the probe finds no llvmpipe or cannot run', () => {
    delete process.env[GL_ENV];
    expect(softwareGl(fakeChromium(`<body>renderer:${SWIFTSHADER}</body>`).path)).toBe('swiftshader');
    expect(probeRenderer(join(tmpdir(), 'no-such-chromium'))).toBeUndefined();
    delete process.env[GL_ENV];
    expect(headlessFlags(join(tmpdir(), 'no-such-chromium'))).toContain('--disable-gpu');
  });

  it('takes SIGNQUEST_GL over the probe, and names the variable when its value is wrong', () => {
    process.env[GL_ENV] = 'swiftshader';
    expect(softwareGl(fakeChromium(`<body>renderer:${LLVMPIPE}</body>`).path)).toBe('swiftshader');
    process.env[GL_ENV] = 'vulkan';
    expect(() => softwareGl()).toThrow(`${GL_ENV}: vulkan is not a renderer: use llvmpipe or swiftshader.`);
  });
});
