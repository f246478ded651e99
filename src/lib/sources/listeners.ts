import type { LandmarkFrame } from '../landmarks/frame';
import type { ErrorListener, FrameListener, FrameTiming } from './types';

/** The listener lists every frame source shares: frames, and frames it failed to produce. */
export class FrameListeners {
  private readonly listeners = new Set<FrameListener>();
  private readonly errorListeners = new Set<ErrorListener>();

  add(listener: FrameListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  addError(listener: ErrorListener): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  emit(frame: LandmarkFrame, timing: FrameTiming): void {
    for (const listener of this.listeners) listener(frame, timing);
  }

  emitError(error: Error): void {
    for (const listener of this.errorListeners) listener(error);
  }

  clear(): void {
    this.listeners.clear();
    this.errorListeners.clear();
  }
}
