import { describe, expect, it, vi } from 'vitest';
import { CameraError, classifyCameraError, openCamera, type CameraEnvironment } from '../../src/lib/camera/camera';
import { AppShell, type ShellDeps } from '../../src/app/app.svelte';
import type { HolisticLandmarker } from '../../src/lib/holistic/holistic';
import type { CameraTrackState, WebcamSource } from '../../src/lib/sources/webcam';
import type { ErrorListener, FrameListener } from '../../src/lib/sources/types';
import { FPS_SETTLE_FRAMES, SLOW_FRAMES_BEFORE_LITE_MODEL } from '../../src/app/tracking-stats';
import { emptyFrameData } from '../../src/lib/landmarks/frame';

const domError = (name: string) => Object.assign(new Error(name), { name });

function fakeStream(): MediaStream {
  const track = { stop: vi.fn(), getSettings: () => ({ deviceId: 'cam-1' }) };
  return { getTracks: () => [track], getVideoTracks: () => [track] } as unknown as MediaStream;
}

function env(getUserMedia: () => Promise<MediaStream>, secure = true): CameraEnvironment {
  return {
    isSecureContext: secure,
    mediaDevices: {
      getUserMedia,
      enumerateDevices: async () => [
        { kind: 'videoinput', deviceId: 'cam-1', label: 'Front' } as MediaDeviceInfo,
        { kind: 'videoinput', deviceId: 'cam-2', label: '' } as MediaDeviceInfo,
        { kind: 'audioinput', deviceId: 'mic', label: 'Mic' } as MediaDeviceInfo,
      ],
    },
  };
}

describe('classifyCameraError', () => {
  it.each([
    ['NotAllowedError', 'permission-denied'],
    ['SecurityError', 'permission-denied'],
    ['NotFoundError', 'no-camera'],
    ['OverconstrainedError', 'no-camera'],
    ['NotReadableError', 'camera-busy'],
    ['AbortError', 'camera-busy'],
    ['TypeError', 'unknown'],
  ])('%s -> %s', (name, problem) => {
    expect(classifyCameraError(domError(name))).toBe(problem);
  });
});

describe('openCamera', () => {
  it('refuses an insecure page before asking the browser', async () => {
    const getUserMedia = vi.fn();
    await expect(openCamera(env(getUserMedia, false))).rejects.toMatchObject({ problem: 'insecure-context' });
    expect(getUserMedia).not.toHaveBeenCalled();
  });

  it('reports a browser without the camera API', async () => {
    await expect(openCamera({ isSecureContext: true })).rejects.toMatchObject({ problem: 'unsupported' });
  });

  it('wraps a denial in a CameraError', async () => {
    const err = await openCamera(env(() => Promise.reject(domError('NotAllowedError')))).catch((e) => e);
    expect(err).toBeInstanceOf(CameraError);
    expect(err.problem).toBe('permission-denied');
  });
});

/** A live source the test drives: frames, tracker errors and camera changes by hand. */
class FakeSource implements WebcamSource {
  readonly kind = 'webcam' as const;
  readonly video = {} as HTMLVideoElement;
  cameraState: CameraTrackState = 'live';
  private frames = new Set<FrameListener>();
  private errors = new Set<ErrorListener>();
  private cameraListeners = new Set<(s: CameraTrackState) => void>();
  stop = vi.fn();
  close = vi.fn();
  onFrame(l: FrameListener) {
    this.frames.add(l);
    return () => this.frames.delete(l);
  }
  onError(l: ErrorListener) {
    this.errors.add(l);
    return () => this.errors.delete(l);
  }
  onCameraChange(l: (s: CameraTrackState) => void) {
    this.cameraListeners.add(l);
    return () => this.cameraListeners.delete(l);
  }
  async start() {
    this.frame(0);
  }
  frame(timestampMs: number, holisticMs = 12) {
    for (const l of this.frames) l({ timestampMs, data: emptyFrameData() }, { holisticMs });
  }
  fail(error: Error) {
    for (const l of this.errors) l(error);
  }
  setCamera(state: CameraTrackState) {
    this.cameraState = state;
    for (const l of this.cameraListeners) l(state);
  }
}

