import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { RIGHT_HAND, VALUES_PER_LANDMARK, emptyFrameData, type LandmarkFrame } from '../../src/lib/landmarks';
import { anyHand, computeFeatures } from '../../src/lib/features/spec';
import { decide } from '../../src/lib/recognition/decide';
import { createMatcher, matchScore } from '../../src/lib/recognition/matcher';
import { HANDS_GONE_MS, recentWindows, recognizerFrom, windowsToJudge } from '../../src/lib/recognition/recognizer';
import type { SignClassifier } from '../../src/lib/recognition/classifier';
import { initNodeBackend, tf } from '../../training/model/tf-node';
import { loadSamples, HELD_OUT_SIGNERS, type Sample } from '../../training/model/dataset';
import { loadModelFromDir } from '../../training/model/model';
import { DEFAULT_MODEL_NAME, MODELS_DIR } from '../../training/model/cli-options';
import { HANDS_OUT_OF_VIEW_MS, NOTHING_RECOGNISED, inCameraStream, playAttempts, playback } from '../../training/model/play';
import { NEGATIVE_FRAME_MS, dropHands } from '../../training/model/negatives';

const FIXTURE_PACK = 'tests/fixtures/features';

function framesAt(times: number[]): LandmarkFrame[] {
  return times.map((t) => ({ timestampMs: t, data: emptyFrameData() }));
}

describe('decision rule', () => {
  it('restricts to candidates, renormalises with no-sign and applies the threshold', () => {
    const raw: Record<string, number> = { hello: 0.5, thankyou: 0.3, coffee: 0.1 };
    const d = decide(['hello', 'coffee'], (g) => raw[g], 0.1, 0.5);
    expect(d.scores.map((s) => s.gloss)).toEqual(['hello', 'coffee']);
    expect(d.scores[0].score).toBeCloseTo(0.5 / 0.7, 6);
    expect(d.accepted).toBe('hello');
    expect(decide(['thankyou', 'coffee'], (g) => raw[g], 0.5, 0.5).accepted).toBeNull();
    expect(decide(['unknown'], (g) => raw[g], 0.1, 0.5)).toEqual({ accepted: null, scores: [], noSign: 1 });
    // The model's signs that are not candidates may stay in the total: then hello holds 0.5 of 1.
    const kept = decide(['hello', 'coffee'], (g) => raw[g], 0.1, 0.5, raw.thankyou);
    expect(kept.scores[0].score).toBeCloseTo(0.5, 6);
    expect(kept.noSign).toBeCloseTo(0.1, 6);
    expect(decide(['coffee'], (g) => raw[g], 0.1, 0.5, raw.hello + raw.thankyou).accepted).toBeNull();
  });
});

describe('sliding windows', () => {
  it('ends every window at the newest frame and drops duplicates', () => {
    const frames = framesAt(Array.from({ length: 90 }, (_, i) => i * 33));
    // 90 frames span 2937 ms: 5000 and 6000 ms both take them all.
    const windows = recentWindows(frames, [800, 1300, 2000, 5000, 6000]);
    expect(windows.every((w) => w.at(-1) === frames.at(-1))).toBe(true);
    expect(windows.map((w) => w.length)).toEqual([90, 61, 40, 25]);
  });
});

describe('windows judged', () => {
  it('judges every recent window while a hand is in view or was a moment ago, none once the hands have left', () => {
    const hand = emptyFrameData();
    hand.fill(0.5, RIGHT_HAND.start * VALUES_PER_LANDMARK, (RIGHT_HAND.start + RIGHT_HAND.count) * VALUES_PER_LANDMARK);
    const frameMs = 1000 / 30;
    // 2 s of signing, then the hands out of view.
    const signing = Array.from({ length: 60 }, (_, i) => ({ timestampMs: i * frameMs, data: hand }));
    const gone = (ms: number) => Array.from({ length: Math.round(ms / frameMs) }, (_, i) => ({ timestampMs: (60 + i) * frameMs, data: emptyFrameData() }));
    expect(windowsToJudge(signing)).toHaveLength(3);
    expect(windowsToJudge([...signing, ...gone(HANDS_GONE_MS / 2)])).toHaveLength(3);
    for (const away of [HANDS_GONE_MS + 100, 2500]) expect(windowsToJudge([...signing, ...gone(away)])).toEqual([]);
    expect(windowsToJudge(gone(1000))).toEqual([]);
  });
});

