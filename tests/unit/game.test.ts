import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyFrameData, LEFT_HAND, RIGHT_HAND, VALUES_PER_LANDMARK, type LandmarkFrame } from '../../src/lib/landmarks';
import type { ErrorListener, FrameListener, FrameSource } from '../../src/lib/sources/types';
import type { RecognitionResult, SignRecognizer } from '../../src/lib/recognition/types';
import type { SignInfo } from '../../src/lib/scenes/types';
import { Attempt } from '../../src/game/attempt.svelte';
import { CameraEndedError } from '../../src/lib/sources/webcam';
import { DEFAULT_INTERVAL_MS, DEFAULT_WINDOW_MS, MAX_WINDOW_MS, MIN_FRAMES, MIN_GOOD_FPS, judgeRecording, windowForFrameRate, LONGEST_SIGN_READINGS, QUIET_READINGS_TO_DECIDE, WRONG_READINGS_FOR_MISS, type AttemptOutcome } from '../../src/lib/attempt/rule';
import { TrackingPace } from '../../src/game/tracking-pace.svelte';
import { Lesson, type LessonResult } from '../../src/game/lesson.svelte';
import { SceneRun, sceneStars } from '../../src/game/scene-run.svelte';
import type { AttemptFeed, GameServices } from '../../src/game/services';
import { ProgressStore } from '../../src/lib/progress/store';
import { loadBundledScenes } from '../../src/lib/scenes/bundled';
import { GameState } from '../../src/game/game.svelte';
import { ReferenceLibrary, createAppServices } from '../../src/game/app-services';
import { acceptedGlosses } from '../../src/lib/scenes/types';
import { SignBrowser } from '../../src/game/sign-browser.svelte';
import { UI_LANGUAGES } from '../../src/lib/i18n/languages';
import { formatText } from '../../src/lib/i18n/format';

/** A source the test feeds by hand. */
class HandSource implements FrameSource {
  readonly kind = 'replay' as const;
  private listeners = new Set<FrameListener>();
  private errorListeners = new Set<ErrorListener>();
  onFrame(l: FrameListener) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  onError(l: ErrorListener) {
    this.errorListeners.add(l);
    return () => this.errorListeners.delete(l);
  }
  /** The source failed to produce a frame (its tracker threw, or its camera ended). */
  fail(error: Error) {
    for (const l of this.errorListeners) l(error);
  }
  async start() {}
  stop() {}
  close() {}
  /** n frames `stepMs` apart (30 fps by default), from frame number `from`; marker NaN: no hand. */
  emit(n: number, from = 0, marker = 0.25, stepMs = 33) {
    for (let i = 0; i < n; i++) {
      const data = emptyFrameData();
      // A right-hand wrist at x = marker, so mirroring is visible.
      data[RIGHT_HAND.start * VALUES_PER_LANDMARK] = marker;
      const frame: LandmarkFrame = { timestampMs: (from + i) * stepMs, data };
      for (const l of this.listeners) l(frame, { holisticMs: 0 });
    }
  }
  get listenerCount() {
    return this.listeners.size + this.errorListeners.size;
  }
}

/**
 * `n` readings of an attempt whose source has sent frames 0..from-1: a new frame before
 * each but the first, since a reading with no new frame repeats the last one.
 */
async function readEachNewFrame(attempt: Attempt, source: HandSource, n: number, from: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    if (i > 0) source.emit(1, from + i - 1);
    await attempt.tick();
  }
}

/** Readings until a held sign is decided (a reading with no new frame repeats the last one, and counts). */
async function readHeldSign(attempt: Attempt): Promise<void> {
  for (let i = 0; i < LONGEST_SIGN_READINGS; i++) await attempt.tick();
}

/**
 * A recogniser that answers from a script, one answer per call (the last one repeats): a
 * sign accepted (its score 0.9, or the score given), or null for none.
 */
class ScriptedRecognizer implements SignRecognizer {
  readonly glosses = ['hi', 'coffee', 'thankyou'];
  calls: { frames: readonly LandmarkFrame[]; candidates: readonly string[] }[] = [];
  constructor(private answers: (string | null | { accepted: string; score: number })[], private targetScore = 0.4, private method: RecognitionResult['method'] = 'one-shot') {}
  async recognize(frames: readonly LandmarkFrame[], candidates: readonly string[]): Promise<RecognitionResult> {
    this.calls.push({ frames, candidates });
    const answer = this.answers.length > 1 ? this.answers.shift()! : this.answers[0];
    const { accepted, score } = typeof answer === 'string' || answer === null ? { accepted: answer, score: 0.9 } : answer;
    return {
      accepted,
      scores: candidates.map((gloss) => ({ gloss, score: gloss === accepted ? score : gloss === 'hi' ? this.targetScore : 0.1 })),
      noSign: accepted ? 0.05 : 0.8,
      method: this.method,
    };
  }
  dispose() {}
}

/** A recogniser that throws on its first `failures` calls (a crash: lost GPU context, a bug), then answers `answer`. */
class CrashingRecognizer extends ScriptedRecognizer {
  constructor(private failures: number, answer: string | null) {
    super([answer]);
  }
  override async recognize(frames: readonly LandmarkFrame[], candidates: readonly string[]): Promise<RecognitionResult> {
    if (this.failures-- > 0) throw new Error('WebGL context lost');
    return super.recognize(frames, candidates);
  }
}

