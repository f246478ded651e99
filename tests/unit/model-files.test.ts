// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { createGameRecognizer } from '../../src/game/recognizer';
import { emptyFrameData, RIGHT_HAND, VALUES_PER_LANDMARK, type LandmarkFrame } from '../../src/lib/landmarks';
import { DEFAULT_MODEL_NAME } from '../../src/lib/recognition/manifest';
import { SIGN_EMBEDDINGS_FILE } from '../../src/lib/recognition/sign-embeddings';
import type { SignInfo } from '../../src/lib/scenes/types';
import { exposeRecognition, remoteRecognition } from '../../src/lib/recognition/remote';
import { sameThreadRecognition, type RecognitionService } from '../../src/lib/recognition/service';

const SHIPPED = `public/models/${DEFAULT_MODEL_NAME}/`;
const modelUrl = new URL(`models/${DEFAULT_MODEL_NAME}/`, document.baseURI).href;

/** The shipped model's files served from the page's origin, with one file replaced (null: missing). */
function serveModel(file: string, body: Uint8Array | string | null): void {
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    const name = url.startsWith(modelUrl) ? url.slice(modelUrl.length) : null;
    if (!name) return new Response('not found', { status: 404 });
    const content = name === file ? body : readFileSync(SHIPPED + name);
    if (content === null) return new Response('not found', { status: 404 });
    const type = name.endsWith('.json') ? 'application/json' : 'application/octet-stream';
    return new Response(init?.method === 'HEAD' ? null : (content as BodyInit), { status: 200, headers: { 'content-type': type } });
  });
}

/** A hand that moves: enough for the matcher to compare. */
function frames(shift: number): LandmarkFrame[] {
  return Array.from({ length: 20 }, (_, i) => {
    const data = emptyFrameData();
    for (let j = 0; j < 21; j++) {
      const k = (RIGHT_HAND.start + j) * VALUES_PER_LANDMARK;
      data[k] = 0.4 + 0.01 * j + shift * i * 0.01;
      data[k + 1] = 0.5 + 0.005 * j;
      data[k + 2] = 0;
    }
    return { timestampMs: i * 33, data };
  });
}

const sign = (gloss: string): SignInfo => ({ gloss, name: { en: gloss, ja: gloss }, description: { en: '', ja: '' }, reference: { pack: 'p' } });
const references = { allFrames: async (s: SignInfo) => [frames(s.gloss === 'hello' ? 1 : -1)] };

beforeAll(async () => {
  // No WebGL in jsdom: the CPU backend, chosen before TF.js probes for a GPU.
  await (await import('@tensorflow/tfjs')).setBackend('cpu');
});
afterEach(() => vi.unstubAllGlobals());

/** The game's recognition across a message port, as its Web Worker runs it. */
function acrossAPort(): RecognitionService {
  const { port1, port2 } = new MessageChannel();
  exposeRecognition(sameThreadRecognition(), port1);
  return remoteRecognition(port2, { close: () => (port1.close(), port2.close()) });
}

describe.each([
  ['on the same thread', sameThreadRecognition],
  ['across the worker boundary', acrossAPort],
])('a model file missing or corrupt, recognition %s', (_where, recognitionService) => {
  let recognition: RecognitionService;
  beforeAll(() => {
    recognition = recognitionService();
    return () => recognition.close();
  });

  const weights = readFileSync(SHIPPED + 'weights.bin');
  const embeddings = readFileSync(SHIPPED + SIGN_EMBEDDINGS_FILE);
  it.each([
    ['model.json missing', 'model.json', null, 'model.json'],
    ['model.json corrupt', 'model.json', '{"modelTopology": ', 'model.json'],
    ['the weights cut short', 'weights.bin', new Uint8Array(weights.subarray(0, 1000)), 'model.json'],
    ['the sign embeddings cut short', SIGN_EMBEDDINGS_FILE, new Uint8Array(embeddings.subarray(0, 1000)), SIGN_EMBEDDINGS_FILE],
    ['the sign embeddings missing', SIGN_EMBEDDINGS_FILE, null, SIGN_EMBEDDINGS_FILE],
  ])('%s: the error names the file, and the matcher judges every sign', async (_case, file, body, named) => {
    serveModel(file, body);
    const problems: string[] = [];
    const recognizer = await createGameRecognizer([sign('hello'), sign('thankyou')], references, recognition, (p) => problems.push(p));
    expect(problems).toHaveLength(1);
    expect(problems[0].startsWith(`${modelUrl}${named}: `)).toBe(true);
    expect([...recognizer.glosses].sort()).toEqual(['hello', 'thankyou']);
    const result = await recognizer.recognize(frames(1), ['hello', 'thankyou']);
    expect(result.method).toBe('one-shot');
  });

  it('a corrupt manifest is named too', async () => {
    serveModel('manifest.json', '{"format": ');
    const problems: string[] = [];
    await createGameRecognizer([sign('hello')], references, recognition, (p) => problems.push(p));
    expect(problems[0]).toMatch(new RegExp(`^${modelUrl}manifest.json: is not valid JSON`));
  });
});
