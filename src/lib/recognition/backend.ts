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

export interface BackendChoiceOptions {
  /** Backends to try, best first. Default BACKEND_ORDER. */
  order?: readonly BackendName[];
  /**
   * Called once if the GPU backend loses its GPU (a WebGL context lost, a WebGPU device
   * lost: a GPU reset, a driver crash, too many contexts in the browser) with the backend
   * that took over, the next that initialises in `order`, or null when none did. Models
   * loaded before must be loaded again: their weights were on the lost GPU.
   */
  onFallback?: (lost: BackendName, next: BackendName | null) => void;
  /** TF.js, when the caller holds it (default: loaded lazily). */
  tf?: typeof tfType;
}

/** Resolves when the GPU under a GPU backend is lost; null for the CPU backends. */
function gpuLost(tf: typeof tfType, name: BackendName): Promise<void> | null {
  const backend = tf.backend() as { gpgpu?: { gl?: { canvas?: EventTarget } }; device?: { lost?: Promise<{ reason?: string }> } };
  if (name === 'webgl') {
    const canvas = backend.gpgpu?.gl?.canvas;
    return canvas ? new Promise((resolve) => canvas.addEventListener('webglcontextlost', () => resolve(), { once: true })) : null;
  }
  if (name === 'webgpu' && backend.device?.lost) {
    // A device destroyed on purpose (TF.js disposing its backend) is no loss.
    return backend.device.lost.then((info) => (info?.reason === 'destroyed' ? new Promise<void>(() => {}) : undefined));
  }
  return null;
}

async function fallBack(tf: typeof tfType, lost: BackendName, rest: readonly BackendName[]): Promise<BackendName | null> {
  // The lost backend cannot compute again; removed, it is never picked by mistake.
  tf.removeBackend(lost);
  for (const name of rest) if (await initBackend(tf, name)) return name;
  return null;
}

/** Picks the first backend that initialises here and returns its name. */
export async function chooseBackend(options: BackendChoiceOptions = {}): Promise<BackendName> {
  const tf = options.tf ?? (await loadTf());
  const order = options.order ?? BACKEND_ORDER;
  for (const [i, name] of order.entries()) {
    if (!(await initBackend(tf, name))) continue;
    const onFallback = options.onFallback;
    if (onFallback) {
      void gpuLost(tf, name)?.then(() => fallBack(tf, name, order.slice(i + 1)).catch(() => null)).then((next) => onFallback(name, next ?? null));
    }
    return name;
  }
  throw new Error(`No TF.js backend initialised (tried ${order.join(', ')})`);
}
