/**
 * The live webcam as a frame source. Each new camera frame is handed to Holistic once
 * the previous one is done; the loop is driven by requestVideoFrameCallback (or
 * requestAnimationFrame), so the page gets the main thread back between frames:
 * Holistic blocks for its whole call, and a tight await loop would freeze the page.
 * A frame Holistic fails on is reported to onError and the loop goes on; while the tab
 * is hidden no frame is tracked; the camera track's end (unplugged, permission
 * withdrawn) and mute are reported to onCameraChange.
 */
import { asError } from '../as-error';
import { stopStream } from '../camera/camera';
import type { HolisticLandmarker } from '../holistic/holistic';
import { FrameListeners } from './listeners';
import type { FrameSource } from './types';

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

export function createWebcamSource(stream: MediaStream, landmarker: HolisticLandmarker): WebcamSource {
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
  let scheduled: number | null = null;
  const supportsVideoFrameCallback = 'requestVideoFrameCallback' in video;

  function schedule(): void {
    if (!running || scheduled !== null || document.hidden) return;
    scheduled = supportsVideoFrameCallback
      ? video.requestVideoFrameCallback(() => void tick())
      : requestAnimationFrame(() => void tick());
  }

  function unschedule(): void {
    if (scheduled === null) return;
    if (supportsVideoFrameCallback) video.cancelVideoFrameCallback(scheduled);
    else cancelAnimationFrame(scheduled);
    scheduled = null;
  }

  async function tick(): Promise<void> {
    scheduled = null;
    // Hidden: no Holistic call until the tab is visible again (onVisibility reschedules).
    if (document.hidden) return;
    if (!running || busy || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return schedule();
    busy = true;
    try {
      const started = performance.now();
      const frame = await landmarker.detect(video, started);
      if (running) listeners.emit(frame, { holisticMs: performance.now() - started });
    } catch (e) {
      if (running) listeners.emitError(asError(e));
    } finally {
      busy = false;
      schedule();
    }
  }

  const onVisibility = () => (document.hidden ? unschedule() : schedule());
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
      unschedule();
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
