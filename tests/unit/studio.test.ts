/**
 * The sign studio: takes trimmed to the signing and refused with a reason, the state
 * machine driven with a fake camera and fake timers, and signs taught through the studio
 * from some GISLR signers recognised, with no retraining, for signers the studio never saw.
 */
import 'fake-indexeddb/auto';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyFrameData, type LandmarkFrame } from '../../src/lib/landmarks/frame';
import { LEFT_HAND, POSE, POSE_LANDMARK, RIGHT_HAND, VALUES_PER_LANDMARK } from '../../src/lib/landmarks/layout';
import { autoTrim, handRaised, MIN_TAKE_FRAMES, takeRefusal } from '../../src/lib/recording/trim';
import { LocalPackStore } from '../../src/lib/packs/local-store';
import { withLocalSigns } from '../../src/lib/packs/glossary';
import { FrameListeners } from '../../src/lib/sources/listeners';
import { SignStudio, COUNTDOWN_SECONDS, SUGGESTED_TAKES, TAKE_SECONDS, type StudioDeps } from '../../src/studio/studio.svelte';
import { ReferenceLibrary } from '../../src/game/app-services';
import { judgeRecording } from '../../src/lib/attempt/rule';
import { inCameraStream } from '../../training/model/play';
import { createRecognizer } from '../../src/lib/recognition/recognizer';
import { readGislrInt16Pack } from '../../training/data/gislr-pack';
import { GISLR_SUBSET_DIR } from '../../training/shared-data';
import { HELD_OUT_SIGNERS } from '../../training/model/dataset';
import type { Glossary, SignInfo } from '../../src/lib/scenes/types';

/** A frame at `ms` with the body standing (shoulders 0.5, hips 1.0) and the right hand at height `handY`, or no hand. */
function frame(ms: number, handY: number | null): LandmarkFrame {
  const data = emptyFrameData();
  const setY = (index: number, y: number) => {
    data[index * VALUES_PER_LANDMARK] = 0.5;
    data[index * VALUES_PER_LANDMARK + 1] = y;
  };
  setY(POSE.start + POSE_LANDMARK.leftShoulder, 0.5);
  setY(POSE.start + POSE_LANDMARK.rightShoulder, 0.5);
  setY(POSE.start + POSE_LANDMARK.leftHip, 1.0);
  setY(POSE.start + POSE_LANDMARK.rightHip, 1.0);
  if (handY !== null) for (let k = 0; k < 21; k++) setY(RIGHT_HAND.start + k, handY);
  return { timestampMs: ms, data };
}

/** Frames at 30 fps from a list of hand heights (null: no hand). */
const take = (heights: (number | null)[]) => heights.map((y, i) => frame(i * 33.3, y));
const repeat = <T>(n: number, v: T): T[] => Array(n).fill(v);

