/**
 * TensorFlow.js in Node for training and evaluation: tfjs-node (native, a researcher's
 * machine) when it is installed, else the WebAssembly backend (trains Dense and GRU
 * layers several times faster than plain JS), else the pure-JS cpu backend.
 */
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';

export type NodeBackend = 'tensorflow' | 'wasm' | 'cpu';

const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];

function resolvable(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** Sets the fastest backend available (or `prefer`) and returns its name. */
export async function initNodeBackend(prefer?: NodeBackend): Promise<NodeBackend> {
  const native = NATIVE_PACKAGES.find(resolvable);
  if ((prefer === undefined || prefer === 'tensorflow') && native) {
    // A variable specifier: the native package is optional and absent on most machines.
    await import(/* @vite-ignore */ native);
    if (await tf.setBackend('tensorflow')) return 'tensorflow';
  }
  if (prefer === undefined || prefer === 'wasm') {
    try {
      await import('@tensorflow/tfjs-backend-wasm');
      if (await tf.setBackend('wasm')) return 'wasm';
    } catch {
      // Fall through to cpu: the wasm binary could not be loaded here.
    }
  }
  await tf.setBackend('cpu');
  return 'cpu';
}

export { tf };
