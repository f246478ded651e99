/**
 * The classifier knows two signs and "no sign"; the game asks about every sign in the
 * glossary. A sign it never saw (a studio "coffee") must not pass as one of its own.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mirrorFrameData, type LandmarkFrame } from '../../src/lib/landmarks';
import { createMatcher } from '../../src/lib/recognition/matcher';
import { DEFAULT_TUNING, recentWindows, recognizerFrom } from '../../src/lib/recognition/recognizer';
import { matchScore } from '../../src/lib/recognition/matcher';
import { computeFeatures } from '../../src/lib/features/spec';
import { dtwDistance } from '../../src/lib/features/compare';
import { readRecordingFile } from '../../training/data/recording-io';
import { loadSamples, type Sample } from '../../training/model/dataset';
import { classifierEmbedding, classifierScoring, classifierSureOf } from './fakes/classifier';

/** As a left-handed learner would sign it: not the reference itself. */
const leftHanded = (frames: readonly LandmarkFrame[]) => frames.map((f) => ({ timestampMs: f.timestampMs, data: mirrorFrameData(f.data) }));

describe('classifier verdicts on signs outside its vocabulary', () => {
  let thankyou: Sample;
  let coffee: LandmarkFrame[];
  beforeAll(async () => {
    thankyou = (await loadSamples('tests/fixtures/features')).find((s) => s.gloss === 'thankyou')!;
    coffee = readRecordingFile('public/signs/rth-signs/coffee.signrec').frames;
  });

  it('stand only when the window is nearer the accepted sign\'s references than the other candidates\'', async () => {
    const matcher = createMatcher([{ gloss: 'thankyou', frames: thankyou.frames }, { gloss: 'coffee', frames: coffee }]);
    const recognizer = recognizerFrom(classifierSureOf('thankyou'), matcher);
    const candidates = ['hello', 'thankyou', 'coffee'];
    const onCoffee = await recognizer.recognize(leftHanded(coffee), candidates);
    expect(onCoffee.accepted).toBe('coffee');
    const onThankYou = await recognizer.recognize(thankyou.frames, candidates);
    expect(onThankYou).toMatchObject({ accepted: 'thankyou', method: 'classifier' });
  });

  it('are taken as they are when no other candidate has references', async () => {
    const recognizer = recognizerFrom(classifierSureOf('thankyou'), createMatcher([{ gloss: 'coffee', frames: coffee }]));
    expect((await recognizer.recognize(leftHanded(coffee), ['hello', 'thankyou'])).accepted).toBe('thankyou');
  });

  it('need, with a reference gate, the accepted sign\'s own references near enough', async () => {
    const matcher = createMatcher([{ gloss: 'thankyou', frames: thankyou.frames }], 0.45);
    // The best of the windows the recogniser judges.
    const coffeeScore = Math.max(...recentWindows(leftHanded(coffee)).map((w) => matchScore(dtwDistance(computeFeatures(w), computeFeatures(thankyou.frames)), 0.45)));
    const gated = recognizerFrom(classifierSureOf('thankyou'), matcher, { ...DEFAULT_TUNING, referenceGate: coffeeScore + 0.01 });
    expect((await gated.recognize(leftHanded(coffee), ['hello', 'thankyou'])).accepted).toBeNull();
    expect((await gated.recognize(thankyou.frames, ['hello', 'thankyou'])).accepted).toBe('thankyou');
    const ungated = recognizerFrom(classifierSureOf('thankyou'), matcher, { ...DEFAULT_TUNING, referenceGate: coffeeScore - 0.01 });
    expect((await ungated.recognize(leftHanded(coffee), ['hello', 'thankyou'])).accepted).toBe('thankyou');
  });

  it('count, when asked, the model\'s signs a step does not offer against those it does, or read them', async () => {
    // The model reads HELLO; the step offers only THANK YOU.
    const readsHello = classifierScoring({ hello: 0.6, thankyou: 0.3, _nosign: 0.1 });
    const dropped = recognizerFrom(readsHello, null, { ...DEFAULT_TUNING, offStepSigns: 'drop' });
    expect((await dropped.recognize(thankyou.frames, ['thankyou'])).accepted).toBe('thankyou');
    const counted = recognizerFrom(readsHello, null, { ...DEFAULT_TUNING, offStepSigns: 'count' });
    const verdict = await counted.recognize(thankyou.frames, ['thankyou']);
    expect(verdict.accepted).toBeNull();
    expect(verdict.scores).toEqual([{ gloss: 'thankyou', score: expect.closeTo(0.3, 6) }]);
    // Read: the reading names HELLO, which the attempt rule takes for another sign.
    const read = await recognizerFrom(readsHello, null, { ...DEFAULT_TUNING, offStepSigns: 'read' }).recognize(thankyou.frames, ['thankyou']);
    expect(read.accepted).toBe('hello');
    expect(read.scores.map((s) => s.gloss)).toEqual(['hello', 'thankyou']);
  });

  it('stand, when vetted against every sign, only if no sign the step does not offer comes nearer', async () => {
    const matcher = createMatcher([{ gloss: 'thankyou', frames: thankyou.frames }, { gloss: 'coffee', frames: coffee }]);
    const byCandidates = recognizerFrom(classifierSureOf('thankyou'), matcher, { ...DEFAULT_TUNING, vetAgainst: 'candidates' });
    expect((await byCandidates.recognize(leftHanded(coffee), ['hello', 'thankyou'])).accepted).toBe('thankyou');
    const byEverySign = recognizerFrom(classifierSureOf('thankyou'), matcher, { ...DEFAULT_TUNING, vetAgainst: 'every-sign' });
    expect((await byEverySign.recognize(leftHanded(coffee), ['hello', 'thankyou'])).accepted).toBeNull();
    expect((await byEverySign.recognize(thankyou.frames, ['hello', 'thankyou'])).accepted).toBe('thankyou');
  });

  it('stand, when vetted against the matcher\'s signs, only if none of those comes nearer: the model\'s own signs are its to tell apart', async () => {
    // HELLO's reference is the attempt itself, nearer than THANK YOU's (the same take at twice the speed).
    const everyOther = thankyou.frames.filter((_, i) => i % 2 === 0);
    const matcher = createMatcher([{ gloss: 'hello', frames: thankyou.frames }, { gloss: 'thankyou', frames: everyOther }, { gloss: 'coffee', frames: coffee }]);
    const byEverySign = recognizerFrom(classifierSureOf('thankyou'), matcher, { ...DEFAULT_TUNING, vetAgainst: 'every-sign' });
    expect((await byEverySign.recognize(thankyou.frames, ['hello', 'thankyou'])).accepted).toBeNull();
    const byMatcherSigns = recognizerFrom(classifierSureOf('thankyou'), matcher, { ...DEFAULT_TUNING, vetAgainst: 'matcher-signs' });
    expect((await byMatcherSigns.recognize(thankyou.frames, ['hello', 'thankyou'])).accepted).toBe('thankyou');
    expect((await byMatcherSigns.recognize(leftHanded(coffee), ['hello', 'thankyou'])).accepted).toBeNull();
  });

  it('stand, where the model ships its training recordings\' embeddings, only if the window is nearer the sign\'s than its other signs\' or any rival\'s take', async () => {
    // The model learnt THANK YOU as [1, 0] and HELLO as [-1, 0]; it embeds the COFFEE take as
    // [0, 1], a left-handed COFFEE as [0.6, 0.8], a real THANK YOU as [0.8, 0.6] and the same
    // played backwards as [-0.8, 0.6], and reads THANK YOU in all of them.
    const coffeeTake = new Set(coffee);
    const backwards = thankyou.frames.map((f, i, all) => ({ timestampMs: f.timestampMs, data: all[all.length - 1 - i].data }));
    const embed = (frames: readonly LandmarkFrame[]) => (frames.some((f) => coffeeTake.has(f)) ? [0, 1]
      : frames.some((f) => thankyou.frames.includes(f)) ? [0.8, 0.6]
        : frames.some((f) => backwards.includes(f)) ? [-0.8, 0.6] : [0.6, 0.8]);
    const classifier = classifierEmbedding('thankyou', embed, { hello: [[-1, 0]], thankyou: [[1, 0]] });
    const takes = [{ gloss: 'coffee', frames: coffee }];
    const vetted = recognizerFrom(classifier, createMatcher(takes), DEFAULT_TUNING, takes);
    expect((await vetted.recognize(leftHanded(coffee), ['hello', 'thankyou'])).accepted).toBeNull();
    expect((await vetted.recognize(backwards, ['hello', 'thankyou'])).accepted).toBeNull();
    expect(await vetted.recognize(thankyou.frames, ['hello', 'thankyou'])).toMatchObject({ accepted: 'thankyou', method: 'classifier' });
    const unvetted = recognizerFrom(classifier, createMatcher(takes), { ...DEFAULT_TUNING, embeddingVet: false }, takes);
    expect((await unvetted.recognize(leftHanded(coffee), ['hello', 'thankyou'])).accepted).toBe('thankyou');
    expect((await unvetted.recognize(backwards, ['hello', 'thankyou'])).accepted).toBe('thankyou');
  });

  it('are not vetted when they name a sign the step does not ask for: such a reading tells against the attempt', async () => {
    // At HELLO's step the model reads THANK YOU in a COFFEE, whose take is nearer than THANK
    // YOU's reference and whose embedding is nearer the take: both vets would refuse it.
    const takes = [{ gloss: 'thankyou', frames: thankyou.frames }, { gloss: 'coffee', frames: coffee }];
    const coffeeTake = new Set(coffee);
    const classifier = classifierEmbedding('thankyou', (frames) => (frames.some((f) => coffeeTake.has(f)) ? [0, 1] : [0.6, 0.8]), { hello: [[-1, 0]], thankyou: [[1, 0]] });
    const recognizer = recognizerFrom(classifier, createMatcher(takes), DEFAULT_TUNING, takes);
    expect((await recognizer.recognize(leftHanded(coffee), ['hello', 'thankyou'])).accepted).toBeNull();
    expect(await recognizer.recognize(leftHanded(coffee), ['hello'])).toMatchObject({ accepted: 'thankyou', method: 'classifier' });
  });
});

describe('the matcher\'s verdicts, vetted against every sign', () => {
  it('refuse an offered sign when a sign the step does not offer is nearer', async () => {
    const coffee = readRecordingFile('public/signs/rth-signs/coffee.signrec').frames;
    // A distance so lax that the other-handed reference is a match too.
    const matcher = createMatcher([{ gloss: 'coffee', frames: coffee }, { gloss: 'coffee-left', frames: leftHanded(coffee) }], 100);
    const byCandidates = recognizerFrom(null, matcher, { ...DEFAULT_TUNING, vetAgainst: 'candidates' });
    expect((await byCandidates.recognize(coffee, ['coffee-left'])).accepted).toBe('coffee-left');
    const byEverySign = recognizerFrom(null, matcher, { ...DEFAULT_TUNING, vetAgainst: 'every-sign' });
    expect(await byEverySign.recognize(coffee, ['coffee-left'])).toMatchObject({ accepted: null, method: 'one-shot' });
    expect((await byEverySign.recognize(coffee, ['coffee', 'coffee-left'])).accepted).toBe('coffee');
  });
});
