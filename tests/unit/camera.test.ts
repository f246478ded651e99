import { describe, expect, it, vi } from 'vitest';
import { CameraError, classifyCameraError, openCamera, type CameraEnvironment } from '../../src/lib/camera/camera';
import { AppShell, type ShellDeps } from '../../src/app/app.svelte';
import type { HolisticLandmarker } from '../../src/lib/holistic/holistic';
import type { WebcamSource } from '../../src/lib/sources/webcam';
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

function fakeSource(): WebcamSource {
  let listener: Parameters<WebcamSource['onFrame']>[0] | null = null;
  return {
    kind: 'webcam',
    video: {} as HTMLVideoElement,
    onFrame: (l) => ((listener = l), () => (listener = null)),
    start: async () => listener?.({ timestampMs: 0, data: emptyFrameData() }, { holisticMs: 12 }),
    stop: vi.fn(),
    close: vi.fn(),
  };
}

function deps(overrides: Partial<ShellDeps>): ShellDeps {
  return {
    env: env(async () => fakeStream()),
    loadLandmarker: async () => ({}) as HolisticLandmarker,
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
