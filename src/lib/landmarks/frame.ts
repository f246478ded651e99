import {
  FACE, LEFT_HAND, POSE, RIGHT_HAND, LANDMARKS_PER_FRAME, VALUES_PER_FRAME, VALUES_PER_LANDMARK,
  MIRROR_INDEX, type LandmarkRange, type PartName,
} from './layout';

/**
 * One moment of a signer: 543 landmarks (see layout.ts) as x, y, z triples, NaN where
 * a part was not detected. x and y are normalised to the image (0..1, unmirrored),
 * z is MediaPipe's relative depth.
 */
export interface LandmarkFrame {
  /** Milliseconds since the start of the source (media time for files and replays). */
  readonly timestampMs: number;
  /** LANDMARKS_PER_FRAME * 3 values. */
  readonly data: Float32Array;
}

/** A landmark as MediaPipe returns it. */
export interface PointLike {
  x: number;
  y: number;
  z: number;
}

/** The subset of a Holistic result that the canonical frame is built from. */
export interface HolisticLandmarkResult {
  faceLandmarks?: PointLike[] | null;
  leftHandLandmarks?: PointLike[] | null;
  poseLandmarks?: PointLike[] | null;
  rightHandLandmarks?: PointLike[] | null;
}

export function emptyFrameData(): Float32Array {
  return new Float32Array(VALUES_PER_FRAME).fill(NaN);
}

/**
 * Converts a Holistic result to the canonical frame. Holistic's left/right are the
 * signer's own (we feed it unmirrored images), which is the convention of layout.ts.
 * Holistic's face mesh may carry 478 points (with irises): only the first 468 are kept.
 */
export function frameFromHolistic(result: HolisticLandmarkResult, timestampMs: number): LandmarkFrame {
  const data = emptyFrameData();
  copyPart(data, FACE, result.faceLandmarks);
  copyPart(data, LEFT_HAND, result.leftHandLandmarks);
  copyPart(data, POSE, result.poseLandmarks);
  copyPart(data, RIGHT_HAND, result.rightHandLandmarks);
  return { timestampMs, data };
}

function copyPart(data: Float32Array, part: LandmarkRange, points: PointLike[] | null | undefined): void {
  if (!points || points.length < part.count) return;
  for (let i = 0; i < part.count; i++) {
    const p = points[i];
    const o = (part.start + i) * VALUES_PER_LANDMARK;
    data[o] = p.x;
    data[o + 1] = p.y;
    data[o + 2] = p.z;
  }
}

/** Whether landmark `index` of the frame was detected. */
export function isPresent(data: Float32Array, index: number): boolean {
  return !Number.isNaN(data[index * VALUES_PER_LANDMARK]);
}

/** Landmarks of `part` present in the frame (a part is all-or-nothing in Holistic). */
export function countPresent(data: Float32Array, part: LandmarkRange): number {
  let n = 0;
  for (let i = part.start; i < part.start + part.count; i++) if (isPresent(data, i)) n++;
  return n;
}

export type PartCounts = Record<PartName, number>;

export function partCounts(frame: LandmarkFrame): PartCounts {
  return {
    face: countPresent(frame.data, FACE),
    leftHand: countPresent(frame.data, LEFT_HAND),
    pose: countPresent(frame.data, POSE),
    rightHand: countPresent(frame.data, RIGHT_HAND),
  };
}

/**
 * The one mirror function: flips x (x -> 1 - x) and swaps every left landmark with its
 * right partner, so a left-handed signer becomes a right-handed one (and a mirrored
 * selfie video becomes unmirrored). Mirroring twice gives the original frame.
 */
export function mirrorFrameData(data: Float32Array): Float32Array {
  const out = new Float32Array(VALUES_PER_FRAME);
  for (let i = 0; i < LANDMARKS_PER_FRAME; i++) {
    const src = MIRROR_INDEX[i] * VALUES_PER_LANDMARK;
    const dst = i * VALUES_PER_LANDMARK;
    out[dst] = 1 - data[src];
    out[dst + 1] = data[src + 1];
    out[dst + 2] = data[src + 2];
  }
  return out;
}

export function mirrorFrame(frame: LandmarkFrame): LandmarkFrame {
  return { timestampMs: frame.timestampMs, data: mirrorFrameData(frame.data) };
}
