/**
 * Frames projected to the landmarks the feature spec reads (both hands, the arms, a few
 * face points), x and y only: about a tenth of a 543-landmark frame. The recogniser projects
 * each frame once, when it arrives, and every window it judges reuses the projections.
 * Values are copied, never recomputed, so features of projected frames are bit-identical
 * to those of the whole frames.
 */
import type { LandmarkFrame } from '../landmarks/frame';
import { LANDMARKS_PER_FRAME, MIRROR_INDEX, PARTS, VALUES_PER_LANDMARK } from '../landmarks/layout';

/** x and y: MediaPipe's z is unreliable and no feature uses it. */
export const PROJECTED_VALUES_PER_LANDMARK = 2;

export interface FrameProjection {
  /** Values per projected frame. */
  readonly size: number;
  /** Where landmark l (its index among the 543) keeps its x in a projected frame, y next to it; -1 when dropped. */
  readonly offset: Int32Array;
  /** Each part's values in a projected frame, [lo, hi), in PARTS order; lo is the part's first landmark. */
  readonly parts: ReadonlyArray<{ readonly lo: number; readonly hi: number }>;
  /** Per kept landmark, in order, the kept landmark that takes its place in a mirrored frame. */
  readonly mirror: Int32Array;
}

/**
 * The projection keeping `landmarks`, each part's first landmark (whether a part was
 * detected is read from it) and every landmark's mirror partner (so a projected frame can be
 * mirrored), in the full layout's order, so each part's landmarks stay together.
 */
export function frameProjection(landmarks: Iterable<number>): FrameProjection {
  const kept = new Set<number>([...landmarks, ...PARTS.map((p) => p.start)]);
  for (const l of [...kept]) kept.add(MIRROR_INDEX[l]);
  const order = [...kept].sort((a, b) => a - b);
  const offset = new Int32Array(LANDMARKS_PER_FRAME).fill(-1);
  order.forEach((l, k) => (offset[l] = k * PROJECTED_VALUES_PER_LANDMARK));
  const parts = PARTS.map((p) => {
    const inPart = order.filter((l) => l >= p.start && l < p.start + p.count);
    return { lo: offset[inPart[0]], hi: offset[inPart[inPart.length - 1]] + PROJECTED_VALUES_PER_LANDMARK };
  });
  return { size: order.length * PROJECTED_VALUES_PER_LANDMARK, offset, parts, mirror: Int32Array.from(order, (l) => offset[MIRROR_INDEX[l]]) };
}

/** A whole frame's data, projected. */
export function projectData(whole: Float32Array, projection: FrameProjection): Float32Array {
  const data = new Float32Array(projection.size);
  const { offset } = projection;
  for (let l = 0; l < LANDMARKS_PER_FRAME; l++) {
    const o = offset[l];
    if (o < 0) continue;
    data[o] = whole[l * VALUES_PER_LANDMARK];
    data[o + 1] = whole[l * VALUES_PER_LANDMARK + 1];
  }
  return data;
}

export function projectFrame(frame: LandmarkFrame, projection: FrameProjection): LandmarkFrame {
  return { timestampMs: frame.timestampMs, data: projectData(frame.data, projection) };
}

/** A projected frame's data flipped left to right (mirrorFrameData's counterpart). */
export function mirrorProjected(data: Float32Array, projection: FrameProjection): Float32Array {
  const out = new Float32Array(projection.size);
  const { mirror } = projection;
  for (let k = 0; k < mirror.length; k++) {
    const dst = k * PROJECTED_VALUES_PER_LANDMARK;
    out[dst] = 1 - data[mirror[k]];
    out[dst + 1] = data[mirror[k] + 1];
  }
  return out;
}