let clock = 0;
const options = { targets: ['hi'], candidates: ['hi', 'coffee', 'thankyou'], leftHanded: false, intervalMs: 1e9, timeoutMs: 5000, now: () => clock };

describe('Attempt', () => {
  beforeEach(() => (clock = 0));

  it.each([
    ['one-shot', 'at once when the matcher accepts a target', 0],
    ['classifier', 'once the sign is over when the classifier accepts a target', QUIET_READINGS_TO_DECIDE],
  ] as const)('%s: waits for enough frames, then succeeds %s', async (method, _, quietReadings) => {
    const source = new HandSource();
    const rec = new ScriptedRecognizer([null, 'hi', null], 0.4, method);
    const attempt = new Attempt(source, rec, options);
    attempt.start();
    source.emit(3);
    await attempt.tick();
    expect(rec.calls).toHaveLength(0);
    expect(attempt.state.status).toBe('watching');
    source.emit(10, 3);
    await attempt.tick();
    expect(attempt.meter).toBeCloseTo(0.4);
    expect(attempt.state.status).toBe('watching');
    source.emit(1, 13);
    await attempt.tick();
    if (quietReadings) {
      expect(attempt.state.status).toBe('watching');
      await readEachNewFrame(attempt, source, 1 + quietReadings, 14);
    }
    expect(attempt.state.status).toBe('success');
    const { outcome } = (await attempt.done) as { outcome: AttemptOutcome };
    expect(outcome).toMatchObject({ success: true, recognised: 'hi' });
    // The frames of the reading that credited the target.
    expect(outcome.frames).toHaveLength(14);
    expect(rec.calls[0].candidates).toEqual(['hi', 'coffee', 'thankyou']);
    expect(source.listenerCount).toBe(0);
  });

  it('keeps only the sliding window of recent frames', async () => {
    const source = new HandSource();
    const rec = new ScriptedRecognizer([null]);
    const attempt = new Attempt(source, rec, { ...options, windowMs: 1000 });
    attempt.start();
    source.emit(100);
    await attempt.tick();
    const frames = rec.calls[0].frames;
    expect(frames[frames.length - 1].timestampMs - frames[0].timestampMs).toBeLessThanOrEqual(1000);
    expect(frames.length).toBeGreaterThan(25);
  });

  it('a classifier\'s sign is judged by its best reading once it is over: a first reading of another sign does not miss, a better one beats the target', async () => {
    // A HELLO whose start reads THANK YOU: credited at HELLO's step.
    const source = new HandSource();
    const attempt = new Attempt(source, new ScriptedRecognizer([{ accepted: 'thankyou', score: 0.6 }, { accepted: 'hi', score: 0.8 }, null], 0.4, 'classifier'), options);
    attempt.start();
    source.emit(12);
    await readEachNewFrame(attempt, source, 2 + QUIET_READINGS_TO_DECIDE - 1, 12);
    expect(attempt.state.status).toBe('watching');
    source.emit(1, 12 + 2 + QUIET_READINGS_TO_DECIDE - 1);
    await attempt.tick();
    expect(await attempt.done).toMatchObject({ status: 'success', outcome: { recognised: 'hi' } });

    // A THANK YOU whose start reads HELLO (the target here): not credited, and not yet a miss.
    const other = new HandSource();
    const wrong = new Attempt(other, new ScriptedRecognizer([{ accepted: 'hi', score: 0.6 }, { accepted: 'thankyou', score: 0.8 }, null], 0.4, 'classifier'), options);
    wrong.start();
    other.emit(12);
    await readEachNewFrame(wrong, other, 2 + QUIET_READINGS_TO_DECIDE, 12);
    expect(wrong.state.status).toBe('watching');
  });

  it('a sign read best as another sign is a miss once over, if it was read that often; else the attempt watches on', async () => {
    const source = new HandSource();
    const held = Array(WRONG_READINGS_FOR_MISS - 1).fill('thankyou');
    const quiet = Array(QUIET_READINGS_TO_DECIDE).fill(null);
    const attempt = new Attempt(source, new ScriptedRecognizer([...held, ...quiet, { accepted: 'coffee', score: 0.7 }, ...held, 'thankyou', null]), options);
    attempt.start();
    source.emit(12);
    // Three THANK YOUs, then quiet: too few for a miss.
    const readings = held.length + quiet.length + 1 + held.length;
    await readEachNewFrame(attempt, source, readings, 12);
    expect(attempt.state.status).toBe('watching');
    // COFFEE then four THANK YOUs, read best as THANK YOU, and quiet: a miss that looked like THANK YOU.
    for (let i = 0; i < 1 + QUIET_READINGS_TO_DECIDE; i++) {
      source.emit(1, 12 + readings - 1 + i);
      await attempt.tick();
    }
    expect(await attempt.done).toMatchObject({ status: 'miss', outcome: { success: false, recognised: 'thankyou' } });
  });

  it('a sign held on is decided after LONGEST_SIGN_READINGS readings', async () => {
    const source = new HandSource();
    const attempt = new Attempt(source, new ScriptedRecognizer(['hi'], 0.4, 'classifier'), options);
    attempt.start();
    source.emit(12);
    for (let i = 0; i < LONGEST_SIGN_READINGS - 1; i++) await attempt.tick();
    expect(attempt.state.status).toBe('watching');
    await attempt.tick();
    expect(await attempt.done).toMatchObject({ status: 'success', outcome: { recognised: 'hi' } });
  });

  it('asks the recogniser again only once a new frame has come; a repeated reading still counts', async () => {
    const source = new HandSource();
    const rec = new ScriptedRecognizer(['thankyou', 'hi']);
    const attempt = new Attempt(source, rec, options);
    attempt.start();
    source.emit(12);
    await readHeldSign(attempt);
    expect(rec.calls).toHaveLength(1);
    expect(await attempt.done).toMatchObject({ status: 'miss', outcome: { recognised: 'thankyou' } });
  });

  it('misses when nothing is accepted before the time runs out', async () => {
    const source = new HandSource();
    const attempt = new Attempt(source, new ScriptedRecognizer([null]), options);
    attempt.start();
    source.emit(12);
    await attempt.tick();
    clock = 6000;
    await attempt.tick();
    const { outcome } = (await attempt.done) as { outcome: AttemptOutcome };
    expect(outcome).toMatchObject({ success: false, recognised: null });
    expect(outcome.frames).toHaveLength(12);
  });

  it('a miss with too few tracked frames says so and names the frame rate', async () => {
    const source = new HandSource();
    const rec = new ScriptedRecognizer([null]);
    const attempt = new Attempt(source, rec, { ...options, windowMs: 3000 });
    attempt.start();
    // One frame a second, a hand in every one: the 3 s window never holds MIN_FRAMES.
    source.emit(6, 0, 0.25, 1000);
    await attempt.tick();
    clock = 6000;
    await attempt.tick();
    const { outcome } = (await attempt.done) as { outcome: AttemptOutcome };
    expect(rec.calls).toHaveLength(0);
    expect(outcome).toMatchObject({ success: false, recognised: null, frames: [] });
    expect(outcome.tracking).toEqual({ frames: 6, framesWithHands: 6, fps: 1, tooSlow: true });
  });

  it('a judged miss under MIN_GOOD_FPS is too slow; at 30 fps without hands it is not', async () => {
    const slow = new HandSource();
    const slowAttempt = new Attempt(slow, new ScriptedRecognizer(['coffee']), { ...options, windowMs: 10_000 });
    slowAttempt.start();
    slow.emit(MIN_FRAMES, 0, 0.25, 200);
    await readHeldSign(slowAttempt);
    const { outcome: slowOutcome } = (await slowAttempt.done) as { outcome: AttemptOutcome };
    expect(slowOutcome.recognised).toBe('coffee');
    expect(slowOutcome.tracking).toMatchObject({ fps: 5, tooSlow: true });
    expect(MIN_GOOD_FPS).toBeGreaterThan(5);

    const handsAway = new HandSource();
    const attempt = new Attempt(handsAway, new ScriptedRecognizer([null]), options);
    attempt.start();
    handsAway.emit(30, 0, NaN);
    await attempt.tick();
    clock = 6000;
    await attempt.tick();
    const { outcome } = (await attempt.done) as { outcome: AttemptOutcome };
    expect(outcome.tracking).toMatchObject({ frames: 30, framesWithHands: 0, tooSlow: false });
    expect(outcome.tracking.fps).toBeCloseTo(1000 / 33);
  });

  it('judges the whole recording once more when a replay ends, then misses', async () => {
    const source = new HandSource();
    const rec = new ScriptedRecognizer([null]);
    let end!: () => void;
    const attempt = new Attempt(source, rec, options);
    attempt.start(new Promise((r) => (end = r)));
    source.emit(20);
    end();
    await Promise.resolve();
    await attempt.tick();
    expect(rec.calls).toHaveLength(1);
    expect(rec.calls[0].frames).toHaveLength(20);
    expect((await attempt.done).status).toBe('miss');
  });

  it('a recogniser that throws ends the attempt as a failure of the game, never as a miss', async () => {
    const source = new HandSource();
    const attempt = new Attempt(source, new CrashingRecognizer(1, 'hi'), options);
    attempt.start();
    source.emit(12);
    await expect(attempt.tick()).resolves.toBeUndefined();
    const end = await attempt.done;
    expect(end).toMatchObject({ status: 'failed', failure: { stage: 'recogniser', error: { message: 'WebGL context lost' } } });
    expect(attempt.state.status).toBe('failed');
    expect(source.listenerCount).toBe(0);
  });

  it('a frame the source fails to produce ends the attempt as a failure of the game', async () => {
    const source = new HandSource();
    const rec = new ScriptedRecognizer(['coffee']);
    const attempt = new Attempt(source, rec, options);
    attempt.start();
    source.emit(12);
    source.fail(new Error('Holistic returned no result'));
    expect(await attempt.done).toMatchObject({ status: 'failed', failure: { stage: 'source' } });
    await attempt.tick();
    expect(rec.calls).toHaveLength(0);
  });

  it('mirrors a left-handed learner so the dominant hand matches the references', async () => {
    const source = new HandSource();
    const rec = new ScriptedRecognizer(['hi']);
    const attempt = new Attempt(source, rec, { ...options, leftHanded: true });
    attempt.start();
    source.emit(10, 0, 0.25);
    await attempt.tick();
    const frame = rec.calls[0].frames[0];
    // The right-hand wrist at x = 0.25 became the left-hand wrist at x = 0.75.
    expect(frame.data[LEFT_HAND.start * VALUES_PER_LANDMARK]).toBeCloseTo(0.75);
    expect(Number.isNaN(frame.data[RIGHT_HAND.start * VALUES_PER_LANDMARK])).toBe(true);
  });
});

