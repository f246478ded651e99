/**
 * The app shell's state: which screen shows, the camera and Holistic lifecycle, the
 * tfjs backend, live tracking stats. Heavy libraries load only when the camera opens.
 * Faults while playing keep the game on screen: a frame the tracker fails on, the camera
 * stopping (it reopens by itself when a camera appears), a lost GPU (another
 * backend takes over), tracking too slow (Holistic's lite pose model takes over).
 */
import { CameraError, cameraPermission, listCameras, openCamera, stopStream, type CameraChoice, type CameraEnvironment, type CameraProblem } from '../lib/camera/camera';
import { asError } from '../lib/as-error';
import type { HolisticLandmarker } from '../lib/holistic/holistic';
import { CameraEndedError, type WebcamSource } from '../lib/sources/webcam';
import { EMPTY_STATS, SLOW_FRAMES_BEFORE_LITE_MODEL, TrackingStatsMeter, trackingTooSlow, type TrackingStats } from './tracking-stats';

/** `browse`: the game without a camera (watch and read every sign; the camera can come on later). */
export type Screen = 'start' | 'camera-explain' | 'camera-starting' | 'play' | 'problem' | 'video-recording' | 'browse' | 'studio' | 'settings';
/** Camera problems plus the tracker failing to load. */
export type ShellProblem = CameraProblem | 'tracker';

/** The live camera while playing. */
export type LiveCamera =
  | { status: 'off' }
  | { status: 'live' }
  /** The system or the hardware holds the frames back (a privacy switch, another app); it may come back. */
  | { status: 'muted' }
  /** The camera stopped (unplugged, permission withdrawn); `detail` says why it has not reopened. */
  | { status: 'lost'; detail: string };

export interface ShellDeps {
  env: CameraEnvironment;
  loadLandmarker: (onProgress: (fraction: number) => void) => Promise<HolisticLandmarker>;
  createSource: (stream: MediaStream, landmarker: HolisticLandmarker) => WebcamSource;
  /** Picks the TF.js backend; onFallback reports a later switch (the GPU lost) and the backend now in use (null: none). */
  chooseBackend: (onFallback: (lost: string, next: string | null) => void) => Promise<string>;
  /** Where the shell remembers that the camera was turned on here before (localStorage); nothing is remembered without it. */
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
}

/** Set once the camera has run on this site, so a later visit may skip the explanation. */
const CAMERA_USED_KEY = 'signquest.cameraUsed';

export class AppShell {
  screen = $state<Screen>('start');
  problem = $state<ShellProblem | null>(null);
  problemDetail = $state('');
  trackerProgress = $state(0);
  waitingForFirstFrame = $state(false);
  cameras = $state<CameraChoice[]>([]);
  cameraId = $state<string | undefined>(undefined);
  source = $state.raw<WebcamSource | null>(null);
  stats = $state<TrackingStats>({ ...EMPTY_STATS });
  backendName = $state('not loaded');
  camera = $state.raw<LiveCamera>({ status: 'off' });
  /** The tracker failed on the latest frame (cleared by the next good one). */
  trackerError = $state<string | null>(null);
  /** Set when slow tracking made the game switch Holistic to its lite pose model: the frame rate then. */
  liteModelAtFps = $state<number | null>(null);
  /** The backend that was lost and the one that took over (null: none could). */
  backendFallback = $state.raw<{ lost: string; next: string | null } | null>(null);

  private landmarker: Promise<HolisticLandmarker> | null = null;
  private meter = new TrackingStatsMeter();
  private slowFrames = 0;
  private unsubscribe: (() => void)[] = [];
  private starting: Promise<void> | null = null;
  private watchingDevices = false;
  private cameraPermission: PermissionStatus | null = null;
  /** A camera plugged in, or the permission granted again. */
  private readonly onCameraMayBeBack = () => {
    if (this.camera.status === 'lost') void this.startCamera();
  };

  constructor(private readonly deps: ShellDeps, readonly debug: boolean) {}

  /** Where the shell and its pages remember things (undefined: storage blocked). */
  get storage(): ShellDeps['storage'] {
    return this.deps.storage;
  }

