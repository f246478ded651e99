/**
 * TF.js backend choice, used only by the app shell (once, before any model loads):
 * WebGPU, else WebGL, else WebAssembly, else plain JS. The wasm binaries are our own
 * build assets (Vite `?url` imports), never a CDN.
 */
import type * as tfType from '@tensorflow/tfjs';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { loadTf } from './classifier';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** Registers and initialises one backend; false when this browser cannot run it. */
export async function initBackend(tf: typeof tfType, name: BackendName): Promise<boolean> {
  try {
    if (name === 'webgpu') {
      if (typeof navigator === 'undefined' || !('gpu' in navigator)) return false;
      await import('@tensorflow/tfjs-backend-webgpu');
    } else if (name === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths({
        'tfjs-backend-wasm.wasm': wasmPlain,
        'tfjs-backend-wasm-simd.wasm': wasmSimd,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
      });
    }
    if (!(await tf.setBackend(name))) return false;
    await tf.ready();
    return tf.getBackend() === name;
  } catch {
    return false;
  }
}

/** Picks the first backend that initialises here and returns its name. */
export async function chooseBackend(order: readonly BackendName[] = BACKEND_ORDER): Promise<BackendName> {
  const tf = await loadTf();
  for (const name of order) if (await initBackend(tf, name)) return name;
  throw new Error(`No TF.js backend initialised (tried ${order.join(', ')})`);
}
