// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CameraEndedError, createWebcamSource, type CameraTrackState, type FrameGrabber } from '../../src/lib/sources/webcam';
import { createReplaySource } from '../../src/lib/sources/replay';
import { createVideoFileSource, VideoSourceClosedError } from '../../src/lib/sources/video-file';
import type { HolisticLandmarker } from '../../src/lib/holistic/holistic';
import { emptyFrameData } from '../../src/lib/landmarks/frame';
import { FrameListeners } from '../../src/lib/sources/listeners';
import type { FrameSource } from '../../src/lib/sources/types';
import type { SignRecognizer } from '../../src/lib/recognition/types';
import { Attempt } from '../../src/game/attempt.svelte';
import { FakePaintClock } from './fakes/paint-clock';

/** A camera track: an event target with the fields the source reads. */
class FakeTrack extends EventTarget {
  label = 'Front camera';
  readyState: MediaStreamTrackState = 'live';
  muted = false;
  stop = vi.fn(() => (this.readyState = 'ended'));
}

function fakeStream(track = new FakeTrack()): MediaStream {
  return { getTracks: () => [track], getVideoTracks: () => [track] } as unknown as MediaStream;
}

/** A landmarker whose detect() fails on the calls listed in `failOn` (1-based). */
function fakeLandmarker(failOn: number[] = []): HolisticLandmarker & { calls: number } {
  const landmarker = {
    calls: 0,
    modelComplexity: 1 as const,
    setModelComplexity() {},
    async detect(_image: unknown, timestampMs: number) {
      landmarker.calls++;
      if (failOn.includes(landmarker.calls)) throw new Error(`tracker broke on call ${landmarker.calls}`);
      return { timestampMs, data: emptyFrameData() };
    },
    reset() {},
    async close() {},
  };
  return landmarker;
}

let clock: FakePaintClock;
let hidden = false;
/** A picture copied from the camera: which camera frame it shows. */
type FakePicture = HTMLCanvasElement & { cameraFrame: number };
/** The camera's frame on show; tests move it on. */
let cameraFrame = 0;
const grab: FrameGrabber = () => ({ width: 640, height: 480, cameraFrame }) as unknown as FakePicture;

/** A webcam source on the fake clock and camera. */
function webcam(landmarker: HolisticLandmarker, track = new FakeTrack()) {
  return createWebcamSource(fakeStream(track), landmarker, { clock, grab });
}

/** Lets the page run n turns of its event loop (rendering steps, tasks, the detect() calls they start). */
async function nextFrames(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await clock.turn();
}

function setHidden(value: boolean): void {
  hidden = value;
  document.dispatchEvent(new Event('visibilitychange'));
}

