/**
 * Resampling a landmark sequence to a fixed number of frames evenly spaced in time.
 * Each part is interpolated only between two frames that both hold it; otherwise the
 * nearer frame is taken as it is, so a hand is never blended with "missing" into a
 * point half-way to the origin.
 */
import { PARTS, VALUES_PER_FRAME, VALUES_PER_LANDMARK } from '../landmarks/layout';

/** Where a frame's parts sit in its data: values per frame, and each part's values [lo, hi), lo its first landmark's x. */
export interface PartLayout {
  readonly size: number;
  readonly parts: ReadonlyArray<{ readonly lo: number; readonly hi: number }>;
}

/** Whole frames (543 landmarks x [x, y, z]). */
const WHOLE_FRAMES: PartLayout = {
  size: VALUES_PER_FRAME,
  parts: PARTS.map((p) => ({ lo: p.start * VALUES_PER_LANDMARK, hi: (p.start + p.count) * VALUES_PER_LANDMARK })),
};

interface TimedData {
  readonly timestampMs: number;
  readonly data: Float32Array;
}

/** Where target time t falls: frame index i and weight w of frame i + 1. */
function locate(times: readonly number[], t: number, from: number): { i: number; w: number } {
  let i = from;
  while (i < times.length - 2 && times[i + 1] < t) i++;
  const span = times[i + 1] - times[i];
  const w = span > 0 ? Math.min(1, Math.max(0, (t - times[i]) / span)) : 0;
  return { i, w };
}

/** `count` frames' data, evenly spaced from the first to the last frame's time; `layout`: whole frames, or projected ones (projection.ts). */
export function resampleFrames(frames: readonly TimedData[], count: number, layout: PartLayout = WHOLE_FRAMES): Float32Array[] {
  if (frames.length === 0) throw new RangeError('cannot resample an empty sequence');
  if (frames.length === 1) return Array.from({ length: count }, () => frames[0].data.slice());
  let times = frames.map((f) => f.timestampMs);
  // Timestamps that do not increase (a broken source) fall back to frame order.
  if (!(times[times.length - 1] > times[0])) times = frames.map((_, i) => i);
  const t0 = times[0];
  const t1 = times[times.length - 1];
  const out: Float32Array[] = [];
  let from = 0;
  for (let k = 0; k < count; k++) {
    const t = count === 1 ? t0 : t0 + ((t1 - t0) * k) / (count - 1);
    const { i, w } = locate(times, t, from);
    from = i;
    const a = frames[i].data;
    const b = frames[i + 1].data;
    const data = new Float32Array(layout.size);
    for (const { lo, hi } of layout.parts) {
      const aHas = !Number.isNaN(a[lo]);
      const bHas = !Number.isNaN(b[lo]);
      if (aHas && bHas) {
        for (let j = lo; j < hi; j++) data[j] = a[j] + (b[j] - a[j]) * w;
      } else {
        const src = w < 0.5 ? a : b;
        for (let j = lo; j < hi; j++) data[j] = src[j];
      }
    }
    out.push(data);
  }
  return out;
}