function sign(gloss: string): SignInfo {
  return { gloss, name: { en: gloss.toUpperCase(), ja: gloss }, description: { en: 'd', ja: 'd' }, reference: { pack: 'p' } };
}

function fakeServices(feeds: (HandSource | null)[], recognizer: SignRecognizer, parts = { handShape: 0.2, handLocation: 0.9, movement: 0.4, face: 0.1 }) {
  const reference: LandmarkFrame[] = [{ timestampMs: 0, data: emptyFrameData() }];
  const compared: LandmarkFrame[][] = [];
  const services: GameServices = {
    testMode: true,
    reference: async () => reference,
    examples: async () => [{ pack: 'p', file: 'f.signrec' }],
    recognizer: vi.fn(async () => recognizer),
    compareParts: (attempt) => {
      compared.push(attempt);
      return parts;
    },
    async attemptFeed(): Promise<AttemptFeed | null> {
      const source = feeds.shift() ?? null;
      return source ? { source, begin: () => source.start(), release: () => {} } : null;
    },
  };
  return { services, compared };
}

/** Lets the lesson's async steps (recogniser, feed, attempt start) run. */
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('judgeRecording (an attempt in recording time, for signs play)', () => {
  /** n frames at 30 fps with a right hand. */
  const recording = (n: number) => Array.from({ length: n }, (_, i) => {
    const data = emptyFrameData();
    data[RIGHT_HAND.start * VALUES_PER_LANDMARK] = 0.25;
    return { timestampMs: i * 33, data };
  });

  it('reads the window every interval of recording time and once more at the end', async () => {
    const rec = new ScriptedRecognizer([null]);
    const frames = recording(60);
    const outcome = await judgeRecording(rec, frames, { targets: ['hi'], candidates: ['hi', 'coffee'], leftHanded: false });
    expect(outcome).toMatchObject({ success: false, recognised: null });
    // 60 frames span 1947 ms: readings at 250, 500, ..., 1750 ms and one at the end.
    expect(rec.calls).toHaveLength(Math.floor(frames[59].timestampMs / DEFAULT_INTERVAL_MS) + 1);
    expect(rec.calls.at(-1)!.frames).toHaveLength(60);
    expect(rec.calls[0].frames.at(-1)!.timestampMs).toBeLessThan(DEFAULT_INTERVAL_MS);
  });

  it('on a slow tracker, asks the recogniser only when the window has a new frame', async () => {
    const rec = new ScriptedRecognizer(['coffee', 'hi']);
    // 2 frames a second: two readings fall between each pair of frames.
    const frames = recording(12).map((f, i) => ({ ...f, timestampMs: i * 500 }));
    const outcome = await judgeRecording(rec, frames, { targets: ['hi'], candidates: ['hi', 'coffee'], leftHanded: false, windowMs: 5000 });
    // The readings at 3.75 s and 4 s both see frames 0..7 (COFFEE, asked once); the one at 4.25 s sees frame 8 too (HI).
    expect(rec.calls.map((c) => c.frames.length)).toEqual([8, 9]);
    expect(outcome).toMatchObject({ success: true, recognised: 'hi' });
  });

  it('ends once a sign the classifier read best as a target is over, and on a miss when another sign holds', async () => {
    const hitRec = new ScriptedRecognizer([null, 'hi', null], 0.4, 'classifier');
    const hit = await judgeRecording(hitRec, recording(60), { targets: ['hi'], candidates: ['hi'], leftHanded: false });
    expect(hit).toMatchObject({ success: true, recognised: 'hi' });
    expect(hitRec.calls).toHaveLength(2 + QUIET_READINGS_TO_DECIDE);
    const rec = new ScriptedRecognizer(['coffee']);
    const miss = await judgeRecording(rec, recording(90), { targets: ['hi'], candidates: ['hi', 'coffee'], leftHanded: false });
    expect(miss).toMatchObject({ success: false, recognised: 'coffee' });
    expect(rec.calls).toHaveLength(LONGEST_SIGN_READINGS);
  });

  it('never judges a recording shorter than the fewest frames worth judging', async () => {
    const rec = new ScriptedRecognizer(['hi']);
    expect(await judgeRecording(rec, recording(6), { targets: ['hi'], candidates: ['hi'], leftHanded: false })).toMatchObject({ success: false, recognised: null });
    expect(rec.calls).toHaveLength(0);
  });
});

