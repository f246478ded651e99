/**
 * When a live source may hand Holistic its next frame: after a rendering step that shows a
 * new camera frame has painted. Holistic holds the main thread for its whole call (seconds
 * on a slow machine); started inside a rendering step (a requestAnimationFrame or
 * requestVideoFrameCallback callback) it would hold back that step's paint, and the page
 * would show nothing new until it returned. Started from a task the step queues, it runs
 * once the step has painted, so every tracker frame is followed by at least one painted
 * frame of the page (the example figure, the UI) before the next one starts. The task has
 * background priority where the browser can (scheduler.postTask), so the page's own tasks
 * (loading an example, a click's work) go first and never wait behind Holistic.
 */

/** The page's clocks the gate needs; the browser's by default (browserPaintClock), fakes in tests. */
export interface PaintClock {
  /** Calls back in the next rendering step (that shows a new camera frame, where the browser can tell). */
  requestFrame(callback: () => void): number;
  cancelFrame(handle: number): void;
  /** Queues a task (one queued from a rendering step runs after that step has painted); returns a function that cancels it. */
  queueTask(callback: () => void): () => void;
}

/**
 * The browser's clock for a video: requestVideoFrameCallback where there is one (a step
 * that presents a new camera frame, so no frame is tracked twice), else
 * requestAnimationFrame; tasks of background priority (scheduler.postTask), else
 * zero-delay timeouts.
 */
export function browserPaintClock(video: HTMLVideoElement): PaintClock {
  const videoFrames = 'requestVideoFrameCallback' in video;
  return {
    requestFrame: (callback) => (videoFrames ? video.requestVideoFrameCallback(() => callback()) : requestAnimationFrame(() => callback())),
    cancelFrame: (handle) => (videoFrames ? video.cancelVideoFrameCallback(handle) : cancelAnimationFrame(handle)),
    queueTask(callback) {
      if (!('scheduler' in globalThis)) {
        const timer = window.setTimeout(callback, 0);
        return () => window.clearTimeout(timer);
      }
      const controller = new AbortController();
      // Aborting rejects the task's promise: that is the cancel itself, not a failure.
      scheduler.postTask(callback, { priority: 'background', signal: controller.signal }).catch(() => undefined);
      return () => controller.abort();
    },
  };
}

/** Calls back once, in a task after the next rendering step has painted. Returns a function that cancels it. */
export function afterNextPaint(clock: PaintClock, callback: () => void): () => void {
  let cancelTask: (() => void) | null = null;
  let frame: number | null = clock.requestFrame(() => {
    frame = null;
    cancelTask = clock.queueTask(() => {
      cancelTask = null;
      callback();
    });
  });
  return () => {
    if (frame !== null) clock.cancelFrame(frame);
    cancelTask?.();
    frame = cancelTask = null;
  };
}
