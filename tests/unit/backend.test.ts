import { describe, expect, it } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { chooseBackend, type BackendName } from '../../src/lib/recognition/backend';

/** TF.js as far as the backend choice sees it: WebGL and CPU, with the WebGL canvas to lose. */
function fakeTf(available: BackendName[]) {
  const canvas = new EventTarget();
  let current: string | null = null;
  const registered = new Set<string>(available);
  const tf = {
    canvas,
    removed: [] as string[],
    async setBackend(name: string) {
      if (!registered.has(name)) return false;
      current = name;
      return true;
    },
    async ready() {},
    getBackend: () => current,
    backend: () => (current === 'webgl' ? { gpgpu: { gl: { canvas } } } : {}),
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

  it('reports when no other backend can take over', async () => {
    const tf = fakeTf(['webgl']);
    const fallbacks: [BackendName, BackendName | null][] = [];
    await chooseBackend({ tf: tf as unknown as typeof tfType, order: ['webgl', 'cpu'], onFallback: (lost, next) => fallbacks.push([lost, next]) });
    tf.canvas.dispatchEvent(new Event('webglcontextlost'));
    await new Promise((r) => setTimeout(r, 0));
    expect(fallbacks).toEqual([['webgl', null]]);
  });
});
