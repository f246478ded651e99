/**
 * The app shell's state: which screen shows, the camera and Holistic lifecycle, the
 * tfjs backend, live tracking stats. Heavy libraries load only when the camera opens.
 */
import { CameraError, listCameras, openCamera, type CameraChoice, type CameraEnvironment, type CameraProblem } from '../lib/camera/camera';
import type { HolisticLandmarker } from '../lib/holistic/holistic';
import type { LandmarkFrame } from '../lib/landmarks/frame';
import type { WebcamSource } from '../lib/sources/webcam';
import { EMPTY_STATS, TrackingStatsMeter, type TrackingStats } from './tracking-stats';

export type Screen = 'start' | 'camera-explain' | 'camera-starting' | 'play' | 'problem' | 'video-recording' | 'studio';
/** Camera problems plus the tracker failing to load. */
export type ShellProblem = CameraProblem | 'tracker';

export interface ShellDeps {
  env: CameraEnvironment;
  loadLandmarker: (onProgress: (fraction: number) => void) => Promise<HolisticLandmarker>;
  createSource: (stream: MediaStream, landmarker: HolisticLandmarker) => WebcamSource;
  chooseBackend: () => Promise<string>;
}

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

  /** The sign studio (teachers give the game examples of signs). */
  openStudio(): void {
    this.closeSource();
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
      stream.getTracks().forEach((t) => t.stop());
      throw e;
    }
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