describe('one-shot matcher and recogniser', () => {
  let samples: Sample[];
  let classifier: SignClassifier;
  beforeAll(async () => {
    await initNodeBackend('cpu');
    samples = await loadSamples(FIXTURE_PACK);
    classifier = await loadModelFromDir(tf, join(MODELS_DIR, DEFAULT_MODEL_NAME));
  });

  it('scores 0.5 at the calibrated distance', () => {
    expect(matchScore(0, 0.3)).toBe(1);
    expect(matchScore(0.3, 0.3)).toBe(0.5);
    expect(matchScore(0.6, 0.3)).toBeLessThan(0.5);
  });

  it('accepts a recording against itself as reference and names the nearest gloss', () => {
    const [a, b] = [samples.find((s) => s.gloss === 'hello')!, samples.find((s) => s.gloss === 'thankyou')!];
    const matcher = createMatcher([{ gloss: 'hello', frames: a.frames }, { gloss: 'thankyou', frames: b.frames }], 0.3);
    const d = matcher.match(computeFeatures(a.frames), ['hello', 'thankyou']);
    expect(d.accepted).toBe('hello');
    expect(d.scores[0]).toEqual({ gloss: 'hello', score: 1 });
    expect(matcher.match(computeFeatures(a.frames), ['thankyou']).scores.map((s) => s.gloss)).toEqual(['thankyou']);
  });

  it('never matches a window without a hand, however lenient the distance', () => {
    const hello = samples.find((s) => s.gloss === 'hello')!;
    const handsOutOfView = hello.frames.map((f) => ({ timestampMs: f.timestampMs, data: dropHands(f.data.slice()) }));
    const matcher = createMatcher([{ gloss: 'hello', frames: hello.frames }], 1e6);
    const d = matcher.match(computeFeatures(handsOutOfView), ['hello']);
    expect(d).toEqual({ accepted: null, scores: [{ gloss: 'hello', score: 0 }], noSign: 1 });
    expect(matcher.match(computeFeatures(hello.frames), ['hello']).accepted).toBe('hello');
  });

  it('plays recordings as attempts in the game: mirrored and slower, each still matches its own reference', async () => {
    const slow = playback(samples[0].frames, true, 0.8);
    expect(slow.at(-1)!.timestampMs - slow[0].timestampMs).toBeCloseTo((samples[0].frames.at(-1)!.timestampMs - samples[0].frames[0].timestampMs) / 0.8, 6);
    const report = await playAttempts(samples, { classifier: null, references: samples, matchDistance: 0.45, mirror: true, speed: 0.8, seed: 1 });
    expect(report.n).toBe(samples.length);
    expect(report.accuracy).toBe(1);
    expect(report.confusion.columns).toEqual(['hello', 'thankyou', NOTHING_RECOGNISED]);
    expect(report.no_sign).toBeUndefined();
    // No-sign attempts: every kind in turn; with the hands out of view the game can credit nothing.
    const withNoSign = await playAttempts(samples, { classifier: null, references: samples, matchDistance: 0.45, mirror: false, speed: 1, seed: 1, noSign: 8 });
    expect(withNoSign.no_sign!.n).toBe(8);
    expect(Object.keys(withNoSign.no_sign!.credited_by_kind).sort()).toEqual(['hands-down', 'partial', 'random-motion', 'still']);
    expect(withNoSign.no_sign!.credited_by_kind['hands-down']).toBe(0);
    // A sign neither the model nor the references know is not played.
    const helloOnly = await playAttempts(samples, { classifier: null, references: samples.filter((s) => s.gloss === 'hello'), matchDistance: 0.45, mirror: false, speed: 1, seed: 1 });
    expect(helloOnly.n).toBe(samples.filter((s) => s.gloss === 'hello').length);
  });

  it('plays an attempt as a camera stream, at a lower frame rate when asked', () => {
    const frames = samples[0].frames;
    const stream = inCameraStream(frames);
    const padding = (stream.length - frames.length) / 2;
    expect(padding * NEGATIVE_FRAME_MS).toBeCloseTo(HANDS_OUT_OF_VIEW_MS, 0);
    const hasHand = (f: LandmarkFrame) => anyHand(f.data);
    expect(stream.slice(0, padding).some(hasHand)).toBe(false);
    expect(stream.slice(-padding).some(hasHand)).toBe(false);
    expect(stream.slice(padding, -padding)).toEqual(frames);
    const gaps = stream.slice(1).map((f, i) => f.timestampMs - stream[i].timestampMs);
    expect(Math.min(...gaps)).toBeGreaterThan(0);
    // The recording is at 30 fps: at 10 every third frame stays.
    const tenFps = playback(frames, false, 1, 10);
    expect(tenFps.length).toBe(Math.ceil(frames.length / 3));
    expect(tenFps.map((f) => f.data)).toEqual(frames.filter((_, i) => i % 3 === 0).map((f) => f.data));
    expect(playback(frames, false, 1, 30)).toHaveLength(frames.length);
  });

  it('recognises held-out signers\' signs with the shipped model, and names the sign made where the step does not offer it', async () => {
    expect(samples.every((s) => HELD_OUT_SIGNERS.includes(s.signerId))).toBe(true);
    const recognizer = recognizerFrom(classifier, null);
    expect([...recognizer.glosses].sort()).toEqual(['hello', 'thankyou']);
    for (const s of samples) {
      const r = await recognizer.recognize(s.frames, ['hello', 'thankyou']);
      expect(r.method).toBe('classifier');
      expect(r.accepted).toBe(s.gloss);
      const other = s.gloss === 'hello' ? 'thankyou' : 'hello';
      // The model's signs a step does not offer are read (DEFAULT_TUNING.offStepSigns): the
      // attempt rule takes the reading for another sign, never for the one asked.
      const restricted = await recognizer.recognize(s.frames, [other]);
      expect(restricted.accepted).toBe(s.gloss);
      expect(restricted.scores.map((x) => x.gloss).sort()).toEqual(['hello', 'thankyou']);
    }
  });

  it('says no sign when no hand is seen, and routes unknown glosses to the matcher', async () => {
    const hello = samples.find((s) => s.gloss === 'hello')!;
    const recognizer = recognizerFrom(classifier, createMatcher([{ gloss: 'wave', frames: hello.frames }]));
    const none = await recognizer.recognize(framesAt([0, 33, 66]), ['hello', 'wave']);
    expect(none).toMatchObject({ accepted: null, noSign: 1 });
    const viaMatcher = await recognizer.recognize(hello.frames, ['wave']);
    expect(viaMatcher.method).toBe('one-shot');
    expect(viaMatcher.accepted).toBe('wave');
  });
});
