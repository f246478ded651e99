import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyFrameData, LEFT_HAND, RIGHT_HAND, VALUES_PER_LANDMARK, type LandmarkFrame } from '../../src/lib/landmarks';
import type { FrameListener, FrameSource } from '../../src/lib/sources/types';
import type { RecognitionResult, SignRecognizer } from '../../src/lib/recognition/types';
import type { SignInfo } from '../../src/lib/scenes/types';
import { Attempt } from '../../src/game/attempt.svelte';
import { DEFAULT_INTERVAL_MS, judgeRecording, WRONG_READINGS_FOR_MISS } from '../../src/game/attempt-rule';
import { Lesson, type LessonResult } from '../../src/game/lesson.svelte';
import { SceneRun, sceneStars } from '../../src/game/scene-run.svelte';
import type { AttemptFeed, GameServices } from '../../src/game/services';
import { ProgressStore } from '../../src/lib/progress/store';
import { loadBundledScenes } from '../../src/lib/scenes/bundled';

/** A source the test feeds by hand. */
class HandSource implements FrameSource {
  readonly kind = 'replay' as const;
  private listeners = new Set<FrameListener>();
  onFrame(l: FrameListener) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  async start() {}
  stop() {}
  close() {}
  emit(n: number, from = 0, marker = 0.25) {
    for (let i = 0; i < n; i++) {
      const data = emptyFrameData();
      // A right-hand wrist at x = marker, so mirroring is visible.
      data[RIGHT_HAND.start * VALUES_PER_LANDMARK] = marker;
      const frame: LandmarkFrame = { timestampMs: (from + i) * 33, data };
      for (const l of this.listeners) l(frame, { holisticMs: 0 });
    }
  }
  get listenerCount() {
    return this.listeners.size;
  }
}

/** A recogniser that answers from a script, one answer per call (the last one repeats). */
class ScriptedRecognizer implements SignRecognizer {
  readonly glosses = ['hi', 'coffee', 'thankyou'];
  calls: { frames: readonly LandmarkFrame[]; candidates: readonly string[] }[] = [];
  resets = 0;
  constructor(private answers: (string | null)[], private targetScore = 0.4) {}
  async recognize(frames: readonly LandmarkFrame[], candidates: readonly string[]): Promise<RecognitionResult> {
    this.calls.push({ frames, candidates });
    const accepted = this.answers.length > 1 ? this.answers.shift()! : this.answers[0];
    return {
      accepted,
      scores: candidates.map((gloss) => ({ gloss, score: gloss === accepted ? 0.9 : gloss === 'hi' ? this.targetScore : 0.1 })),
      noSign: accepted ? 0.05 : 0.8,
      method: 'one-shot',
    };
  }
  reset() {
    this.resets++;
  }
  dispose() {}
}

let clock = 0;
const options = { targets: ['hi'], candidates: ['hi', 'coffee', 'thankyou'], leftHanded: false, intervalMs: 1e9, timeoutMs: 5000, now: () => clock };

