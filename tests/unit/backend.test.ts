import { describe, expect, it, vi } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { chooseBackend, type BackendName } from '../../src/lib/recognition/backend';

// The WebGPU backend registers itself on import; the fake TF.js below stands in for it.
vi.mock('@tensorflow/tfjs-backend-webgpu', () => ({}));

/** TF.js as far as the backend choice sees it: WebGL and CPU, with the WebGL canvas to lose. */
function fakeTf(available: BackendName[]) {
  const canvas = new EventTarget();
  let loseDevice!: (info: { reason: string }) => void;
  const device = { lost: new Promise<{ reason: string }>((resolve) => (loseDevice = resolve)) };
  let current: string | null = null;
  const registered = new Set<string>(available);
  const tf = {
    canvas,
    loseDevice,
    removed: [] as string[],
    async setBackend(name: string) {
      if (!registered.has(name)) return false;
      current = name;
      return true;
    },
    async ready() {},
    getBackend: () => current,
    backend: () => (current === 'webgl' ? { gpgpu: { gl: { canvas } } } : current === 'webgpu' ? { device } : {}),
    removeBackend(name: string) {
      registered.delete(name);
      tf.removed.push(name);
      if (current === name) current = null;
    },
  };
  return tf;
}

describe('TF.js backend choice', () => {
  it('falls back to the next backend when the WebGL context is lost, and says which', async () => {
    const tf = fakeTf(['webgl', 'cpu']);
    const fallbacks: [BackendName, BackendName | null][] = [];
    const name = await chooseBackend({ tf: tf as unknown as typeof tfType, order: ['webgl', 'cpu'], onFallback: (lost, next) => fallbacks.push([lost, next]) });
    expect(name).toBe('webgl');
    tf.canvas.dispatchEvent(new Event('webglcontextlost'));
    await new Promise((r) => setTimeout(r, 0));
    expect(fallbacks).toEqual([['webgl', 'cpu']]);
    expect(tf.getBackend()).toBe('cpu');
    expect(tf.removed).toEqual(['webgl']);
  });

  it('falls back when the WebGPU device is lost, not when it is destroyed on purpose', async () => {
    vi.stubGlobal('navigator', { gpu: {} });
    const tf = fakeTf(['webgpu', 'webgl']);
    const fallbacks: [BackendName, BackendName | null][] = [];
    await chooseBackend({ tf: tf as unknown as typeof tfType, order: ['webgpu', 'webgl'], onFallback: (lost, next) => fallbacks.push([lost, next]) });
    tf.loseDevice({ reason: 'unknown' });
    await new Promise((r) => setTimeout(r, 0));
    expect(fallbacks).toEqual([['webgpu', 'webgl']]);

    const calm = fakeTf(['webgpu', 'webgl']);
    const none: unknown[] = [];
    await chooseBackend({ tf: calm as unknown as typeof tfType, order: ['webgpu', 'webgl'], onFallback: (...a) => none.push(a) });
    calm.loseDevice({ reason: 'destroyed' });
    await new Promise((r) => setTimeout(r, 0));
    expect(none).toEqual([]);
    vi.unstubAllGlobals();
  });

  it('passes over a GPU backend that would run on a software renderer', async () => {
    const software = new Set<BackendName>(['webgpu', 'webgl']);
    const onSoftware = async (name: BackendName) => software.has(name);
    const all = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
    expect(await chooseBackend({ tf: fakeTf([...all]) as unknown as typeof tfType, order: all, onSoftware })).toBe('wasm');
    software.delete('webgl');
    expect(await chooseBackend({ tf: fakeTf([...all]) as unknown as typeof tfType, order: all, onSoftware })).toBe('webgl');
    // With nothing after it, a software GPU is still better than no backend.
    expect(await chooseBackend({ tf: fakeTf(['webgl']) as unknown as typeof tfType, order: ['webgl'], onSoftware: async () => true })).toBe('webgl');
  });

  it('reports when no other backend can take over', async () => {
    const tf = fakeTf(['webgl']);
    const fallbacks: [BackendName, BackendName | null][] = [];
    await chooseBackend({ tf: tf as unknown as typeof tfType, order: ['webgl', 'cpu'], onFallback: (lost, next) => fallbacks.push([lost, next]) });
    tf.canvas.dispatchEvent(new Event('webglcontextlost'));
    await new Promise((r) => setTimeout(r, 0));
    expect(fallbacks).toEqual([['webgl', null]]);
  });
});
