import type { LandmarkFrame } from '../landmarks/frame';
import type { FrameListener, FrameTiming } from './types';

/** The listener list every frame source shares. */
export class FrameListeners {
  private readonly listeners = new Set<FrameListener>();

  add(listener: FrameListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(frame: LandmarkFrame, timing: FrameTiming): void {
    for (const listener of this.listeners) listener(frame, timing);
  }

  clear(): void {
    this.listeners.clear();
  }
}
