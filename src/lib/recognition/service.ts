/**
 * Where recognition runs, behind one interface: the TF.js backend, the recognisers built
 * on it, and its tensors. The game runs it in a Web Worker (worker.ts), so the main thread
 * only tracks and draws; the command line (Node) and unit tests run it on their own thread
 * (sameThreadRecognition).
 */
import type { BackendName } from './backend';
import { loadTf, type Tf } from './classifier';
import { LocalModelStore, modelFilesFor } from './model-choice';
import { createRecognizer, type RecognizerOptions } from './recognizer';
import type { SignRecognizer } from './types';

/**
 * What a recogniser is built from: plain data that can cross into a worker, so no TF.js
 * (the service's own) and no open model files; a model folder stored in this browser is
 * named instead, and opened where recognition runs (IndexedDB works in a worker).
 */
export type RecognizerSetup = Omit<RecognizerOptions, 'tf' | 'modelFiles'> & {
  /** The name of a model folder stored in this browser (settings page); instead of modelUrl. */
  localModel?: string;
};

/** Told once if the GPU under the backend is lost: the backend lost and the one that took over (null: none). */
export type BackendFallback = (lost: BackendName, next: BackendName | null) => void;

export interface RecognitionService {
  /** Picks the TF.js backend, once, before any model loads (backend.ts chooseBackend), and returns its name. */
  chooseBackend(onFallback?: BackendFallback): Promise<BackendName>;
  /** Loads the model (if any) and prepares the references, on the chosen backend. */
  createRecognizer(setup: RecognizerSetup): Promise<SignRecognizer>;
  /** Tensors TF.js holds where recognition runs (for leak checks). */
  numTensors(): Promise<number>;
  /** Ends the service (a worker is terminated); its recognisers stop working. */
  close(): void;
}

export interface SameThreadOptions {
  /** TF.js, when the caller already holds it (default: loaded lazily). */
  tf?: Tf;
}

/** Recognition on the calling thread. */
export function sameThreadRecognition(options: SameThreadOptions = {}): RecognitionService {
  const tf = () => (options.tf ? Promise.resolve(options.tf) : loadTf());
  return {
    async chooseBackend(onFallback) {
      // Lazily: backend.ts imports the wasm binaries' URLs, which only a Vite build resolves.
      const { chooseBackend } = await import('./backend');
      return chooseBackend({ tf: await tf(), onFallback });
    },
    async createRecognizer({ localModel, ...setup }) {
      const modelFiles = localModel ? await modelFilesFor({ kind: 'local', name: localModel }, '', LocalModelStore.open) : undefined;
      return createRecognizer({ ...setup, modelFiles, tf: setup.modelUrl || modelFiles ? await tf() : options.tf });
    },
    async numTensors() {
      return (await tf()).memory().numTensors;
    },
    close() {
      // Nothing to end: the recognisers' owners dispose them.
    },
  };
}