describe('Lesson', () => {
  const fast = { intervalMs: 1e9, timeoutMs: 1e9 };

  it('Learn -> Try -> success gives 3 stars on the first try', async () => {
    const source = new HandSource();
    const { services } = fakeServices([source], new ScriptedRecognizer(['hi']));
    const results: LessonResult[] = [];
    const lesson = new Lesson({ targets: [sign('hi'), sign('hello')], menu: false, candidates: [sign('hi'), sign('hello'), sign('coffee')], services, leftHanded: () => false, attemptOptions: fast }, (r) => results.push(r));
    await settle();
    expect(lesson.phase).toBe('learn');
    expect(lesson.reference).toHaveLength(1);
    const trying = lesson.startTry();
    await settle();
    expect(lesson.phase).toBe('try');
    source.emit(10);
    await readHeldSign(lesson.attempt!);
    await trying;
    expect(lesson.phase).toBe('result');
    expect(results).toEqual([{ gloss: 'hi', sign: 'hi', stars: 3, tries: 1 }]);
  });

  /** A Try in which another sign holds until the attempt misses. */
  async function missOnce(lesson: Lesson, source: HandSource): Promise<void> {
    const trying = lesson.startTry();
    await settle();
    source.emit(10);
    await readEachNewFrame(lesson.attempt!, source, LONGEST_SIGN_READINGS, 10);
    await trying;
  }

  it('a miss close to the example in every part names no part', async () => {
    const source = new HandSource();
    const rec = new ScriptedRecognizer(Array(LONGEST_SIGN_READINGS).fill('coffee'));
    const close = { handShape: 0.1, handLocation: 0.1, movement: 0.2, face: 0.5 };
    const { services } = fakeServices([source], rec, close);
    const lesson = new Lesson({ targets: [sign('hi')], menu: false, candidates: [sign('hi'), sign('coffee')], services, leftHanded: () => false, attemptOptions: fast }, () => {});
    await settle();
    await missOnce(lesson, source);
    expect(lesson.miss).toMatchObject({ lookedLike: 'coffee', part: null, close: true });
  });

  it('a miss names the part that differs most and what the sign looked like; the retry earns 2 stars', async () => {
    const first = new HandSource();
    const second = new HandSource();
    const rec = new ScriptedRecognizer([...Array(LONGEST_SIGN_READINGS).fill('coffee'), 'hi']);
    const { services, compared } = fakeServices([first, second], rec);
    const results: LessonResult[] = [];
    const lesson = new Lesson({ targets: [sign('hi')], menu: false, candidates: [sign('hi'), sign('coffee')], services, leftHanded: () => false, attemptOptions: fast }, (r) => results.push(r));
    await settle();
    await missOnce(lesson, first);
    expect(lesson.phase).toBe('result');
    expect(lesson.miss).toMatchObject({ lookedLike: 'coffee', part: 'handLocation', close: false });
    // The parts are compared on the frames of the sign's best reading (the first: all score alike).
    expect(compared[0]).toHaveLength(10);
    expect(results).toEqual([]);

    const t2 = lesson.startTry();
    await settle();
    second.emit(10);
    await readHeldSign(lesson.attempt!);
    await t2;
    expect(results).toEqual([{ gloss: 'hi', sign: 'hi', stars: 2, tries: 2 }]);
    expect(services.recognizer).toHaveBeenCalledTimes(1);
  });

  it('a crashed recogniser shows that the game failed, not the learner; the retry does not count it as a try', async () => {
    const first = new HandSource();
    const second = new HandSource();
    const { services } = fakeServices([first, second], new CrashingRecognizer(1, 'hi'));
    const results: LessonResult[] = [];
    const lesson = new Lesson({ targets: [sign('hi')], menu: false, candidates: [sign('hi'), sign('coffee')], services, leftHanded: () => false, attemptOptions: fast }, (r) => results.push(r));
    await settle();
    const trying = lesson.startTry();
    await settle();
    first.emit(10);
    await lesson.attempt!.tick();
    await trying;
    expect(lesson.phase).toBe('result');
    expect(lesson.failure).toMatchObject({ stage: 'recogniser', error: { message: 'WebGL context lost' } });
    expect(lesson.miss).toBeNull();
    expect(lesson.tries).toBe(0);

    const retry = lesson.startTry();
    await settle();
    expect(lesson.failure).toBeNull();
    second.emit(10);
    await readHeldSign(lesson.attempt!);
    await retry;
    expect(results).toEqual([{ gloss: 'hi', sign: 'hi', stars: 3, tries: 1 }]);
  });

  it('the recogniser loads while the learner watches the example; one that failed to load is said at Try, which loads it again', async () => {
    const source = new HandSource();
    const { services } = fakeServices([source], new ScriptedRecognizer(['hi']));
    const load = vi.mocked(services.recognizer);
    load.mockRejectedValueOnce(new Error('model.json: 404'));
    const results: LessonResult[] = [];
    const lesson = new Lesson({ targets: [sign('hi')], menu: false, candidates: [sign('hi'), sign('coffee')], services, leftHanded: () => false, attemptOptions: fast }, (r) => results.push(r));
    expect(load).toHaveBeenCalledTimes(1);
    expect(lesson.phase).toBe('learn');
    await settle();

    await lesson.startTry();
    expect(lesson.recognizerProblem).toBe('model.json: 404');
    expect(lesson.attempt).toBeNull();

    const trying = lesson.startTry();
    await settle();
    expect(load).toHaveBeenCalledTimes(2);
    source.emit(10);
    await readHeldSign(lesson.attempt!);
    await trying;
    expect(results).toEqual([{ gloss: 'hi', sign: 'hi', stars: 3, tries: 1 }]);
  });

  it('the camera stopping mid-Try waits for the camera, and the Try starts again once it is back', async () => {
    const lost = new HandSource();
    const back = new HandSource();
    const feeds: (HandSource | null)[] = [lost, null, back];
    const { services } = fakeServices(feeds, new ScriptedRecognizer(['hi']));
    const results: LessonResult[] = [];
    const lesson = new Lesson({ targets: [sign('hi')], menu: false, candidates: [sign('hi')], services, leftHanded: () => false, attemptOptions: fast }, (r) => results.push(r));
    await settle();
    const trying = lesson.startTry();
    await settle();
    lost.emit(5);
    lost.fail(new CameraEndedError('Front camera'));
    await trying;
    expect(lesson).toMatchObject({ phase: 'try', needsSource: true, cameraLost: true, failure: null, miss: null, tries: 0 });
    // The view retries while the camera is still away (no feed), then once it is back.
    await lesson.startTry();
    expect(lesson).toMatchObject({ needsSource: true, cameraLost: true });
    const resumed = lesson.startTry();
    await settle();
    expect(lesson.cameraLost).toBe(false);
    back.emit(10);
    await readHeldSign(lesson.attempt!);
    await resumed;
    expect(results).toEqual([{ gloss: 'hi', sign: 'hi', stars: 3, tries: 1 }]);
  });

  it('skip gives 0 stars and names the sign skipped', async () => {
    const { services } = fakeServices([], new ScriptedRecognizer([null]));
    const results: LessonResult[] = [];
    const lesson = new Lesson({ targets: [sign('coffee'), sign('juice')], menu: true, candidates: [sign('coffee'), sign('juice')], services, leftHanded: () => false }, (r) => results.push(r));
    lesson.choose(sign('juice'));
    lesson.skip();
    expect(results).toEqual([{ gloss: null, sign: 'juice', stars: 0, tries: 0 }]);
  });

  it('a slow tracker gets a longer window on the next try, shared by the next lesson, and the miss says so', async () => {
    const first = new HandSource();
    const second = new HandSource();
    const { services } = fakeServices([first, second], new ScriptedRecognizer([null]));
    const pace = new TrackingPace();
    const setup = { targets: [sign('hi')], menu: false, candidates: [sign('hi')], services, leftHanded: () => false, pace, attemptOptions: { intervalMs: 1e9, timeoutMs: 5000, now: () => clock } };
    clock = 0;
    const lesson = new Lesson(setup, () => {});
    await settle();
    const trying = lesson.startTry();
    await settle();
    // Two frames a second for 5 s: the default 3 s window never holds MIN_FRAMES.
    first.emit(11, 0, 0.25, 500);
    await lesson.attempt!.tick();
    clock = 6000;
    await lesson.attempt!.tick();
    await trying;
    expect(lesson.miss?.tracking).toMatchObject({ fps: 2, tooSlow: true });
    expect(lesson.miss?.windowChangedTo).toBe(4000);
    expect(pace.windowMs).toBe(4000);

    clock = 0;
    const next = new Lesson(setup, () => {});
    await settle();
    const again = next.startTry();
    await settle();
    second.emit(11, 0, 0.25, 500);
    await next.attempt!.tick();
    // The 4 s window holds 9 frames at 2 fps: the attempt is judged.
    expect(next.attempt!.meter).toBeGreaterThan(0);
    clock = 6000;
    await next.attempt!.tick();
    await again;
    expect(next.miss?.windowChangedTo).toBeNull();
  });

  it('the window grows to hold MIN_FRAMES up to MAX_WINDOW_MS, and stays the default when fast enough or hopelessly slow', () => {
    expect(windowForFrameRate(30)).toBe(DEFAULT_WINDOW_MS);
    expect(windowForFrameRate(3)).toBe(DEFAULT_WINDOW_MS);
    expect(windowForFrameRate(2)).toBe(4000);
    expect(windowForFrameRate(2.5)).toBe(3500);
    expect(windowForFrameRate(1.6)).toBe(MAX_WINDOW_MS);
    // Under 1.6 fps not even MAX_WINDOW_MS holds MIN_FRAMES: no promise of a verdict.
    expect(windowForFrameRate(1.5)).toBe(DEFAULT_WINDOW_MS);
    expect(windowForFrameRate(0.1)).toBe(DEFAULT_WINDOW_MS);
    expect(windowForFrameRate(0)).toBe(DEFAULT_WINDOW_MS);
    for (const fps of [1.6, 2, 2.5, 3, 5, 10]) expect(Math.floor((windowForFrameRate(fps) * fps) / 1000)).toBeGreaterThanOrEqual(MIN_FRAMES);
  });

  it('a miss from too few tracked frames carries the tracking into the feedback', async () => {
    const source = new HandSource();
    const { services } = fakeServices([source], new ScriptedRecognizer(['coffee']));
    const lesson = new Lesson({ targets: [sign('hi')], menu: false, candidates: [sign('hi'), sign('coffee')], services, leftHanded: () => false, attemptOptions: { ...fast, windowMs: 10_000 } }, () => {});
    await settle();
    const trying = lesson.startTry();
    await settle();
    source.emit(10, 0, 0.25, 250);
    await readHeldSign(lesson.attempt!);
    await trying;
    expect(lesson.miss?.tracking).toMatchObject({ frames: 10, framesWithHands: 10, fps: 4, tooSlow: true });
  });

  it('waits for a source when the camera is off', async () => {
    const { services } = fakeServices([], new ScriptedRecognizer([null]));
    const lesson = new Lesson({ targets: [sign('hi')], menu: false, candidates: [sign('hi')], services, leftHanded: () => false }, () => {});
    await lesson.startTry();
    expect(lesson.phase).toBe('try');
    expect(lesson.needsSource).toBe(true);
    expect(lesson.tries).toBe(0);
  });

  it('a menu accepts any of its choices', async () => {
    const source = new HandSource();
    const { services } = fakeServices([source], new ScriptedRecognizer(['juice']));
    const results: LessonResult[] = [];
    const lesson = new Lesson({ targets: [sign('coffee'), sign('juice')], menu: true, candidates: [sign('coffee'), sign('juice'), sign('hi')], services, leftHanded: () => false, attemptOptions: fast }, (r) => results.push(r));
    expect(lesson.isMenu).toBe(true);
    const trying = lesson.startTry();
    await settle();
    source.emit(10);
    await readHeldSign(lesson.attempt!);
    await trying;
    expect(results[0].gloss).toBe('juice');
    expect(lesson.chosen.gloss).toBe('juice');
  });
});

