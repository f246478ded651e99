/**
 * A RecognitionService across a message port (comlink): exposeRecognition on the side
 * that runs it (the worker), remoteRecognition on the side that calls it (the page).
 * Errors cross as errors with their name and message (a ModelFileError's message still
 * starts with the file); a callback crosses as a proxy; a recogniser stays in the worker
 * and is called through a proxy.
 */
import * as Comlink from 'comlink';
import type { BackendName } from './backend';
import type { BackendFallback, RecognitionService, RecognizerSetup } from './service';
import type { SignRecognizer } from './types';

/** What crosses the port: the service with its recognisers as proxies. */
interface RecognitionPort {
  chooseBackend(onFallback?: BackendFallback): Promise<BackendName>;
  createRecognizer(setup: RecognizerSetup): Promise<SignRecognizer & Comlink.ProxyMarked>;
  numTensors(): Promise<number>;
}

export function exposeRecognition(service: RecognitionService, endpoint: Comlink.Endpoint): void {
  const port: RecognitionPort = {
    chooseBackend: (onFallback) => service.chooseBackend(onFallback),
    createRecognizer: async (setup) => Comlink.proxy(await service.createRecognizer(setup)),
    numTensors: () => service.numTensors(),
  };
  Comlink.expose(port, endpoint);
}

export interface RemoteOptions {
  /** Rejects when the other side can no longer answer (a crashed worker): every call pending or made after it fails with its reason. */
  failed?: Promise<never>;
  /** Ends the other side (default: nothing). */
  close?: () => void;
}

export function remoteRecognition(endpoint: Comlink.Endpoint, options: RemoteOptions = {}): RecognitionService {
  const port = Comlink.wrap<RecognitionPort>(endpoint);
  const failed = options.failed;
  failed?.catch(() => undefined);
  const answer = <T>(call: Promise<T>): Promise<T> => (failed ? Promise.race([call, failed]) : call);
  return {
    chooseBackend: (onFallback) => answer(port.chooseBackend(onFallback && Comlink.proxy(onFallback))),
    async createRecognizer(setup) {
      const remote = await answer(port.createRecognizer(setup));
      const glosses = await answer(remote.glosses);
      return {
        glosses,
        recognize: (frames, candidates) => answer(remote.recognize(frames, candidates)),
        // Calls through one port arrive in order: a reset lands before the next recognize.
        reset: () => void answer(remote.reset()).catch(() => undefined),
        dispose: () => void answer(remote.dispose()).catch(() => undefined).finally(() => remote[Comlink.releaseProxy]()),
      };
    },
    numTensors: () => answer(port.numTensors()),
    close: () => options.close?.(),
  };
}
