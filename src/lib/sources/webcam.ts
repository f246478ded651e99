/**
 * The live webcam as a frame source. A camera frame is handed to Holistic only once the
 * previous one is done and the page has painted since (paint-gate.ts): Holistic blocks
 * the main thread for its whole call, and the page must animate between its frames.
 * Each frame is copied from the video before it goes to Holistic and emitted with its
 * landmarks (FrameTiming.image), so a self-view draws the skeleton over the very picture
 * it was found in, not over the live video that has moved on since.
 * A frame Holistic fails on is reported to onError and the loop goes on; while the tab
 * is hidden no frame is tracked; the camera track's end (unplugged, permission
 * withdrawn) and mute are reported to onCameraChange.
 */
import { asError } from '../as-error';
import { stopStream } from '../camera/camera';
import type { HolisticLandmarker } from '../holistic/holistic';
import { FrameListeners } from './listeners';
import { afterNextPaint, browserPaintClock, type PaintClock } from './paint-gate';
import type { FrameSource, TrackedImage } from './types';

/** Reported to onError when the camera track ends: no frame will come from this source again. */
export class CameraEndedError extends Error {
  constructor(label: string) {
    super(`The camera${label ? ` (${label})` : ''} stopped: it was unplugged, or its permission was withdrawn.`);
    this.name = 'CameraEndedError';
  }
}

/** The camera track: delivering, muted (by the system or hardware; it may come back), or ended for good. */
export type CameraTrackState = 'live' | 'muted' | 'ended';

export interface WebcamSource extends FrameSource {
  readonly kind: 'webcam';
  /** The video element showing the camera (unmirrored; mirror it with CSS for display). */
  readonly video: HTMLVideoElement;
  readonly cameraState: CameraTrackState;
  /** Registers a listener for changes of cameraState; returns a function that removes it. */
  onCameraChange(listener: (state: CameraTrackState) => void): () => void;
}

/** Copies the video's current picture into an image that stays unchanged until the next frame is emitted. */
export type FrameGrabber = (video: HTMLVideoElement) => TrackedImage;

/**
 * The default grabber: two canvases in turn, so the picture of the frame last emitted is
 * never overwritten while the next one is being tracked.
 */
export function canvasFrameGrabber(): FrameGrabber {
  const canvases = [document.createElement('canvas'), document.createElement('canvas')];
  let turn = 0;
  return (video) => {
    const canvas = canvases[turn];
    turn = 1 - turn;
    if (canvas.width !== video.videoWidth) canvas.width = video.videoWidth;
    if (canvas.height !== video.videoHeight) canvas.height = video.videoHeight;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This browser cannot draw on a canvas (2D context): the camera picture cannot be copied for tracking.');
    ctx.drawImage(video, 0, 0);
    return canvas;
  };
}

export interface WebcamSourceOptions {
  /** Copies each camera frame before it goes to Holistic. Default: canvasFrameGrabber(). */
  grab?: FrameGrabber;
  /** Rendering steps and tasks, for the paint gate. Default: browserPaintClock(video). */
  clock?: PaintClock;
}

export function createWebcamSource(stream: MediaStream, landmarker: HolisticLandmarker, options: WebcamSourceOptions = {}): WebcamSource {
  const listeners = new FrameListeners();
  const cameraListeners = new Set<(state: CameraTrackState) => void>();
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.autoplay = true;
  video.srcObject = stream;
  const track = stream.getVideoTracks()[0];
  let cameraState: CameraTrackState = track?.readyState === 'ended' ? 'ended' : track?.muted ? 'muted' : 'live';
  let running = false;
  let closed = false;
  let busy = false;
  /** Cancels the wait for the next paint, while one is pending. */
  let unschedule: (() => void) | null = null;
  const grab = options.grab ?? canvasFrameGrabber();
  const clock = options.clock ?? browserPaintClock(video);

  function schedule(): void {
    if (!running || busy || unschedule !== null || document.hidden) return;
    unschedule = afterNextPaint(clock, () => {
      unschedule = null;
      void tick();
    });
  }

  function cancelSchedule(): void {
    unschedule?.();
    unschedule = null;
  }

  async function tick(): Promise<void> {
    // Hidden: no Holistic call until the tab is visible again (onVisibility reschedules).
    if (document.hidden || !running) return;
    if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return schedule();
    busy = true;
    try {
      const started = performance.now();
      const image = grab(video);
      const frame = await landmarker.detect(image, started);
      if (running) listeners.emit(frame, { holisticMs: performance.now() - started, image });
    } catch (e) {
      if (running) listeners.emitError(asError(e));
    } finally {
      busy = false;
      schedule();
    }
  }

  const onVisibility = () => (document.hidden ? cancelSchedule() : schedule());
  const setCameraState = (state: CameraTrackState) => {
    if (cameraState === state || cameraState === 'ended') return;
    cameraState = state;
    for (const listener of cameraListeners) listener(state);
  };
  const onEnded = () => {
    if (cameraState === 'ended') return;
    // Listeners that watch frames (an attempt) learn first; then those that own the camera.
    listeners.emitError(new CameraEndedError(track?.label ?? ''));
    setCameraState('ended');
  };
  const onMute = () => setCameraState('muted');
  const onUnmute = () => setCameraState('live');
  document.addEventListener('visibilitychange', onVisibility);
  track?.addEventListener('ended', onEnded);
  track?.addEventListener('mute', onMute);
  track?.addEventListener('unmute', onUnmute);

  return {
    kind: 'webcam',
    video,
    get cameraState() {
      return cameraState;
    },
    onFrame: (listener) => listeners.add(listener),
    onError: (listener) => listeners.addError(listener),
    onCameraChange(listener) {
      cameraListeners.add(listener);
      return () => cameraListeners.delete(listener);
    },
    async start() {
      if (closed) throw new Error('This webcam source is closed: open the camera again.');
      running = true;
      await video.play();
      schedule();
    },
    stop() {
      running = false;
      cancelSchedule();
    },
    close() {
      this.stop();
      closed = true;
      listeners.clear();
      cameraListeners.clear();
      document.removeEventListener('visibilitychange', onVisibility);
      track?.removeEventListener('ended', onEnded);
      track?.removeEventListener('mute', onMute);
      track?.removeEventListener('unmute', onUnmute);
      stopStream(stream);
      video.srcObject = null;
    },
  };
}