describe('trimming a take to the signing', () => {
  it('cuts from the hands rising to the hands lowered, with a little kept each side', () => {
    // 1 s resting out of view, 0.3 s rising with the hand low (below the rest line), 1 s signing, 0.5 s resting in the lap.
    const frames = take([...repeat(30, null), ...repeat(9, 0.95), ...repeat(30, 0.6), ...repeat(15, 0.92)]);
    const trim = autoTrim(frames)!;
    expect(trim.start).toBe(39 - 3); // 100 ms before the first raised frame
    expect(trim.end).toBe(69 + 3);
    expect(handRaised(frames[40])).toBe(true);
    expect(handRaised(frames[75])).toBe(false);
  });

  it('bridges a short tracking drop-out but not a pause between two signings, keeping the longer', () => {
    const dropout = take([...repeat(10, 0.6), ...repeat(5, null), ...repeat(10, 0.6)]);
    expect(autoTrim(dropout)).toEqual({ start: 0, end: 25 });
    // A false start (0.3 s), a 1 s pause, then the sign (1 s).
    const twice = take([...repeat(9, 0.6), ...repeat(30, null), ...repeat(30, 0.6)]);
    expect(autoTrim(twice)).toEqual({ start: 39 - 3, end: 69 });
  });

  it('finds nothing to trim in a take without a raised hand, and counts a hand seen without a body as raised', () => {
    expect(autoTrim(take(repeat(20, null)))).toBeNull();
    expect(autoTrim(take(repeat(20, 0.95)))).toBeNull();
    const noBody = frame(0, null);
    for (let k = 0; k < 21; k++) noBody.data.set([0.4, 0.95], (LEFT_HAND.start + k) * VALUES_PER_LANDMARK);
    noBody.data.fill(NaN, POSE.start * VALUES_PER_LANDMARK, (POSE.start + POSE.count) * VALUES_PER_LANDMARK);
    expect(handRaised(noBody)).toBe(true);
  });

  it('refuses a take with a hand in under half its frames, or too short, or without hands, saying why', () => {
    expect(takeRefusal(take([...repeat(9, 0.6), ...repeat(11, null)]))).toEqual({ reason: 'few-hands', handFrames: 9, frames: 20 });
    expect(takeRefusal(take([...repeat(10, 0.6), ...repeat(10, null)]))).toBeNull();
    expect(takeRefusal(take(repeat(MIN_TAKE_FRAMES - 1, 0.6)))).toEqual({ reason: 'too-short', frames: MIN_TAKE_FRAMES - 1, min: MIN_TAKE_FRAMES });
    expect(takeRefusal(take(repeat(20, null)))).toEqual({ reason: 'no-hands' });
  });
});

/** A camera that emits the frames the test gives it. */
class FakeCamera extends FrameListeners {
  readonly kind = 'webcam' as const;
  readonly video = {} as HTMLVideoElement;
  closed = false;
  onFrame = (l: Parameters<FrameListeners['add']>[0]) => this.add(l);
  onError = () => () => {};
  async start() {}
  stop() {}
  close() {
    this.closed = true;
  }
}

/** Timers run by hand: `run()` fires the pending one. */
class ManualTimers {
  pending: { fn: () => void; ms: number } | null = null;
  setTimeout = (fn: () => void, ms: number) => (this.pending = { fn, ms });
  clearTimeout = () => (this.pending = null);
  run(): number {
    const p = this.pending!;
    this.pending = null;
    p.fn();
    return p.ms;
  }
}

let dbCount = 0;
const sign = (gloss: string, pack = 'rth-signs'): SignInfo => ({ gloss, name: { en: gloss.toUpperCase(), ja: gloss }, description: { en: 'd', ja: 'd' }, reference: { pack } });
const GLOSSARY: Glossary = { coffee: sign('coffee'), hello: sign('hello', 'gislr-hello-thankyou') };

async function makeStudio(glossary: Glossary = GLOSSARY) {
  const store = await LocalPackStore.open(`studio-test-${++dbCount}`);
  const camera = new FakeCamera();
  const timers = new ManualTimers();
  const deps: StudioDeps = {
    glossary,
    store,
    openCamera: async () => camera,
    trackVideo: async () => ({ frames: take([...repeat(10, null), ...repeat(20, 0.6), ...repeat(10, null)]), fps: 30 }),
    example: async () => take(repeat(5, 0.6)),
    setTimeout: timers.setTimeout,
    clearTimeout: timers.clearTimeout,
  };
  return { studio: new SignStudio(deps), store, camera, timers };
}