describe('SceneRun', () => {
  beforeEach(() => vi.stubGlobal('indexedDB', new IDBFactory()));

  it('walks the restaurant script, saves each sign step at once, and completes the scene', async () => {
    const restaurant = loadBundledScenes().scenes.find((s) => s.id === 'restaurant')!;
    const store = await ProgressStore.open();
    const run = new SceneRun(restaurant, store);
    let signSteps = 0;
    while (!run.finished) {
      if (run.step.kind === 'sign') {
        const gloss = run.step.choices[1] ?? run.step.expect[0];
        await run.signDone({ gloss, sign: gloss, stars: signSteps === 0 ? 1 : 3, tries: 1 });
        signSteps++;
        // Saved before the learner even continues: a reload here loses nothing.
        const reloaded = await ProgressStore.open();
        expect(reloaded.snapshot().scenes.restaurant.stepStars[run.index]).toBe(signSteps === 1 ? 1 : 3);
        if (gloss === 'juice') expect(run.lastSign).toBe('juice');
      }
      await run.next();
    }
    expect(signSteps).toBeGreaterThanOrEqual(8);
    expect(run.stars).toBe(3);
    const reloaded = await ProgressStore.open();
    expect(reloaded.snapshot().scenes.restaurant.completed).toBe(true);
    expect(sceneStars(restaurant, reloaded.snapshot().scenes.restaurant.stepStars)).toBe(3);
    expect(sceneStars(restaurant, {})).toBe(0);
  });
});