  /** Start screen -> the camera explanation (the permission prompt comes after it). */
  begin(): void {
    this.screen = 'camera-explain';
  }

  /**
   * A returning learner goes straight to the scenes: one who turned the camera on here
   * before and whose browser still grants it (the Permissions API). Anyone else, or a
   * browser that cannot tell, starts on the start screen.
   */
  async resume(): Promise<void> {
    if (this.remembered(() => this.deps.storage?.getItem(CAMERA_USED_KEY)) !== '1') return;
    const permission = await cameraPermission(this.deps.env);
    if (permission === 'granted' && this.screen === 'start') await this.startCamera();
  }

  /** Storage may be blocked (private modes): then nothing is remembered. */
  private remembered<T>(use: () => T): T | undefined {
    try {
      return use();
    } catch {
      return undefined;
    }
  }

  /** The game without a camera: every sign to watch and read; Try asks for the camera. */
  browse(): void {
    this.releaseCamera();
    this.screen = 'browse';
  }

  /**
   * Asks for the camera, loads Holistic, starts the live source. Every failure lands on a
   * problem screen, or while playing on the lost-camera state (the game stays). A call
   * while one is under way joins it: never two streams.
   */
  startCamera(deviceId = this.cameraId): Promise<void> {
    this.starting ??= this.openLiveCamera(deviceId).finally(() => (this.starting = null));
    return this.starting;
  }

  private async openLiveCamera(deviceId: string | undefined): Promise<void> {
    // While playing (switching cameras, the camera coming back) the game stays on screen.
    const inPlay = this.screen === 'play';
    this.closeSource();
    if (!inPlay) {
      this.screen = 'camera-starting';
      this.problem = null;
    }
    const failed = (problem: ShellProblem, e: unknown) => (inPlay ? this.loseCamera(asError(e).message) : this.fail(problem, e));
    let stream: MediaStream;
    try {
      stream = await openCamera(this.deps.env, deviceId).catch((e) => {
        // The chosen camera may be the one unplugged: any other will do.
        if (deviceId && e instanceof CameraError && e.problem === 'no-camera') return openCamera(this.deps.env);
        throw e;
      });
    } catch (e) {
      return failed(e instanceof CameraError ? e.problem : 'unknown', e);
    }
    const track = stream.getVideoTracks()[0];
    this.cameraId = track?.getSettings().deviceId ?? deviceId;
    this.cameras = await listCameras(this.deps.env).catch(() => []);
    let landmarker: HolisticLandmarker;
    try {
      landmarker = await this.loadLandmarker();
    } catch (e) {
      stopStream(stream);
      return failed('tracker', e);
    }
    const source = this.deps.createSource(stream, landmarker);
    this.meter = new TrackingStatsMeter();
    this.slowFrames = 0;
    this.waitingForFirstFrame = true;
    this.unsubscribe = [
      source.onFrame((frame, timing) => {
        this.waitingForFirstFrame = false;
        this.trackerError = null;
        this.stats = this.meter.update(frame, timing, this.backendName);
        this.lightenIfSlow(landmarker);
      }),
      source.onError((e) => {
        if (!(e instanceof CameraEndedError)) this.trackerError = e.message;
      }),
      source.onCameraChange((state) => {
        if (state === 'ended') this.loseCamera(new CameraEndedError(track?.label ?? '').message);
        else this.camera = { status: state };
      }),
    ];
    try {
      await source.start();
    } catch (e) {
      this.unsubscribe.forEach((u) => u());
      this.unsubscribe = [];
      source.close();
      return failed('camera-busy', e);
    }
    this.source = source;
    this.camera = { status: source.cameraState === 'muted' ? 'muted' : 'live' };
    this.watchDevices(false);
    this.screen = 'play';
    this.remembered(() => this.deps.storage?.setItem(CAMERA_USED_KEY, '1'));
    void this.loadBackend();
  }