describe('the studio state machine', () => {
  it('records a webcam take after a countdown, trims it, and saves the good takes into a local pack', async () => {
    const { studio, store, camera, timers } = await makeStudio();
    studio.pick(GLOSSARY.coffee);
    expect(studio.state).toEqual({ kind: 'takes' });
    await studio.recordTake();
    expect(studio.state).toEqual({ kind: 'countdown', secondsLeft: COUNTDOWN_SECONDS });
    camera.emit(frame(0, 0.6), { holisticMs: 0 });
    expect(studio.handsInView).toBe(true);
    for (let s = COUNTDOWN_SECONDS; s > 0; s--) expect(timers.run()).toBe(1000);
    expect(studio.state).toEqual({ kind: 'recording', frames: 0 });
    [...repeat(15, null), ...repeat(30, 0.6), ...repeat(15, null)].forEach((y, i) => camera.emit(frame(5000 + i * 33.3, y), { holisticMs: 0 }));
    expect(studio.state).toEqual({ kind: 'recording', frames: 60 });
    expect(timers.run()).toBe(TAKE_SECONDS * 1000);
    expect(studio.takes).toHaveLength(1);
    expect(studio.takes[0].frames[0].timestampMs).toBe(0);
    expect(studio.takes[0].trim).toEqual({ start: 12, end: 48 });
    expect(studio.refusal(studio.takes[0])).toBeNull();

    // A take refused (the hand mostly out of view), then a video take.
    studio.addTake(take([...repeat(3, 0.6), ...repeat(2, null), ...repeat(3, 0.6), ...repeat(20, null)]).map((f, i) => (i > 8 ? frame(f.timestampMs + 900, null) : f)), 30, 'webcam');
    studio.setTrim(studio.takes[1].id, 0, 28);
    expect(studio.refusal(studio.takes[1])).toMatchObject({ reason: 'few-hands' });
    await studio.addVideo(new File([], 'coffee-teacher.mp4'));
    expect(studio.goodTakes).toHaveLength(2);

    studio.attribution = 'Signed by a test teacher';
    await studio.save();
    expect(studio.state).toEqual({ kind: 'saved', pack: 'my-class', takes: 2 });
    expect(camera.closed).toBe(true);
    const saved = store.get('my-class')!;
    expect(saved.index.recordings.map((r) => [r.file, r.gloss])).toEqual([['coffee-1.signrec', 'coffee'], ['coffee-2.signrec', 'coffee']]);
    expect(saved.recordings[1].recording.meta).toMatchObject({ source: 'sign studio, video file coffee-teacher.mp4', license: 'CC-BY-4.0', attribution: 'Signed by a test teacher', signerId: 'teacher-1' });
    expect(saved.recordings[0].recording.frames).toHaveLength(36);
    expect(saved.signs).toEqual([]);
  });

  it('adds to a stored pack without replacing its recordings, and refuses a shipped pack name', async () => {
    const { studio, store } = await makeStudio();
    studio.attribution = 'A';
    for (const n of [1, 2]) {
      studio.pick(GLOSSARY.coffee);
      await studio.addVideo(new File([], `take-${n}.mp4`));
      await studio.save();
      studio.back();
    }
    expect(store.get('my-class')!.recordings.map((r) => r.file)).toEqual(['coffee-1.signrec', 'coffee-2.signrec']);
    studio.pick(GLOSSARY.coffee);
    await studio.addVideo(new File([], 'take.mp4'));
    studio.packName = 'rth-signs';
    await studio.save();
    expect(studio.state).toEqual({ kind: 'takes' });
    expect(studio.problem).toMatch(/"rth-signs" is the name of a pack the game ships/);
  });

  it('checks a new sign (every UI language, ISO 639-3, an unused gloss) before its takes', async () => {
    const { studio, store } = await makeStudio();
    studio.startNewSign();
    studio.draft.gloss = 'Coffee';
    studio.draft.name.en = 'COFFEE';
    studio.draft.language = 'asl1';
    studio.defineSign();
    expect(studio.state.kind).toBe('define');
    const problems = studio.state.kind === 'define' ? studio.state.problems.join('\n') : '';
    expect(problems).toMatch(/name\.ja: must not be empty/);
    expect(problems).toMatch(/language: must be an ISO 639-3 code/);
    expect(problems).toMatch(/gloss: "coffee" is already a sign/);
    Object.assign(studio.draft, { gloss: 'wave', name: { en: 'WAVE', ja: '手を振る' }, description: { en: 'Open hand, wave.', ja: '手を開いて振ります。' }, language: 'bfi', hands: 1 });
    studio.defineSign();
    expect(studio.state).toEqual({ kind: 'takes' });
    await studio.addVideo(new File([], 'wave.mp4'));
    studio.attribution = 'A';
    await studio.save();
    expect(store.get('my-class')!.signs).toEqual([{ gloss: 'wave', name: { en: 'WAVE', ja: '手を振る' }, description: { en: 'Open hand, wave.', ja: '手を開いて振ります。' }, language: 'bfi', hands: 1 }]);
    expect(store.get('my-class')!.recordings[0].recording.meta.language).toBe('bfi');
    expect(studio.signs.map((s) => s.gloss)).toEqual(['coffee', 'hello', 'wave']);
  });
});

