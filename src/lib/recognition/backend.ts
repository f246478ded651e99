/**
 * TF.js backend choice, used only by the app shell (once, before any model loads):
 * WebGPU, else WebGL, else WebAssembly, else plain JS; a GPU backend that would run on a
 * software renderer is passed over. The wasm binaries are our own build assets (Vite
 * `?url` imports), never a CDN.
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
  /**
   * Whether a GPU backend would run on a software renderer here; such a backend is passed
   * over, as WebAssembly runs the model faster than a GPU emulated on the CPU (measured on
   * llvmpipe, docs/benchmarks.md). Default: softwareRenderer.
   */
  onSoftware?: (name: BackendName) => Promise<boolean>;
}

/** Renderer names of GPUs emulated on the CPU (Chromium's SwiftShader, Mesa's llvmpipe and softpipe). */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software/i;

/** Whether `name` would run on a software renderer in this browser (WebGPU's fallback adapter, a software WebGL). */
export async function softwareRenderer(name: BackendName): Promise<boolean> {
  try {
    if (name === 'webgpu') {
      const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<{ info?: { isFallbackAdapter?: boolean }; isFallbackAdapter?: boolean } | null> } }).gpu;
      const adapter = await gpu?.requestAdapter();
      return Boolean(adapter && (adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter));
    }
    if (name === 'webgl') {
      const gl = new OffscreenCanvas(1, 1).getContext('webgl2') ?? new OffscreenCanvas(1, 1).getContext('webgl');
      if (!gl) return false;
      const debug = gl.getExtension('WEBGL_debug_renderer_info');
      const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
      gl.getExtension('WEBGL_lose_context')?.loseContext();
      return SOFTWARE_RENDERER.test(renderer);
    }
  } catch {
    // No way to ask: take the backend for what it says it is.
  }
  return false;
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
  const onSoftware = options.onSoftware ?? softwareRenderer;
  for (const [i, name] of order.entries()) {
    const last = i === order.length - 1;
    if (!last && (name === 'webgpu' || name === 'webgl') && (await onSoftware(name))) continue;
    if (!(await initBackend(tf, name))) continue;
    const onFallback = options.onFallback;
    if (onFallback) {
      void gpuLost(tf, name)?.then(() => fallBack(tf, name, order.slice(i + 1)).catch(() => null)).then((next) => onFallback(name, next ?? null));
    }
    return name;
  }
  throw new Error(`No TF.js backend initialised (tried ${order.join(', ')})`);
}