describe('game faults', () => {
  it('a sign model that failed to load is said once, however many recognisers meet it', () => {
    const game = new GameState(fakeServices([], new ScriptedRecognizer([null])).services);
    game.reportModelProblem('models/x/model.json: HTTP 404');
    game.dismissModelProblem();
    game.reportModelProblem('models/x/model.json: HTTP 404');
    expect(game.modelProblem).toBeNull();
  });

  it('progress that can no longer be saved is warned about once, and the game plays on', async () => {
    vi.stubGlobal('indexedDB', new IDBFactory());
    const game = new GameState(fakeServices([], new ScriptedRecognizer([null])).services);
    await game.init();
    expect(game.storageWarning).toBeNull();
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    await game.store!.recordReview('coffee', 2);
    expect(game.storageWarning).toMatchObject({ kind: 'full' });
    game.dismissStorageWarning();
    await game.store!.recordReview('hi', 3);
    expect(game.storageWarning).toBeNull();
    expect(game.storageProblem).toMatchObject({ kind: 'full' });
    expect(Object.keys(game.progress.signs).sort()).toEqual(['coffee', 'hi']);
    put.mockRestore();
    vi.unstubAllGlobals();
  });

  it('recognisers are built again after the TF.js backend changes (the old weights were in the lost context)', async () => {
    let backend = 'webgl';
    const createRecognizer = vi.fn(async () => new ScriptedRecognizer([null]));
    const services = createAppServices({ liveSource: () => null, attempts: null, references: new ReferenceLibrary(), createRecognizer, backend: () => backend });
    const signs = [sign('hi'), sign('coffee')];
    const first = await services.recognizer(signs);
    expect(await services.recognizer([...signs].reverse())).toBe(first);
    backend = 'wasm';
    expect(await services.recognizer(signs)).not.toBe(first);
    expect(createRecognizer).toHaveBeenCalledTimes(2);
  });
});