/**
 * Teaching from real signers: each sign taught with one take from each of a few GISLR
 * signers (through the studio: trim, refusal, save, local pack), then recognised by the
 * game's attempt rule, with the references read through ReferenceLibrary from the store,
 * for the held-out signers.
 */
describe.runIf(existsSync(GISLR_SUBSET_DIR))('signs taught in the studio from GISLR signers, recognised for other signers', () => {
  const TEACHERS = ['4718', '18796', '22343'];
  const sequences = existsSync(GISLR_SUBSET_DIR) ? readGislrInt16Pack(GISLR_SUBSET_DIR) : [];
  /** A teacher's takes of a sign: the first three they recorded (as the studio suggests), good or bad; the studio refuses the bad ones. */
  const takesOf = (signer: string, gloss: string) => sequences.filter((s) => s.participantId === signer && s.sign === gloss).sort((a, b) => a.sequenceId.localeCompare(b.sequenceId)).slice(0, SUGGESTED_TAKES);

  it('credits most held-out attempts with no retraining, and reads the references from the local pack', async () => {
    // The glossary of this test does not know hello or thank you: the studio defines them.
    const { studio, store } = await makeStudio({ coffee: sign('coffee') });
    studio.attribution = 'Isolated Sign Language Recognition Corpus v1.0 (GISLR), CC BY 4.0';
    let refused = 0;
    for (const gloss of ['hello', 'thankyou']) {
      studio.startNewSign();
      Object.assign(studio.draft, { gloss, name: { en: gloss.toUpperCase(), ja: gloss }, description: { en: `the sign ${gloss}`, ja: `手話 ${gloss}` }, language: 'ase', hands: 1 });
      studio.defineSign();
      for (const signer of TEACHERS) for (const s of takesOf(signer, gloss)) studio.addTake(s.frames, 30, `gislr ${s.participantId}/${s.sequenceId}`);
      refused += studio.takes.length - studio.goodTakes.length;
      await studio.save();
      studio.back();
    }
    const pack = store.get('my-class')!;
    expect(pack.recordings.length + refused).toBe(2 * TEACHERS.length * SUGGESTED_TAKES);

    const glossary = withLocalSigns({ coffee: sign('coffee') }, store.packs);
    const library = new ReferenceLibrary(Promise.resolve(store));
    const references = (await Promise.all(['hello', 'thankyou'].map(async (g) => (await library.allFrames(glossary[g])).map((frames) => ({ gloss: g, frames }))))).flat();
    expect(references).toHaveLength(pack.recordings.length);
    const recognizer = await createRecognizer({ references });

    const attempts = sequences.filter((s) => HELD_OUT_SIGNERS.includes(s.participantId) && !TEACHERS.includes(s.participantId));
    let credited = 0;
    for (const s of attempts) {
      const outcome = await judgeRecording(recognizer, inCameraStream(s.frames), { targets: [s.sign], candidates: ['hello', 'thankyou'], leftHanded: false });
      if (outcome.success) credited++;
    }
    console.log(`studio-taught hello/thankyou from ${TEACHERS.length} GISLR signers (${pack.recordings.length} takes kept, ${refused} refused): ${credited} of ${attempts.length} held-out attempts credited`);
    expect(attempts.length).toBeGreaterThan(100);
    // Measured: 180 of 220 (81.8 %) with the game's matcher and attempt rule; the recogniser has no other source of these signs.
    expect(credited / attempts.length).toBeGreaterThanOrEqual(0.75);
  }, 240_000);
});