const fakeSource = () => new FakeSource();

function fakeLandmarker(): HolisticLandmarker {
  let complexity: 0 | 1 = 1;
  return {
    get modelComplexity() {
      return complexity;
    },
    setModelComplexity: vi.fn((c: 0 | 1) => (complexity = c)),
    detect: vi.fn(),
    reset() {},
    async close() {},
  };
}

function deps(overrides: Partial<ShellDeps>): ShellDeps {
  return {
    env: env(async () => fakeStream()),
    loadLandmarker: async () => fakeLandmarker(),
    createSource: () => fakeSource(),
    chooseBackend: async () => 'webgl',
    ...overrides,
  };
}

describe('AppShell screens', () => {
  it('start -> explanation -> live camera, with the backend named', async () => {
    const shell = new AppShell(deps({}), false);
    expect(shell.screen).toBe('start');
    shell.begin();
    expect(shell.screen).toBe('camera-explain');
    await shell.startCamera();
    expect(shell.screen).toBe('play');
    expect(shell.cameras.map((c) => c.label)).toEqual(['Front', 'Camera 2']);
    expect(shell.stats.holisticMs).toBe(12);
    await vi.waitFor(() => expect(shell.backendName).toBe('webgl'));
  });

  it('a denied camera shows its own screen, and retry recovers', async () => {
    let allow = false;
    const shell = new AppShell(deps({ env: env(async () => (allow ? fakeStream() : Promise.reject(domError('NotAllowedError')))) }), false);
    await shell.startCamera();
    expect(shell.screen).toBe('problem');
    expect(shell.problem).toBe('permission-denied');
    allow = true;
    await shell.startCamera();
    expect(shell.screen).toBe('play');
    expect(shell.problem).toBeNull();
  });

  it('a busy camera and a tracker that fails to load each get their screen, and the camera is released', async () => {
    const busy = new AppShell(deps({ env: env(() => Promise.reject(domError('NotReadableError'))) }), false);
    await busy.startCamera();
    expect(busy.problem).toBe('camera-busy');

    const stream = fakeStream();
    const noTracker = new AppShell(deps({ env: env(async () => stream), loadLandmarker: () => Promise.reject(new Error('404')) }), false);
    await noTracker.startCamera();
    expect(noTracker.problem).toBe('tracker');
    expect(stream.getTracks()[0].stop).toHaveBeenCalled();
  });

  it('a returning learner whose camera is still granted goes straight to play; a first visit, prompt, denied or no API stay on start', async () => {
    const withPermission = (query: Permissions['query']) => ({ ...env(async () => fakeStream()), permissions: { query } });
    const granted = withPermission(async () => ({ state: 'granted' }) as PermissionStatus);
    const storage = new Map<string, string>();
    const memory = { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) };
    // First visit: granted (a browser flag, an earlier site visit) but never turned on here: the start screen.
    const first = new AppShell(deps({ env: granted, storage: memory }), false);
    await first.resume();
    expect(first.screen).toBe('start');
    await first.startCamera();
    expect(first.screen).toBe('play');
    const returning = new AppShell(deps({ env: granted, storage: memory }), false);
    await returning.resume();
    expect(returning.screen).toBe('play');
    for (const state of ['prompt', 'denied'] as const) {
      const shell = new AppShell(deps({ env: withPermission(async () => ({ state }) as PermissionStatus), storage: memory }), false);
      await shell.resume();
      expect(shell.screen).toBe('start');
    }
    // Firefox: 'camera' is not a permission name it knows.
    const unknownName = new AppShell(deps({ env: withPermission(() => Promise.reject(new TypeError("'camera' is not a valid PermissionName"))), storage: memory }), false);
    await unknownName.resume();
    expect(unknownName.screen).toBe('start');
    const noApi = new AppShell(deps({ storage: memory }), false);
    await noApi.resume();
    expect(noApi.screen).toBe('start');
    // Storage blocked: nothing remembered, nothing thrown.
    const blocked = { getItem: () => { throw new Error('SecurityError'); }, setItem: () => { throw new Error('SecurityError'); } };
    const noStorage = new AppShell(deps({ env: granted, storage: blocked }), false);
    await noStorage.resume();
    expect(noStorage.screen).toBe('start');
    await noStorage.startCamera();
    expect(noStorage.screen).toBe('play');
  });

  it('browsing without a camera has its own screen, and the camera can come on from it', async () => {
    const shell = new AppShell(deps({}), false);
    shell.browse();
    expect(shell.screen).toBe('browse');
    expect(shell.source).toBeNull();
    await shell.startCamera();
    expect(shell.screen).toBe('play');
  });

  it('reset closes the live source and returns to the start', async () => {
    const source = fakeSource();
    const shell = new AppShell(deps({ createSource: () => source }), false);
    await shell.startCamera();
    shell.reset();
    expect(shell.screen).toBe('start');
    expect(source.close).toHaveBeenCalled();
  });
});