describe('scene texts after skipped steps', () => {
  beforeEach(() => vi.stubGlobal('indexedDB', new IDBFactory()));

  it('every line of every scene is whole in every language when every sign is skipped', async () => {
    const { services } = fakeServices([], new ScriptedRecognizer([null]));
    const broken: string[] = [];
    for (const scene of loadBundledScenes().scenes) {
      const run = new SceneRun(scene, await ProgressStore.open());
      while (!run.finished) {
        const step = run.step;
        if (step.kind === 'sign') {
          const targets = acceptedGlosses(step).map((g) => scene.signs[g]);
          const lesson = new Lesson({ targets, menu: step.choices.length > 0, candidates: targets, services, leftHanded: () => false }, (r) => void run.signDone(r));
          lesson.skip();
          await settle();
        } else if (step.kind === 'say') {
          for (const lang of UI_LANGUAGES) {
            const name = run.lastSignName?.[lang] ?? '';
            const line = formatText(step.text[lang], { sign: name });
            if (/\{\w+\}/.test(line) || (step.text[lang].includes('{sign}') && !name)) broken.push(`${scene.id}.script[${run.index}].${lang}: ${line}`);
          }
        }
        await run.next();
      }
      expect(run.stars).toBe(0);
    }
    expect(broken).toEqual([]);
  });
});

