import { vi } from 'vitest';
import type { PaintClock } from '../../../src/lib/sources/paint-gate';

/**
 * The browser's event loop, by hand: rendering steps (requestAnimationFrame and video-frame
 * callbacks, then a paint) and tasks, run when a test says. install() routes the page's
 * requestAnimationFrame (figures, replays) into the same rendering steps.
 */
export class FakePaintClock implements PaintClock {
  /** The animation clock passed to requestAnimationFrame callbacks, in ms. */
  now = 0;
  /** Rendering steps painted so far. */
  painted = 0;
  /** True while a rendering step runs its callbacks. */
  inRenderingStep = false;
  private frames = new Map<number, (now: number) => void>();
  private tasks = new Map<number, () => void>();
  private nextHandle = 1;

  requestFrame(callback: () => void): number {
    return this.addFrame(() => callback());
  }
  cancelFrame(handle: number): void {
    this.frames.delete(handle);
  }
  queueTask(callback: () => void): () => void {
    const handle = this.nextHandle++;
    this.tasks.set(handle, callback);
    return () => this.tasks.delete(handle);
  }

  /** Makes the global requestAnimationFrame part of this clock's rendering steps. */
  install(): void {
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => this.addFrame(cb));
    vi.stubGlobal('cancelAnimationFrame', (handle: number) => this.frames.delete(handle));
  }

  /** One rendering step 16 ms after the last: every frame callback due, then the paint. */
  renderStep(): void {
    this.now += 16;
    const due = [...this.frames.values()];
    this.frames.clear();
    this.inRenderingStep = true;
    try {
      due.forEach((cb) => cb(this.now));
    } finally {
      this.inRenderingStep = false;
    }
    this.painted++;
  }

  /** Runs the tasks queued so far (not those they queue). */
  runTasks(): void {
    const due = [...this.tasks.values()];
    this.tasks.clear();
    due.forEach((cb) => cb());
  }

  /** A turn of the event loop: a rendering step, the tasks it queued, and the promises they settle. */
  async turn(): Promise<void> {
    this.renderStep();
    this.runTasks();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }

  private addFrame(callback: (now: number) => void): number {
    const handle = this.nextHandle++;
    this.frames.set(handle, callback);
    return handle;
  }
}
