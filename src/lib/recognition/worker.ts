/**
 * Recognition in a Web Worker, for the game: the page sends frames and gets verdicts; TF.js,
 * the model and the matcher live in the worker. The worker starts at the first call (TF.js
 * loads only when the camera opens). If it crashes, every pending and later call rejects
 * with why, so a Try ends with "The game had a problem" instead of waiting for ever.
 */
import { remoteRecognition } from './remote';
import type { RecognitionService } from './service';

function startWorker(): RecognitionService {
  const worker = new Worker(new URL('./recognition.worker.ts', import.meta.url), { type: 'module', name: 'signquest-recognition' });
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => reject(new Error(`The recognition worker failed: ${e.message || 'it could not be loaded'}`)));
    worker.addEventListener('messageerror', () => reject(new Error('The recognition worker sent a message that could not be read')));
  });
  return remoteRecognition(worker, { failed, close: () => worker.terminate() });
}

export function workerRecognition(): RecognitionService {
  let started: RecognitionService | null = null;
  const service = () => (started ??= startWorker());
  return {
    chooseBackend: (onFallback) => service().chooseBackend(onFallback),
    // The worker would resolve a relative model URL against its own script's folder.
    createRecognizer: (setup) => service().createRecognizer(setup.modelUrl ? { ...setup, modelUrl: new URL(setup.modelUrl, document.baseURI).href } : setup),
    numTensors: () => service().numTensors(),
    close() {
      started?.close();
      started = null;
    },
  };
}