describe('SignBrowser (camera-less mode)', () => {
  it('lists every sign every scene asks for, each once per scene, and loads the chosen example', async () => {
    const { scenes } = loadBundledScenes();
    const { services } = fakeServices([], new ScriptedRecognizer([null]));
    const reference = vi.spyOn(services, 'reference');
    const browser = new SignBrowser(scenes, services);
    for (const scene of scenes) {
      const asked = new Set(scene.script.flatMap((s) => (s.kind === 'sign' ? acceptedGlosses(s) : [])));
      const listed = browser.groups.find((g) => g.scene.id === scene.id)?.signs.map((s) => s.gloss) ?? [];
      expect(new Set(listed).size).toBe(listed.length);
      for (const gloss of asked) expect(listed).toContain(gloss);
    }
    expect(browser.selected?.gloss).toBe(browser.groups[0].signs[0].gloss);
    const coffee = browser.groups.flatMap((g) => g.signs).find((s) => s.gloss === 'coffee')!;
    browser.select(coffee);
    await settle();
    expect(browser.selected).toBe(coffee);
    expect(browser.example.frames).toHaveLength(1);
    expect(reference.mock.lastCall?.[0]).toBe(coffee);
  });
});

describe('test mode', () => {
  it('reads ?replay= as an ordered list of recordings, and no parameter as camera mode', async () => {
    const { replayParam } = await import('../../src/game/test-mode');
    expect(replayParam('?replay=a/x.signrec,%20b/y.signrec,')).toEqual(['a/x.signrec', 'b/y.signrec']);
    expect(replayParam('?replay=')).toEqual([]);
    expect(replayParam('?debug=1')).toBeNull();
  });

  it('queues attempts in order; setNextAttempt jumps the queue', async () => {
    const { AttemptQueue } = await import('../../src/game/test-mode');
    const queue = new AttemptQueue(['a', 'b']);
    queue.push('c');
    queue.setNext('wrong');
    expect(queue.pending()).toEqual(['wrong', 'a', 'b', 'c']);
  });
});

describe('figure aspect', () => {
  it('recovers the image aspect ratio from a frontal face', async () => {
    const { FACE, FACE_LANDMARK, estimateImageAspect } = await import('../../src/lib/landmarks');
    /** A face 0.78 units wide and 1 high in pixels, seen in a W x H image. */
    const face = (w: number, h: number): LandmarkFrame => {
      const data = emptyFrameData();
      const set = (i: number, xPx: number, yPx: number) => {
        data[(FACE.start + i) * VALUES_PER_LANDMARK] = xPx / w;
        data[(FACE.start + i) * VALUES_PER_LANDMARK + 1] = yPx / h;
      };
      set(454, 0.5 * w + 78, 0.5 * h);
      set(234, 0.5 * w, 0.5 * h);
      set(FACE_LANDMARK.foreheadTop, 0.5 * w + 39, 0.5 * h - 50);
      set(FACE_LANDMARK.chin, 0.5 * w + 39, 0.5 * h + 50);
      return { timestampMs: 0, data };
    };
    expect(estimateImageAspect([face(1280, 720)])).toBeCloseTo(1280 / 720, 5);
    expect(estimateImageAspect([face(720, 1280), face(720, 1280)])).toBeCloseTo(720 / 1280, 5);
    expect(estimateImageAspect([{ timestampMs: 0, data: emptyFrameData() }])).toBeNull();
  });
});

describe('figure framing', () => {
  it('drops the lower body (not drawn, often guessed off-image) and keeps the rest', async () => {
    const { withoutLowerBody } = await import('../../src/game/figure-framing');
    const { POSE, POSE_LANDMARK } = await import('../../src/lib/landmarks');
    const data = emptyFrameData().fill(0.5);
    const [out] = withoutLowerBody([{ timestampMs: 7, data }]);
    const x = (p: number) => out.data[(POSE.start + p) * VALUES_PER_LANDMARK];
    expect(Number.isNaN(x(POSE_LANDMARK.leftAnkle))).toBe(true);
    expect(Number.isNaN(x(POSE_LANDMARK.rightKnee))).toBe(true);
    expect(x(POSE_LANDMARK.leftHip)).toBe(0.5);
    expect(x(POSE_LANDMARK.rightWrist)).toBe(0.5);
    expect(data[(POSE.start + POSE_LANDMARK.leftAnkle) * VALUES_PER_LANDMARK]).toBe(0.5);
    expect(out.timestampMs).toBe(7);
  });
});
