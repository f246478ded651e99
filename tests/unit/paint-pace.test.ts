import { describe, expect, it } from 'vitest';
import { PaintPaceMeter } from '../../src/game/test-mode';
import { emptyFrameData } from '../../src/lib/landmarks/frame';
import { FrameListeners } from '../../src/lib/sources/listeners';
import type { FrameSource } from '../../src/lib/sources/types';

function fakeSource(): FrameSource & { emit(): void } {
  const listeners = new FrameListeners();
  return {
    kind: 'webcam',
    onFrame: (l) => listeners.add(l),
    onError: (l) => listeners.addError(l),
    start: async () => {},
    stop() {},
    close: () => listeners.clear(),
    emit: () => listeners.emit({ timestampMs: 0, data: emptyFrameData() }, { holisticMs: 0 }),
  };
}

describe('paint pace (the test build\'s animation frames per tracker frame)', () => {
  it('counts animation frames between tracker frames from the first tracker frame on, and the fewest between two', () => {
    let pending: (() => void)[] = [];
    const paint = (n: number) => {
      for (let i = 0; i < n; i++) {
        const due = pending;
        pending = [];
        due.forEach((cb) => cb());
      }
    };
    const meter = new PaintPaceMeter((cb) => pending.push(cb));
    const source = meter.watch(fakeSource());
    let heard = 0;
    meter.onTrackerFrame(() => heard++);
    paint(50); // Holistic loading: not counted.
    expect(meter.pace()).toEqual({ animationFrames: 0, trackerFrames: 0, animationFramesPerTrackerFrame: null, fewestAnimationFramesBetween: null });
    source.emit();
    paint(3);
    source.emit();
    paint(1);
    source.emit();
    paint(5);
    source.emit();
    expect(meter.pace()).toEqual({ animationFrames: 9, trackerFrames: 3, animationFramesPerTrackerFrame: 3, fewestAnimationFramesBetween: 1 });
    // A page frozen through a tracker frame shows as 0.
    source.emit();
    expect(meter.pace().fewestAnimationFramesBetween).toBe(0);
    expect(heard).toBe(5);
    source.close();
  });
});