describe('AppShell faults while playing', () => {
  it('a second start while one is under way joins it: one stream, one source', async () => {
    const getUserMedia = vi.fn(async () => fakeStream());
    const createSource = vi.fn(() => fakeSource());
    const shell = new AppShell(deps({ env: env(getUserMedia), createSource }), false);
    await Promise.all([shell.startCamera(), shell.startCamera()]);
    expect(getUserMedia).toHaveBeenCalledTimes(1);
    expect(createSource).toHaveBeenCalledTimes(1);
    expect(shell.screen).toBe('play');
  });

  it('a frame the tracker fails on is shown and cleared by the next good frame; the game stays', async () => {
    const source = fakeSource();
    const shell = new AppShell(deps({ createSource: () => source }), false);
    await shell.startCamera();
    source.fail(new Error('Holistic returned no result for the frame at 40 ms.'));
    expect(shell.trackerError).toMatch(/no result/);
    expect(shell.screen).toBe('play');
    source.frame(80);
    expect(shell.trackerError).toBeNull();
  });

  it('the camera unplugged mid-lesson: the game stays, says so, and reopens the camera when a device appears', async () => {
    const devices = new EventTarget();
    let plugged = true;
    const getUserMedia = vi.fn(async () => (plugged ? fakeStream() : Promise.reject(domError('NotFoundError'))));
    const base = env(getUserMedia);
    const mediaDevices = Object.assign(devices, base.mediaDevices);
    const sources: FakeSource[] = [];
    const shell = new AppShell(deps({ env: { isSecureContext: true, mediaDevices }, createSource: () => (sources.push(fakeSource()), sources.at(-1)!) }), false);
    await shell.startCamera();
    plugged = false;
    sources[0].setCamera('ended');
    expect(shell.screen).toBe('play');
    expect(shell.source).toBeNull();
    expect(shell.camera).toMatchObject({ status: 'lost', detail: expect.stringMatching(/unplugged/) });
    expect(sources[0].close).toHaveBeenCalled();
    // Another device changes, still no camera: still lost, still playing.
    devices.dispatchEvent(new Event('devicechange'));
    await vi.waitFor(() => expect(getUserMedia).toHaveBeenCalledTimes(3));
    await vi.waitFor(() => expect(shell.camera.status).toBe('lost'));
    expect(shell.screen).toBe('play');
    plugged = true;
    devices.dispatchEvent(new Event('devicechange'));
    await vi.waitFor(() => expect(shell.camera.status).toBe('live'));
    expect(shell.source).toBe(sources[1]);
    expect(shell.screen).toBe('play');
  });

  it('the camera permission withdrawn mid-lesson: reopened when it is granted again', async () => {
    let granted = true;
    const getUserMedia = vi.fn(async () => (granted ? fakeStream() : Promise.reject(domError('NotAllowedError'))));
    const status = new EventTarget();
    const sources: FakeSource[] = [];
    const permissions = { query: vi.fn(async () => status as PermissionStatus) };
    const shell = new AppShell(deps({ env: { ...env(getUserMedia), permissions }, createSource: () => (sources.push(fakeSource()), sources.at(-1)!) }), false);
    await shell.startCamera();
    granted = false;
    sources[0].setCamera('ended');
    expect(shell.camera.status).toBe('lost');
    await vi.waitFor(() => expect(permissions.query).toHaveBeenCalledWith({ name: 'camera' }));
    granted = true;
    // Let the query's answer attach the listener.
    await new Promise((r) => setTimeout(r, 0));
    status.dispatchEvent(new Event('change'));
    await vi.waitFor(() => expect(shell.camera.status).toBe('live'));
    expect(shell.source).toBe(sources[1]);
    // Back to live: the permission is no longer watched.
    status.dispatchEvent(new Event('change'));
    await new Promise((r) => setTimeout(r, 0));
    expect(getUserMedia).toHaveBeenCalledTimes(2);
  });

  it('a muted camera is said, and its return too', async () => {
    const source = fakeSource();
    const shell = new AppShell(deps({ createSource: () => source }), false);
    await shell.startCamera();
    source.setCamera('muted');
    expect(shell.camera.status).toBe('muted');
    source.setCamera('live');
    expect(shell.camera.status).toBe('live');
  });

  it('tracking that stays too slow switches Holistic to the lite pose model, once, and says so', async () => {
    const source = fakeSource();
    const landmarker = fakeLandmarker();
    const shell = new AppShell(deps({ createSource: () => source, loadLandmarker: async () => landmarker }), false);
    await shell.startCamera();
    // 5 frames a second: under MIN_GOOD_FPS.
    let t = 0;
    const slowFrames = (n: number) => {
      for (let i = 0; i < n; i++) source.frame((t += 200));
    };
    // The start() frame, then frames up to the settled average (the first judged slow), then the rest of the slow run but one.
    slowFrames(FPS_SETTLE_FRAMES - 2 + SLOW_FRAMES_BEFORE_LITE_MODEL - 1);
    expect(landmarker.setModelComplexity).not.toHaveBeenCalled();
    slowFrames(1);
    expect(landmarker.setModelComplexity).toHaveBeenCalledWith(0);
    expect(shell.liteModelAtFps).toBeCloseTo(5, 0);
    slowFrames(3 * (FPS_SETTLE_FRAMES + SLOW_FRAMES_BEFORE_LITE_MODEL));
    expect(landmarker.setModelComplexity).toHaveBeenCalledTimes(1);
  });

  it('a brief slow patch does not change the model', async () => {
    const source = fakeSource();
    const landmarker = fakeLandmarker();
    const shell = new AppShell(deps({ createSource: () => source, loadLandmarker: async () => landmarker }), false);
    await shell.startCamera();
    let t = 0;
    for (let round = 0; round < 4; round++) {
      // Slow patches one frame short of the switch (the first also holds the settling frames).
      for (let i = 0; i < (round ? 0 : FPS_SETTLE_FRAMES - 2) + SLOW_FRAMES_BEFORE_LITE_MODEL - 1; i++) source.frame((t += 200));
      for (let i = 0; i < 40; i++) source.frame((t += 30));
    }
    expect(landmarker.setModelComplexity).not.toHaveBeenCalled();
    expect(shell.liteModelAtFps).toBeNull();
  });

  it('a lost WebGL context: the backend shown changes, and the learner is told', async () => {
    let fallback!: (lost: string, next: string | null) => void;
    const shell = new AppShell(deps({ chooseBackend: async (onFallback) => ((fallback = onFallback), 'webgl') }), false);
    await shell.startCamera();
    await vi.waitFor(() => expect(shell.backendName).toBe('webgl'));
    fallback('webgl', 'wasm');
    expect(shell.backendName).toBe('wasm');
    expect(shell.backendFallback).toEqual({ lost: 'webgl', next: 'wasm' });
  });
});
