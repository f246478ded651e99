/**
 * The live webcam as a frame source. Each new camera frame is handed to Holistic once
 * the previous one is done; the loop is driven by requestVideoFrameCallback (or
 * requestAnimationFrame), so the page gets the main thread back between frames:
 * Holistic blocks for its whole call, and a tight await loop would freeze the page.
 */
import { stopStream } from '../camera/camera';
import type { HolisticLandmarker } from '../holistic/holistic';
import { FrameListeners } from './listeners';
import type { FrameSource } from './types';

export interface WebcamSource extends FrameSource {
  readonly kind: 'webcam';
  /** The video element showing the camera (unmirrored; mirror it with CSS for display). */
  readonly video: HTMLVideoElement;
}

export function createWebcamSource(stream: MediaStream, landmarker: HolisticLandmarker): WebcamSource {
  const listeners = new FrameListeners();
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.autoplay = true;
  video.srcObject = stream;
  let running = false;
  let closed = false;
  let busy = false;
  let scheduled: number | null = null;
  const supportsVideoFrameCallback = 'requestVideoFrameCallback' in video;

  function schedule(): void {
    if (!running || scheduled !== null) return;
    scheduled = supportsVideoFrameCallback
      ? video.requestVideoFrameCallback(() => void tick())
      : requestAnimationFrame(() => void tick());
  }

  async function tick(): Promise<void> {
    scheduled = null;
    if (!running || busy || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return schedule();
    busy = true;
    try {
      const started = performance.now();
      const frame = await landmarker.detect(video, started);
      if (running) listeners.emit(frame, { holisticMs: performance.now() - started });
    } finally {
      busy = false;
      schedule();
    }
  }

  return {
    kind: 'webcam',
    video,
    onFrame: (listener) => listeners.add(listener),
    async start() {
      if (closed) throw new Error('This webcam source is closed: open the camera again.');
      running = true;
      await video.play();
      schedule();
    },
    stop() {
      running = false;
      if (scheduled !== null) {
        if (supportsVideoFrameCallback) video.cancelVideoFrameCallback(scheduled);
        else cancelAnimationFrame(scheduled);
        scheduled = null;
      }
    },
    close() {
      this.stop();
      closed = true;
      listeners.clear();
      stopStream(stream);
      video.srcObject = null;
    },
  };
}
