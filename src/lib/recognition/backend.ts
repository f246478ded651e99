/**
 * Picks the TF.js backend, once, for the whole app (only the app shell calls this):
 * WebGPU, else WebGL, else WASM, else CPU. A backend that registers but fails to
 * initialise is skipped. TF.js loads lazily, here, so the start screen stays light.
 */
export const BACKEND_PREFERENCE = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_PREFERENCE)[number];

/** Where the app serves the TF.js wasm binaries (scripts/vite-self-hosted-assets.ts). */
export function wasmBinariesUrl(): string {
  return new URL('tfjs-wasm/', document.baseURI).href;
}

let chosen: Promise<BackendName> | null = null;

export function chooseBackend(preference: readonly BackendName[] = BACKEND_PREFERENCE): Promise<BackendName> {
  chosen ??= pick(preference);
  return chosen;
}

async function pick(preference: readonly BackendName[]): Promise<BackendName> {
  const tf = await import('@tensorflow/tfjs-core');
  await Promise.all([import('@tensorflow/tfjs-backend-cpu'), import('@tensorflow/tfjs-backend-webgl')]);
  for (const name of preference) {
    try {
      if (name === 'webgpu') {
        if (!('gpu' in navigator)) continue;
        await import('@tensorflow/tfjs-backend-webgpu');
      }
      if (name === 'wasm') {
        const wasm = await import('@tensorflow/tfjs-backend-wasm');
        wasm.setWasmPaths(wasmBinariesUrl());
      }
      // setBackend resolves false (or throws) when the backend cannot initialise here.
      if ((await tf.setBackend(name)) && tf.getBackend() === name) {
        await tf.ready();
        return name;
      }
    } catch {
      // Try the next backend.
    }
  }
  throw new Error('No TF.js backend could start in this browser.');
}
