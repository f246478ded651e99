/**
 * Recognition across a message port, as the game runs it in its Web Worker (remote.ts):
 * the backend choice and a later GPU loss reach the page, recognisers answer as on the
 * same thread, their errors arrive with name and message, and a worker that dies fails
 * every pending call instead of leaving it waiting.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { exposeRecognition, framesShared, remoteRecognition, type RemoteOptions } from '../../src/lib/recognition/remote';
import { sameThreadRecognition, type RecognitionService } from '../../src/lib/recognition/service';
import { ModelFileError } from '../../src/lib/recognition/classifier';
import type { RecognitionResult, SignRecognizer } from '../../src/lib/recognition/types';
import { readPack } from '../../training/data/recording-io';

vi.mock('@tensorflow/tfjs-backend-webgpu', () => ({}));

const ports: MessagePort[] = [];
afterEach(() => ports.splice(0).forEach((p) => p.close()));

function across(service: RecognitionService, options: RemoteOptions = {}): RecognitionService {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  exposeRecognition(service, port1);
  return remoteRecognition(port2, options);
}

/** A service whose recognisers are scripted: what the worker would run, faked at the stage boundary. */
function scriptedService(recognize: SignRecognizer['recognize'], create: () => Promise<void> = async () => {}): RecognitionService & { disposed: number } {
  const service = {
    disposed: 0,
    chooseBackend: async () => 'cpu' as const,
    async createRecognizer() {
      await create();
      return { glosses: ['hello', 'thankyou'], recognize, dispose: () => void service.disposed++ };
    },
    numTensors: async () => 0,
    close() {},
  };
  return service;
}

describe('recognition across the worker boundary', () => {
  it('reports the backend chosen and, when the GPU is lost, the one that took over', async () => {
    const canvas = new EventTarget();
    let current: string | null = null;
    const registered = new Set(['webgl', 'cpu']);
    const tf = {
      setBackend: async (name: string) => registered.has(name) && ((current = name), true),
      ready: async () => {},
      getBackend: () => current,
      backend: () => (current === 'webgl' ? { gpgpu: { gl: { canvas } } } : {}),
      removeBackend: (name: string) => void registered.delete(name),
    };
    const remote = across(sameThreadRecognition({ tf: tf as unknown as typeof tfType }));
    const fallback = new Promise<[string, string | null]>((resolve) => void remote.chooseBackend((lost, next) => resolve([lost, next])).then((name) => {
      expect(name).toBe('webgl');
      canvas.dispatchEvent(new Event('webglcontextlost'));
    }));
    expect(await fallback).toEqual(['webgl', 'cpu']);
  });

  it('judges as the same thread does: the same results for the same frames', async () => {
    const pack = readPack('public/signs/gislr-hello-thankyou').recordings;
    const references = pack.slice(1).map((r) => ({ gloss: r.meta.gloss, frames: r.frames }));
    const local = await sameThreadRecognition().createRecognizer({ references });
    const remote = await across(sameThreadRecognition()).createRecognizer({ references });
    expect(remote.glosses).toEqual(local.glosses);
    for (const frames of [pack[0].frames, pack[0].frames.slice(10), []]) {
      expect(await remote.recognize(frames, ['hello', 'thankyou'])).toEqual(await local.recognize(frames, ['hello', 'thankyou']));
    }
  });

  it('sends a reading only the frames the worker does not hold, and judges overlapping readings as the same thread does', async () => {
    const pack = readPack('public/signs/gislr-hello-thankyou').recordings;
    const references = pack.slice(2).map((r) => ({ gloss: r.meta.gloss, frames: r.frames }));
    const local = await sameThreadRecognition().createRecognizer({ references });
    const remote = await across(sameThreadRecognition()).createRecognizer({ references });
    // An attempt's buffer: frames come, the oldest go (40 kept); then other frames from scratch.
    const stream = [...pack[0].frames, ...pack[1].frames];
    const spans: Array<[number, number]> = [];
    for (let end = 5; end <= stream.length; end += 7) spans.push([Math.max(0, end - 40), end]);
    const readings = spans.map(([start, end]) => stream.slice(start, end));
    readings.push(pack[1].frames.map((f) => ({ ...f })));
    for (const [i, frames] of readings.entries()) {
      if (i > 0 && i < spans.length) expect(framesShared(readings[i - 1], frames)).toBe(spans[i - 1][1] - spans[i][0]);
      expect(await remote.recognize(frames, ['hello', 'thankyou']), `reading ${i}`).toEqual(await local.recognize(frames, ['hello', 'thankyou']));
    }
    expect(framesShared(readings.at(-2)!, readings.at(-1)!)).toBe(0);
  });

  it('forwards dispose to the recogniser in the worker', async () => {
    const service = scriptedService(async () => ({ accepted: null, scores: [], noSign: 1, method: 'one-shot' }));
    const recognizer = await across(service).createRecognizer({});
    await recognizer.recognize([], ['hello']);
    recognizer.dispose();
    await vi.waitFor(() => expect(service.disposed).toBe(1));
  });

  it('a model file error reaches the page with its name and message', async () => {
    const remote = across(scriptedService(async () => ({}) as RecognitionResult, async () => {
      throw new ModelFileError('models/x/model.json', 'HTTP 404');
    }));
    const error = await remote.createRecognizer({}).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('ModelFileError');
    expect((error as Error).message).toBe('models/x/model.json: HTTP 404');
  });

  it('a recogniser that throws rejects the page\'s call with the error', async () => {
    const recognizer = await across(scriptedService(async () => {
      throw new RangeError('tensor shape mismatch');
    })).createRecognizer({});
    await expect(recognizer.recognize([], ['hello'])).rejects.toThrow('tensor shape mismatch');
  });

  it('a worker that dies fails the pending call and every later one with why', async () => {
    let die!: (e: Error) => void;
    const failed = new Promise<never>((_, reject) => (die = reject));
    const remote = across(scriptedService(() => new Promise(() => {})), { failed });
    const recognizer = await remote.createRecognizer({});
    const pending = recognizer.recognize([], ['hello']);
    die(new Error('The recognition worker failed: out of memory'));
    await expect(pending).rejects.toThrow('out of memory');
    await expect(remote.numTensors()).rejects.toThrow('out of memory');
  });
});