beforeEach(() => {
  clock = new FakePaintClock();
  clock.install();
  cameraFrame = 0;
  hidden = false;
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  Object.defineProperty(HTMLMediaElement.prototype, 'readyState', { configurable: true, get: () => HTMLMediaElement.HAVE_ENOUGH_DATA });
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
  vi.spyOn(HTMLMediaElement.prototype, 'load').mockImplementation(() => {});
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('webcam source', () => {
  it('reports a frame the tracker fails on and goes on with the next frames', async () => {
    const landmarker = fakeLandmarker([2]);
    const source = webcam(landmarker);
    const frames: number[] = [];
    const errors: string[] = [];
    source.onFrame((f) => frames.push(f.timestampMs));
    source.onError((e) => errors.push(e.message));
    await source.start();
    await nextFrames(4);
    expect(landmarker.calls).toBe(4);
    expect(errors).toEqual(['tracker broke on call 2']);
    expect(frames).toHaveLength(3);
    source.close();
  });

  it('tracks nothing while the tab is hidden and resumes when it is visible', async () => {
    const landmarker = fakeLandmarker();
    const source = webcam(landmarker);
    await source.start();
    await nextFrames(2);
    expect(landmarker.calls).toBe(2);
    setHidden(true);
    await nextFrames(5);
    expect(landmarker.calls).toBe(2);
    setHidden(false);
    await nextFrames(3);
    expect(landmarker.calls).toBe(5);
    source.close();
  });

  it('reports the camera muted, back, and ended (unplugged or permission withdrawn)', async () => {
    const track = new FakeTrack();
    const source = webcam(fakeLandmarker(), track);
    const states: CameraTrackState[] = [];
    const errors: Error[] = [];
    source.onCameraChange((s) => states.push(s));
    source.onError((e) => errors.push(e));
    await source.start();
    track.dispatchEvent(new Event('mute'));
    expect(source.cameraState).toBe('muted');
    track.dispatchEvent(new Event('unmute'));
    track.dispatchEvent(new Event('ended'));
    track.dispatchEvent(new Event('unmute'));
    expect(states).toEqual(['muted', 'live', 'ended']);
    expect(source.cameraState).toBe('ended');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(CameraEndedError);
    source.close();
    expect(track.stop).toHaveBeenCalled();
  });
});

describe('webcam source, on a page that must keep painting', () => {
  /**
   * A Holistic that holds the main thread for `holdMs` per call (the page's clock moves on,
   * the camera shows 3 new frames meanwhile) and finds in each picture the camera frame it
   * shows (written into the first landmark's x). It records what the page was doing when it
   * was called.
   */
  function slowLandmarker(holdMs = 1300) {
    const calls: { inRenderingStep: boolean; painted: number }[] = [];
    let inFlight = false;
    const landmarker: HolisticLandmarker = {
      modelComplexity: 1,
      setModelComplexity() {},
      async detect(image, timestampMs) {
        if (inFlight) throw new Error('detect() while a frame is in flight');
        inFlight = true;
        calls.push({ inRenderingStep: clock.inRenderingStep, painted: clock.painted });
        clock.now += holdMs;
        cameraFrame += 3;
        const data = emptyFrameData();
        data[0] = (image as FakePicture).cameraFrame;
        await Promise.resolve();
        inFlight = false;
        return { timestampMs, data };
      },
      reset() {},
      async close() {},
    };
    return { landmarker, calls };
  }

  it('hands Holistic a frame only after its last result is back and the page has painted since, never inside a rendering step', async () => {
    const { landmarker, calls } = slowLandmarker();
    const source = webcam(landmarker);
    const paintedAtResult: number[] = [];
    source.onFrame(() => paintedAtResult.push(clock.painted));
    await source.start();
    await nextFrames(12);
    expect(calls.length).toBeGreaterThanOrEqual(5);
    expect(calls.filter((c) => c.inRenderingStep)).toEqual([]);
    // Every call after the first comes after a paint that followed the previous result.
    for (let i = 1; i < calls.length; i++) expect(calls[i].painted).toBeGreaterThan(paintedAtResult[i - 1]);
    source.close();
  });

  it('lets the example figure show a new pose between consecutive tracker frames', async () => {
    const { landmarker } = slowLandmarker();
    const example = Array.from({ length: 60 }, (_, i) => ({ timestampMs: i * 33, data: emptyFrameData() }));
    const figure = createReplaySource(example, { loop: true });
    let pose = -1;
    figure.onFrame((f) => (pose = f.timestampMs));
    const poseAtTrackerFrame: number[] = [];
    const source = webcam(landmarker);
    source.onFrame(() => poseAtTrackerFrame.push(pose));
    await figure.start();
    await source.start();
    await nextFrames(12);
    expect(poseAtTrackerFrame.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < poseAtTrackerFrame.length; i++) expect(poseAtTrackerFrame[i]).not.toBe(poseAtTrackerFrame[i - 1]);
    figure.close();
    source.close();
  });

  it('emits each frame with the very picture its landmarks were found in, not the camera\'s picture by then', async () => {
    const { landmarker } = slowLandmarker();
    const source = webcam(landmarker);
    const seen: { landmarks: number; picture: number | undefined; cameraNow: number }[] = [];
    source.onFrame((frame, { image }) => seen.push({ landmarks: frame.data[0], picture: (image as FakePicture | undefined)?.cameraFrame, cameraNow: cameraFrame }));
    await source.start();
    await nextFrames(8);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    for (const s of seen) {
      expect(s.picture).toBe(s.landmarks);
      // The camera moved on while Holistic ran: its live picture would not match.
      expect(s.cameraNow).not.toBe(s.landmarks);
    }
    source.close();
  });
});

describe('video file source', () => {
  /** The source's own video element, made seekable: each seek ends with 'seeked'. */
  function seekableVideo(durationS: number): void {
    const create = document.createElement.bind(document);
    vi.spyOn(document, 'createElement').mockImplementation((tag: string) => {
      const el = create(tag);
      if (tag !== 'video') return el;
      Object.defineProperty(el, 'duration', { value: durationS });
      Object.defineProperty(el, 'currentTime', { set: () => setTimeout(() => el.dispatchEvent(new Event('seeked'))) });
      return el;
    });
  }

  it('closed mid-run, rejects `finished` with an error naming the file and how far it got', async () => {
    seekableVideo(1);
    const source = createVideoFileSource('clips/hello.mp4', fakeLandmarker(), { fps: 10 });
    let seen = 0;
    source.onFrame(() => {
      if (++seen === 2) source.close();
    });
    await source.start();
    const error = await source.finished.catch((e) => e);
    expect(error).toBeInstanceOf(VideoSourceClosedError);
    expect(error.message).toBe('clips/hello.mp4: closed after 2 of 10 frames, before the whole video was processed');
  });

  it('closed before its metadata arrived, still settles', async () => {
    Object.defineProperty(HTMLMediaElement.prototype, 'readyState', { configurable: true, get: () => HTMLMediaElement.HAVE_NOTHING });
    const source = createVideoFileSource('clips/never.mp4', fakeLandmarker(), { fps: 10 });
    await source.start();
    source.close();
    await expect(source.finished).rejects.toThrow('clips/never.mp4: closed after 0 frames');
  });
});

describe('an attempt while the tab is hidden', () => {
  it('does not run out of time while nothing can be tracked', async () => {
    let clock = 0;
    const listeners = new FrameListeners();
    const source: FrameSource = { kind: 'webcam', onFrame: (l) => listeners.add(l), onError: (l) => listeners.addError(l), start: async () => {}, stop() {}, close() {} };
    const recognizer: SignRecognizer = { glosses: ['hi'], recognize: async () => ({ accepted: null, scores: [], noSign: 1, method: 'one-shot' }), dispose() {} };
    const attempt = new Attempt(source, recognizer, { targets: ['hi'], candidates: ['hi'], leftHanded: false, intervalMs: 1e9, timeoutMs: 5000, now: () => clock });
    attempt.start();
    for (let i = 0; i < 10; i++) listeners.emit({ timestampMs: i * 33, data: emptyFrameData() }, { holisticMs: 0 });
    clock = 1000;
    setHidden(true);
    clock = 60_000;
    await attempt.tick();
    setHidden(false);
    clock = 61_000;
    await attempt.tick();
    expect(attempt.state.status).toBe('watching');
    clock = 65_000;
    await attempt.tick();
    expect(attempt.state.status).toBe('miss');
  });
});