describe('Attempt', () => {
  beforeEach(() => (clock = 0));

  it('waits for enough frames, then succeeds when a target is accepted', async () => {
    const source = new HandSource();
    const rec = new ScriptedRecognizer([null, 'hi']);
    const attempt = new Attempt(source, rec, options);
    attempt.start();
    expect(rec.resets).toBe(1);
    source.emit(3);
    await attempt.tick();
    expect(rec.calls).toHaveLength(0);
    expect(attempt.status).toBe('watching');
    source.emit(10, 3);
    await attempt.tick();
    expect(attempt.meter).toBeCloseTo(0.4);
    expect(attempt.status).toBe('watching');
    await attempt.tick();
    expect(attempt.status).toBe('success');
    const outcome = await attempt.done;
    expect(outcome).toMatchObject({ success: true, recognised: 'hi' });
    expect(outcome.frames).toHaveLength(13);
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

  it('does not miss on brief readings of another sign, but misses when one holds', async () => {
    const source = new HandSource();
    const held = Array(WRONG_READINGS_FOR_MISS).fill('thankyou');
    const attempt = new Attempt(source, new ScriptedRecognizer(['thankyou', 'thankyou', null, 'coffee', ...held]), options);
    attempt.start();
    source.emit(12);
    for (let i = 0; i < 4 + WRONG_READINGS_FOR_MISS - 1; i++) await attempt.tick();
    expect(attempt.status).toBe('watching');
    await attempt.tick();
    expect(await attempt.done).toMatchObject({ success: false, recognised: 'thankyou' });
  });

  it('a target accepted after misleading readings still succeeds', async () => {
    const source = new HandSource();
    const attempt = new Attempt(source, new ScriptedRecognizer(['thankyou', 'thankyou', 'hi']), options);
    attempt.start();
    source.emit(12);
    for (let i = 0; i < 3; i++) await attempt.tick();
    expect(await attempt.done).toMatchObject({ success: true, recognised: 'hi' });
  });

  it('misses when nothing is accepted before the time runs out', async () => {
    const source = new HandSource();
    const attempt = new Attempt(source, new ScriptedRecognizer([null]), options);
    attempt.start();
    source.emit(12);
    await attempt.tick();
    clock = 6000;
    await attempt.tick();
    const outcome = await attempt.done;
    expect(outcome).toMatchObject({ success: false, recognised: null });
    expect(outcome.frames).toHaveLength(12);
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
    expect((await attempt.done).success).toBe(false);
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
    expect(rec.resets).toBe(1);
    // 60 frames span 1947 ms: readings at 250, 500, ..., 1750 ms and one at the end.
    expect(rec.calls).toHaveLength(Math.floor(frames[59].timestampMs / DEFAULT_INTERVAL_MS) + 1);
    expect(rec.calls.at(-1)!.frames).toHaveLength(60);
    expect(rec.calls[0].frames.at(-1)!.timestampMs).toBeLessThan(DEFAULT_INTERVAL_MS);
  });

  it('ends on the first target accepted, and on a miss when another sign holds', async () => {
    const hit = await judgeRecording(new ScriptedRecognizer([null, 'hi']), recording(60), { targets: ['hi'], candidates: ['hi'], leftHanded: false });
    expect(hit).toMatchObject({ success: true, recognised: 'hi' });
    const rec = new ScriptedRecognizer(['coffee']);
    const miss = await judgeRecording(rec, recording(90), { targets: ['hi'], candidates: ['hi', 'coffee'], leftHanded: false });
    expect(miss).toMatchObject({ success: false, recognised: 'coffee' });
    expect(rec.calls).toHaveLength(WRONG_READINGS_FOR_MISS);
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
    await lesson.attempt!.tick();
    await trying;
    expect(lesson.phase).toBe('result');
    expect(results).toEqual([{ gloss: 'hi', stars: 3, tries: 1 }]);
  });

  /** A Try in which another sign holds until the attempt misses. */
  async function missOnce(lesson: Lesson, source: HandSource): Promise<void> {
    const trying = lesson.startTry();
    await settle();
    source.emit(10);
    for (let i = 0; i < WRONG_READINGS_FOR_MISS; i++) await lesson.attempt!.tick();
    await trying;
  }

  it('a miss close to the example in every part names no part', async () => {
    const source = new HandSource();
    const rec = new ScriptedRecognizer(Array(WRONG_READINGS_FOR_MISS).fill('coffee'));
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
    const rec = new ScriptedRecognizer([...Array(WRONG_READINGS_FOR_MISS).fill('coffee'), 'hi']);
    const { services, compared } = fakeServices([first, second], rec);
    const results: LessonResult[] = [];
    const lesson = new Lesson({ targets: [sign('hi')], menu: false, candidates: [sign('hi'), sign('coffee')], services, leftHanded: () => false, attemptOptions: fast }, (r) => results.push(r));
    await settle();
    await missOnce(lesson, first);
    expect(lesson.phase).toBe('result');
    expect(lesson.miss).toMatchObject({ lookedLike: 'coffee', part: 'handLocation', close: false });
    expect(compared[0]).toHaveLength(10);
    expect(results).toEqual([]);

    const t2 = lesson.startTry();
    await settle();
    second.emit(10);
    await lesson.attempt!.tick();
    await t2;
    expect(results).toEqual([{ gloss: 'hi', stars: 2, tries: 2 }]);
    expect(services.recognizer).toHaveBeenCalledTimes(1);
  });

  it('skip gives 0 stars', async () => {
    const { services } = fakeServices([], new ScriptedRecognizer([null]));
    const results: LessonResult[] = [];
    const lesson = new Lesson({ targets: [sign('hi')], menu: false, candidates: [sign('hi')], services, leftHanded: () => false }, (r) => results.push(r));
    lesson.skip();
    expect(results).toEqual([{ gloss: null, stars: 0, tries: 0 }]);
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
    await lesson.attempt!.tick();
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
        await run.signDone({ gloss, stars: signSteps === 0 ? 1 : 3, tries: 1 });
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

describe('test mode', () => {
  it('reads ?replay= as an ordered list of recordings, and no parameter as camera mode', async () => {
    const { replayParam } = await import('../../src/game/app-services');
    expect(replayParam('?replay=a/x.signrec,%20b/y.signrec,')).toEqual(['a/x.signrec', 'b/y.signrec']);
    expect(replayParam('?replay=')).toEqual([]);
    expect(replayParam('?debug=1')).toBeNull();
  });

  it('queues attempts in order; setNextAttempt jumps the queue', async () => {
    const { AttemptQueue } = await import('../../src/game/app-services');
    const queue = new AttemptQueue(['a', 'b']);
    queue.push('c');
    queue.setNext('wrong');
    expect(queue.active).toBe(true);
    expect(queue.pending()).toEqual(['wrong', 'a', 'b', 'c']);
    expect(new AttemptQueue(null).active).toBe(false);
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
