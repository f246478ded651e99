/**
 * `signs play --wrong-signs`: recordings played at the steps of signs they are not, with
 * leave-one-out references and a pass in which the sign made is not a candidate at all.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { RecognitionResult, SignRecognizer } from '../../src/lib/recognition/types';
import { loadSamples, type Sample } from '../../training/model/dataset';
import { playWrongSigns, rememberingReadings, type WrongSignOptions } from '../../training/model/wrong-signs';
import { loadSceneFiles } from '../../training/data/scene-files';
import { classifierSureOf } from './fakes/classifier';

const FIXTURE_PACK = 'tests/fixtures/features';
/** So lenient that every window with a hand matches every reference: what decides is which is nearest. */
const ANY_DISTANCE = 1e6;

const options = (o: Partial<WrongSignOptions>): WrongSignOptions => ({
  classifier: null, references: [], matchDistance: ANY_DISTANCE, scenes: [], mirror: false, speed: 1, ...o,
});

describe('wrong-sign attempts', () => {
  let samples: Sample[];
  beforeAll(async () => {
    samples = await loadSamples(FIXTURE_PACK);
  });

  it('never judge an attempt by its own recording (leave one out)', async () => {
    // One reference per sign, the attempts themselves: left out, each attempt's own sign has
    // no reference, and the other sign's, however far, is the only match.
    const [hello, thankyou] = [samples.find((s) => s.gloss === 'hello')!, samples.find((s) => s.gloss === 'thankyou')!];
    const report = await playWrongSigns([hello, thankyou], options({ references: [hello, thankyou] }));
    expect(report.passes.glossary).toEqual({ n: 2, credited: 1, by_method: { classifier: { n: 0, credited: NaN }, 'one-shot': { n: 2, credited: 1 } } });
    expect(report.credits).toContainEqual({ pass: 'glossary', played: 'hello', asked: 'thankyou', count: 1 });
  });

  it('credit a sign the game does not know more than one it knows: the unknown pass leaves the sign made out of the candidates', async () => {
    const report = await playWrongSigns(samples, options({ references: samples }));
    expect(report.passes.unknown).toMatchObject({ n: samples.length, credited: 1 });
    // With its own sign a candidate, an attempt is credited only when the other sign's reference is nearer than its own sign's.
    expect(report.passes.glossary.n).toBe(samples.length);
    expect(report.passes.glossary.credited).toBeLessThan(1);
    expect(report.passes.scene.n).toBe(0);
    expect(report.n).toBe(2 * samples.length);
  });

  it('count the classifier\'s steps apart from the matcher\'s, and play the scenes\' steps with their signs as candidates', async () => {
    const scenes = [{ id: 'test', steps: [['hello'], ['coffee'], ['thankyou']], signs: ['hello', 'thankyou', 'coffee'] }];
    const coffee = { ...samples[0], id: 'coffee-take', gloss: 'coffee' };
    const report = await playWrongSigns([coffee], options({ classifier: classifierSureOf('hello'), references: [coffee, ...samples], scenes }));
    // Its own recording left out, coffee has no reference, and the take is a copy of a hello
    // reference: the classifier's HELLO stands, at the hello step (credited) and at the
    // thank-you step (a miss). The coffee step is never asked for.
    const classifierOnly = { n: 2, credited: 0.5, by_method: { classifier: { n: 2, credited: 0.5 }, 'one-shot': { n: 0, credited: NaN } } };
    expect(report.passes.scene).toEqual(classifierOnly);
    expect(report.passes.glossary).toEqual(classifierOnly);
    expect(report.credits.filter((c) => c.pass === 'scene')).toEqual([{ pass: 'scene', played: 'coffee', asked: 'hello', count: 1 }]);
  });

  it('play a sign the classifier was trained on as "no sign" at the matcher\'s steps only', async () => {
    const scenes = [{ id: 'test', steps: [['hello'], ['coffee'], ['tea']], signs: ['hello', 'coffee', 'tea'] }];
    const coffee = { ...samples[0], id: 'coffee-take', gloss: 'coffee' };
    const tea = { ...samples[1], id: 'tea-take', gloss: 'tea' };
    const report = await playWrongSigns([coffee], options({
      classifier: classifierSureOf('hello'), references: [coffee, tea, ...samples], scenes, trainedAsNoSign: new Set(['coffee']),
    }));
    // The hello step, the classifier's, is left out; the tea step is still asked.
    expect(report.passes.scene.by_method.classifier.n).toBe(0);
    expect(report.passes.scene.by_method['one-shot'].n).toBe(1);
    expect(report.passes.glossary.by_method.classifier.n).toBe(0);
    expect(report.passes.glossary.by_method['one-shot'].n).toBeGreaterThan(0);
  });

  it('play the shipped scenes\' sign steps', () => {
    const { scenes } = loadSceneFiles();
    const greeting = scenes.find((s) => s.id === 'tutorial')!.script.find((s) => s.kind === 'sign');
    expect(greeting).toMatchObject({ expect: ['hi', 'hello'] });
  });
});

describe('readings remembered across the steps of one attempt', () => {
  it('ask the recogniser once per window and candidate set', async () => {
    let calls = 0;
    const result: RecognitionResult = { accepted: null, scores: [], noSign: 1, method: 'one-shot' };
    const counting: SignRecognizer = {
      glosses: ['a'], recognize: async () => { calls++; return result; }, dispose: () => undefined,
    };
    const remembering = rememberingReadings(counting);
    const frames = [{ timestampMs: 0, data: new Float32Array(1) }, { timestampMs: 33, data: new Float32Array(1) }];
    await remembering.recognize(frames, ['a']);
    await remembering.recognize([...frames], ['a']);
    expect(calls).toBe(1);
    await remembering.recognize(frames, ['a', 'b']);
    await remembering.recognize(frames.slice(1), ['a']);
    expect(calls).toBe(3);
  });
});
