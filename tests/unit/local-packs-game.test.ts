/**
 * Local packs in the game: their examples are offered in Learn (labelled by pack), their
 * recordings join the recogniser's references, and a pack saved while the game runs is
 * used at the next Try: the cached recognisers are rebuilt, nothing is reloaded.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { emptyFrameData } from '../../src/lib/landmarks/frame';
import { RIGHT_HAND, VALUES_PER_LANDMARK } from '../../src/lib/landmarks/layout';
import { encodeRecording } from '../../src/lib/recording/format';
import { makeSignPack, type SignDefinition } from '../../src/lib/recording/signpack';
import { LocalPackStore } from '../../src/lib/packs/local-store';
import { withLocalSigns } from '../../src/lib/packs/glossary';
import { ReferenceLibrary, createAppServices } from '../../src/game/app-services';
import { Lesson } from '../../src/game/lesson.svelte';
import type { SignRecognizer } from '../../src/lib/recognition/types';

const wave: SignDefinition = { gloss: 'wave', name: { en: 'WAVE', ja: '手を振る' }, description: { en: 'Open hand, wave.', ja: '手を開いて振ります。' }, language: 'ase', hands: 1 };

/** A pack of `n` recordings of `gloss`, the k-th with its hand at x = k/10 (so they can be told apart). */
function packOf(name: string, gloss: string, n: number, signs: SignDefinition[] = []) {
  return makeSignPack({ name, description: '', license: 'CC-BY-4.0', attribution: 'test' }, signs, Array.from({ length: n }, (_, k) => {
    const frames = Array.from({ length: 8 }, (_, i) => {
      const data = emptyFrameData();
      data[RIGHT_HAND.start * VALUES_PER_LANDMARK] = (k + 1) / 10;
      return { timestampMs: i * 33, data };
    });
    return { file: `${gloss}-${k + 1}.signrec`, bytes: encodeRecording({ meta: { gloss, language: 'ase', source: 'test', license: 'CC-BY-4.0', attribution: 'test' }, fps: 30, frames }) };
  }));
}

let db = 0;
async function setup() {
  const store = await LocalPackStore.open(`game-packs-${++db}`);
  await store.put(packOf('my-class', 'wave', 2, [wave]));
  const library = new ReferenceLibrary(Promise.resolve(store));
  const sign = () => withLocalSigns({}, store.packs).wave;
  return { store, library, sign };
}

describe('local packs in the game', () => {
  it('a local sign joins the glossary; its examples are listed by pack, its recordings are references', async () => {
    const { store, library, sign } = await setup();
    expect(sign().reference).toEqual({ pack: 'my-class' });
    expect(await library.examples(sign())).toEqual([{ pack: 'my-class', file: 'wave-1.signrec' }, { pack: 'my-class', file: 'wave-2.signrec' }]);
    expect(await library.allFrames(sign())).toHaveLength(2);
    // Another pack adds examples of the same sign: used at once, no reload.
    await store.put(packOf('other-class', 'wave', 1));
    expect((await library.examples(sign())).map((e) => e.pack)).toEqual(['my-class', 'my-class', 'other-class']);
    const frames = await library.frames(sign(), { pack: 'other-class', file: 'wave-1.signrec' });
    expect(frames[0].data[RIGHT_HAND.start * VALUES_PER_LANDMARK]).toBeCloseTo(0.1);
    expect(await library.allFrames(sign())).toHaveLength(3);
  });

  it('rebuilds a cached recogniser when a local pack changes', async () => {
    const { store, library, sign } = await setup();
    const recognizer = {} as SignRecognizer;
    const createRecognizer = vi.fn(async () => recognizer);
    const services = createAppServices({
      liveSource: () => null,
      backend: () => 'cpu',
      attempts: null,
      references: library,
      createRecognizer,
      onReferencesChange: (listener) => void store.subscribe(listener),
    });
    await services.recognizer([sign()]);
    await services.recognizer([sign()]);
    expect(createRecognizer).toHaveBeenCalledTimes(1);
    await store.put(packOf('other-class', 'wave', 1));
    await services.recognizer([sign()]);
    expect(createRecognizer).toHaveBeenCalledTimes(2);
  });

  it('Learn offers every example and shows the chosen one', async () => {
    const { store, library, sign } = await setup();
    await store.put(packOf('other-class', 'wave', 1));
    const services = createAppServices({ liveSource: () => null, attempts: null, backend: () => 'cpu', references: library, createRecognizer: async () => ({}) as SignRecognizer });
    const lesson = new Lesson({ targets: [sign()], menu: false, candidates: [sign()], services, leftHanded: () => false }, () => {});
    await vi.waitFor(() => expect(lesson.reference).not.toBeNull());
    expect(lesson.example.choices.map((e) => `${e.pack}/${e.file}`)).toEqual(['my-class/wave-1.signrec', 'my-class/wave-2.signrec', 'other-class/wave-1.signrec']);
    expect(lesson.reference![0].data[RIGHT_HAND.start * VALUES_PER_LANDMARK]).toBeCloseTo(0.1);
    lesson.chooseExample(lesson.example.choices[1]);
    await vi.waitFor(() => expect(lesson.reference?.[0].data[RIGHT_HAND.start * VALUES_PER_LANDMARK]).toBeCloseTo(0.2));
    expect(lesson.example.chosen).toBe(lesson.example.choices[1]);
  });
});
