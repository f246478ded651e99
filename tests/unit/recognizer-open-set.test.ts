/**
 * The classifier knows two signs and "no sign"; the game asks about every sign in the
 * glossary. A sign it never saw (a studio "coffee") must not pass as one of its own.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mirrorFrameData, type LandmarkFrame } from '../../src/lib/landmarks';
import { createMatcher } from '../../src/lib/recognition/matcher';
import { recognizerFrom } from '../../src/lib/recognition/recognizer';
import { readRecordingFile } from '../../training/data/recording-io';
import { loadSamples, type Sample } from '../../training/model/dataset';
import { classifierSureOf } from './fakes/classifier';

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
});