  /** Tracking stayed too slow for good recognition: Holistic's lite pose model, once. */
  private lightenIfSlow(landmarker: HolisticLandmarker): void {
    this.slowFrames = trackingTooSlow(this.stats) ? this.slowFrames + 1 : 0;
    if (this.slowFrames < SLOW_FRAMES_BEFORE_LITE_MODEL || landmarker.modelComplexity === 0) return;
    landmarker.setModelComplexity(0);
    this.liteModelAtFps = this.stats.fps;
    // The pace is measured afresh with the lighter model.
    this.meter = new TrackingStatsMeter();
    this.slowFrames = 0;
  }

  /** The camera stopped while playing: say so, and reopen it when a camera appears or the permission comes back. */
  private loseCamera(detail: string): void {
    this.closeSource();
    this.camera = { status: 'lost', detail };
    this.watchDevices(true);
  }

  private watchDevices(on: boolean): void {
    if (on === this.watchingDevices) return;
    this.watchingDevices = on;
    const devices = this.deps.env.mediaDevices;
    if (on) devices?.addEventListener?.('devicechange', this.onCameraMayBeBack);
    else devices?.removeEventListener?.('devicechange', this.onCameraMayBeBack);
    this.cameraPermission?.removeEventListener('change', this.onCameraMayBeBack);
    this.cameraPermission = null;
    if (!on) return;
    // Browsers that cannot query the camera permission reject: the reconnect button remains.
    this.deps.env.permissions?.query({ name: 'camera' as PermissionName }).then((status) => {
      if (!this.watchingDevices || this.cameraPermission) return;
      this.cameraPermission = status;
      status.addEventListener('change', this.onCameraMayBeBack);
    }, () => undefined);
  }

  /** Holistic, loaded once and shared by the camera and video files. */
  loadLandmarker(): Promise<HolisticLandmarker> {
    this.landmarker ??= this.deps.loadLandmarker((f) => (this.trackerProgress = f));
    this.landmarker.catch(() => (this.landmarker = null));
    return this.landmarker;
  }

  /** A teacher's route: a recording from a video file instead of the camera. */
  openVideoRecording(): void {
    this.releaseCamera();
    this.screen = 'video-recording';
  }

  /** The settings page (the sign model). */
  openSettings(): void {
    this.releaseCamera();
    this.screen = 'settings';
  }

  /** Picks the TF.js backend if none is yet (the settings page checks a model on it) and returns its name. */
  async ensureBackend(): Promise<string> {
    await this.loadBackend();
    return this.backendName;
  }

  /** The sign studio (teachers give the game examples of signs). */
  openStudio(): void {
    this.releaseCamera();
    this.screen = 'studio';
  }

  /**
   * A started webcam source for the studio, which owns and closes it; failures reject
   * with the reason (the studio shows it on its own screen).
   */
  async openStudioCamera(): Promise<WebcamSource> {
    const stream = await openCamera(this.deps.env, this.cameraId);
    try {
      const source = this.deps.createSource(stream, await this.loadLandmarker());
      await source.start();
      return source;
    } catch (e) {
      stopStream(stream);
      throw e;
    }
  }

  async switchCamera(deviceId: string): Promise<void> {
    await this.starting;
    await this.startCamera(deviceId);
  }

  private async loadBackend(): Promise<void> {
    if (this.backendName !== 'not loaded') return;
    this.backendName = 'loading';
    try {
      this.backendName = await this.deps.chooseBackend((lost, next) => {
        this.backendName = next ?? 'unavailable';
        this.backendFallback = { lost, next };
      });
    } catch {
      this.backendName = 'unavailable';
    }
  }

  private fail(problem: ShellProblem, error: unknown): void {
    this.problem = problem;
    this.problemDetail = asError(error).message;
    this.screen = 'problem';
  }

  /** Back to the start screen, releasing the camera. */
  reset(): void {
    this.releaseCamera();
    this.problem = null;
    this.screen = 'start';
  }

  /** Leaving play: the camera off, and no longer waited for. */
  private releaseCamera(): void {
    this.closeSource();
    this.watchDevices(false);
    this.camera = { status: 'off' };
  }

  private closeSource(): void {
    this.unsubscribe.forEach((u) => u());
    this.unsubscribe = [];
    this.source?.close();
    this.source = null;
    this.trackerError = null;
  }
}

