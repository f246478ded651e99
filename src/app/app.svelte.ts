/**
 * The app shell's state: which screen shows, the camera and Holistic lifecycle, the
 * tfjs backend, live tracking stats. Heavy libraries load only when the camera opens.
 */
import { CameraError, cameraPermission, listCameras, openCamera, type CameraChoice, type CameraEnvironment, type CameraProblem } from '../lib/camera/camera';
import type { HolisticLandmarker } from '../lib/holistic/holistic';
import type { LandmarkFrame } from '../lib/landmarks/frame';
import type { WebcamSource } from '../lib/sources/webcam';
import { EMPTY_STATS, TrackingStatsMeter, type TrackingStats } from './tracking-stats';

/** `browse`: the game without a camera (watch and read every sign; the camera can come on later). */
export type Screen = 'start' | 'camera-explain' | 'camera-starting' | 'play' | 'problem' | 'video-recording' | 'browse';
/** Camera problems plus the tracker failing to load. */
export type ShellProblem = CameraProblem | 'tracker';

export interface ShellDeps {
  env: CameraEnvironment;
  loadLandmarker: (onProgress: (fraction: number) => void) => Promise<HolisticLandmarker>;
  createSource: (stream: MediaStream, landmarker: HolisticLandmarker) => WebcamSource;
  chooseBackend: () => Promise<string>;
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
  latestFrame = $state.raw<LandmarkFrame | null>(null);
  stats = $state<TrackingStats>({ ...EMPTY_STATS });
  backendName = $state('not loaded');

  private landmarker: Promise<HolisticLandmarker> | null = null;
  private meter = new TrackingStatsMeter();
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly deps: ShellDeps, readonly debug: boolean) {}

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
    this.closeSource();
    this.screen = 'browse';
  }

  /** Asks for the camera, loads Holistic, starts the live source. Every failure lands on a problem screen. */
  async startCamera(deviceId = this.cameraId): Promise<void> {
    this.closeSource();
    this.screen = 'camera-starting';
    this.problem = null;
    let stream: MediaStream;
    try {
      stream = await openCamera(this.deps.env, deviceId);
    } catch (e) {
      return this.fail(e instanceof CameraError ? e.problem : 'unknown', e);
    }
    const track = stream.getVideoTracks()[0];
    this.cameraId = track?.getSettings().deviceId ?? deviceId;
    this.cameras = await listCameras(this.deps.env).catch(() => []);
    let landmarker: HolisticLandmarker;
    try {
      landmarker = await this.loadLandmarker();
    } catch (e) {
      stream.getTracks().forEach((t) => t.stop());
      return this.fail('tracker', e);
    }
    const source = this.deps.createSource(stream, landmarker);
    this.meter = new TrackingStatsMeter();
    this.waitingForFirstFrame = true;
    this.unsubscribe = source.onFrame((frame, timing) => {
      this.waitingForFirstFrame = false;
      this.latestFrame = frame;
      this.stats = this.meter.update(frame, timing, this.backendName);
    });
    try {
      await source.start();
    } catch (e) {
      source.close();
      return this.fail('camera-busy', e);
    }
    this.source = source;
    this.screen = 'play';
    this.remembered(() => this.deps.storage?.setItem(CAMERA_USED_KEY, '1'));
    void this.loadBackend();
  }

  /** Holistic, loaded once and shared by the camera and video files. */
  loadLandmarker(): Promise<HolisticLandmarker> {
    this.landmarker ??= this.deps.loadLandmarker((f) => (this.trackerProgress = f));
    this.landmarker.catch(() => (this.landmarker = null));
    return this.landmarker;
  }

  /** A teacher's route: a recording from a video file instead of the camera. */
  openVideoRecording(): void {
    this.closeSource();
    this.screen = 'video-recording';
  }

  async switchCamera(deviceId: string): Promise<void> {
    await this.startCamera(deviceId);
  }

  private async loadBackend(): Promise<void> {
    if (this.backendName !== 'not loaded') return;
    this.backendName = 'loading';
    try {
      this.backendName = await this.deps.chooseBackend();
    } catch {
      this.backendName = 'unavailable';
    }
  }

  private fail(problem: ShellProblem, error: unknown): void {
    this.problem = problem;
    this.problemDetail = error instanceof Error ? error.message : String(error);
    this.screen = 'problem';
  }

  /** Back to the start screen, releasing the camera. */
  reset(): void {
    this.closeSource();
    this.problem = null;
    this.screen = 'start';
  }

  private closeSource(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.source?.close();
    this.source = null;
    this.latestFrame = null;
  }
}
