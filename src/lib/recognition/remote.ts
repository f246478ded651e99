/**
 * A RecognitionService across a message port (comlink): exposeRecognition on the side
 * that runs it (the worker), remoteRecognition on the side that calls it (the page).
 * Errors cross as errors with their name and message (a ModelFileError's message still
 * starts with the file); a callback crosses as a proxy; a recogniser stays in the worker
 * and is called through a proxy. Readings overlap (each judges the last seconds of frames):
 * only the frames the worker has not had yet cross, and it keeps the rest, so it also
 * projects each frame for the features only once.
 */
import * as Comlink from 'comlink';
import type { LandmarkFrame } from '../landmarks/frame';
import type { BackendName } from './backend';
import type { BackendFallback, RecognitionService, RecognizerSetup } from './service';
import type { RecognitionResult, SignRecognizer } from './types';

/** A recogniser in the worker, holding the frames of its last reading. */
interface RemoteRecognizer {
  readonly glosses: readonly string[];
  /** Judges the last `kept` frames of the previous reading followed by `fresh`. */
  recognize(kept: number, fresh: readonly LandmarkFrame[], candidates: readonly string[]): Promise<RecognitionResult>;
  dispose(): void;
}

/** What crosses the port: the service with its recognisers as proxies. */
interface RecognitionPort {
  chooseBackend(onFallback?: BackendFallback): Promise<BackendName>;
  createRecognizer(setup: RecognizerSetup): Promise<RemoteRecognizer & Comlink.ProxyMarked>;
  numTensors(): Promise<number>;
}

function held(recognizer: SignRecognizer): RemoteRecognizer {
  let frames: readonly LandmarkFrame[] = [];
  return {
    glosses: recognizer.glosses,
    recognize(kept, fresh, candidates) {
      frames = [...frames.slice(frames.length - kept), ...fresh];
      return recognizer.recognize(frames, candidates);
    },
    dispose() {
      frames = [];
      recognizer.dispose();
    },
  };
}

export function exposeRecognition(service: RecognitionService, endpoint: Comlink.Endpoint): void {
  const port: RecognitionPort = {
    chooseBackend: (onFallback) => service.chooseBackend(onFallback),
    createRecognizer: async (setup) => Comlink.proxy(held(await service.createRecognizer(setup))),
    numTensors: () => service.numTensors(),
  };
  Comlink.expose(port, endpoint);
}

/**
 * How many frames `next` starts with that end `previous` (the same frame objects in the same
 * order): the frames a reading shares with the one before, which the worker already holds.
 */
export function framesShared(previous: readonly LandmarkFrame[], next: readonly LandmarkFrame[]): number {
  const start = next.length ? previous.indexOf(next[0]) : -1;
  if (start < 0) return 0;
  const shared = previous.length - start;
  if (shared > next.length) return 0;
  for (let i = 1; i < shared; i++) if (next[i] !== previous[start + i]) return 0;
  return shared;
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
      // Calls through one port arrive in order, so the worker's frames are always these.
      let sent: readonly LandmarkFrame[] = [];
      return {
        glosses,
        recognize(frames, candidates) {
          const kept = framesShared(sent, frames);
          sent = frames.slice();
          const verdict = answer(remote.recognize(kept, frames.slice(kept), candidates));
          // After a failed reading the worker may hold other frames: the next one sends all of its own.
          verdict.catch(() => (sent = []));
          return verdict;
        },
        dispose: () => void answer(remote.dispose()).catch(() => undefined).finally(() => remote[Comlink.releaseProxy]()),
      };
    },
    numTensors: () => answer(port.numTensors()),
    close: () => options.close?.(),
  };
}
