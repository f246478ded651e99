// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CameraEndedError, createWebcamSource, type CameraTrackState } from '../../src/lib/sources/webcam';
import { createVideoFileSource, VideoSourceClosedError } from '../../src/lib/sources/video-file';
import type { HolisticLandmarker } from '../../src/lib/holistic/holistic';
import { emptyFrameData } from '../../src/lib/landmarks/frame';
import { FrameListeners } from '../../src/lib/sources/listeners';
import type { FrameSource } from '../../src/lib/sources/types';
import type { SignRecognizer } from '../../src/lib/recognition/types';
import { Attempt } from '../../src/game/attempt.svelte';

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

let frameCallbacks: FrameRequestCallback[] = [];
let hidden = false;

/** Runs the pending animation frames and lets the detect() calls they start settle. */
async function nextFrames(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const due = frameCallbacks;
    frameCallbacks = [];
    due.forEach((cb) => cb(performance.now()));
    await new Promise((r) => setTimeout(r, 0));
  }
}

function setHidden(value: boolean): void {
  hidden = value;
  document.dispatchEvent(new Event('visibilitychange'));
}

beforeEach(() => {
  frameCallbacks = [];
  hidden = false;
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frameCallbacks.push(cb));
  vi.stubGlobal('cancelAnimationFrame', () => (frameCallbacks = []));
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
    const source = createWebcamSource(fakeStream(), landmarker);
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
    const source = createWebcamSource(fakeStream(), landmarker);
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
    const source = createWebcamSource(fakeStream(track), fakeLandmarker());
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
    const recognizer: SignRecognizer = { glosses: ['hi'], recognize: async () => ({ accepted: null, scores: [], noSign: 1, method: 'one-shot' }), reset() {}, dispose() {} };
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
