import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createReplaySource } from '../../src/lib/sources/replay';
import { emptyFrameData, type LandmarkFrame } from '../../src/lib/landmarks/frame';
import { EMPTY_STATS, FPS_SETTLE_FRAMES, MIN_GOOD_FPS, TrackingStatsMeter, trackingTooSlow } from '../../src/app/tracking-stats';

/** A manual animation clock standing in for requestAnimationFrame. */
let callbacks: Array<(t: number) => void> = [];
let now = 0;
function advance(ms: number, step = 16): void {
  for (let t = 0; t < ms; t += step) {
    now += step;
    const due = callbacks;
    callbacks = [];
    due.forEach((cb) => cb(now));
  }
}

beforeEach(() => {
  callbacks = [];
  now = 0;
  vi.stubGlobal('requestAnimationFrame', (cb: (t: number) => void) => callbacks.push(cb));
  vi.stubGlobal('cancelAnimationFrame', () => (callbacks = []));
});
afterEach(() => vi.unstubAllGlobals());

const frames = (n: number, fps = 30): LandmarkFrame[] => Array.from({ length: n }, (_, i) => ({ timestampMs: 500 + (i * 1000) / fps, data: emptyFrameData() }));

describe('replay source', () => {
  it('emits every frame once, at the recorded pace, then ends', async () => {
    const seen: number[] = [];
    const source = createReplaySource(frames(30));
    source.onFrame((f) => seen.push(f.timestampMs));
    await source.start();
    advance(500);
    expect(seen.length).toBeGreaterThan(12);
    expect(seen.length).toBeLessThan(18);
    advance(600);
    expect(seen).toHaveLength(30);
    await expect(source.ended).resolves.toBeUndefined();
  });

  it('plays at half speed and loops', async () => {
    let count = 0;
    const source = createReplaySource(frames(10), { speed: 0.5, loop: true });
    source.onFrame(() => count++);
    await source.start();
    advance(330);
    expect(count).toBeGreaterThan(4);
    expect(count).toBeLessThan(7);
    advance(1000);
    expect(count).toBeGreaterThan(10);
    source.stop();
    const stopped = count;
    advance(500);
    expect(count).toBe(stopped);
    expect(() => source.setSpeed(0)).toThrow(/positive/);
  });

  it('looping on a page that paints seldom, shows the pose due at each paint, not the last one of every round', async () => {
    // 30 frames at 30 fps: a round of 1 s. Paints 1.3 s apart, as while a slow tracker holds the page.
    const shown: number[] = [];
    const source = createReplaySource(frames(30), { loop: true });
    let latest = NaN;
    source.onFrame((f) => (latest = f.timestampMs));
    await source.start();
    for (let paint = 0; paint < 8; paint++) {
      advance(1300, 1300);
      shown.push(latest);
    }
    const last = frames(30)[29].timestampMs;
    expect(shown.filter((t) => t !== last).length).toBeGreaterThanOrEqual(6);
    expect(new Set(shown).size).toBeGreaterThanOrEqual(6);
    // Each paint shows the frame due then: the second, 1.3 s into a round of 1 s, 0.3 s into the next one.
    expect(shown[1]).toBeCloseTo(500 + 300, 0);
    source.close();
  });
});

describe('tracking stats', () => {
  it('averages frame rate and Holistic time, and counts parts of the latest frame', () => {
    const meter = new TrackingStatsMeter();
    let stats = meter.update({ timestampMs: 0, data: emptyFrameData() }, { holisticMs: 40 }, 'webgl');
    for (let i = 1; i <= 30; i++) stats = meter.update({ timestampMs: i * 50, data: emptyFrameData() }, { holisticMs: 40 }, 'webgl');
    expect(stats.fps).toBeCloseTo(20, 0);
    expect(stats.holisticMs).toBe(40);
    expect(stats).toMatchObject({ backend: 'webgl', pose: 0, face: 0, leftHand: 0, rightHand: 0, frames: 31 });
  });

  it('says tracking is too slow for recognition only below MIN_GOOD_FPS, once the average has settled', () => {
    const statsAt = (fps: number, frames: number) => {
      const meter = new TrackingStatsMeter();
      let stats = EMPTY_STATS;
      for (let i = 0; i < frames; i++) stats = meter.update({ timestampMs: (i * 1000) / fps, data: emptyFrameData() }, { holisticMs: 40 }, 'webgl');
      return stats;
    };
    expect(trackingTooSlow(statsAt(5, 40))).toBe(true);
    expect(trackingTooSlow(statsAt(MIN_GOOD_FPS - 1, 40))).toBe(true);
    expect(trackingTooSlow(statsAt(MIN_GOOD_FPS + 1, 40))).toBe(false);
    expect(trackingTooSlow(statsAt(30, 40))).toBe(false);
    // The first frames (the tracker warming up) do not count.
    expect(trackingTooSlow(statsAt(5, FPS_SETTLE_FRAMES - 1))).toBe(false);
    expect(trackingTooSlow(statsAt(5, FPS_SETTLE_FRAMES))).toBe(true);
    expect(trackingTooSlow(EMPTY_STATS)).toBe(false);
  });
});
