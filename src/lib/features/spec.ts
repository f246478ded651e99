/**
 * The shared feature spec: the one place that turns landmark frames into the fixed-size
 * tensor every classifier, matcher and feedback view sees. Imported by the app (src/)
 * and by training/ alike, so a model is always fed the maths it was trained on.
 *
 * Steps (version FEATURE_SPEC_VERSION; bump it whenever any output value changes):
 *  1. Trim leading and trailing frames without any hand (the sign lives where hands are).
 *  2. Pick the dominant hand (dominantHand: of two hands seen, the one that moves more,
 *     since a hand held still is not signing) and mirror every frame with mirrorFrameData
 *     when it is the left one, so features are always in "dominant = right" form and
 *     recognition does not depend on which hand signs.
 *  3. Put x and y on one scale: landmarks are normalised x by image width and y by image
 *     height, and recordings do not store the image size, so x is multiplied by the image
 *     aspect ratio estimated from the face mesh (estimateImageAspect; 1 without a face).
 *     A 16:9 webcam, a 4:3 one and a portrait phone then give the same distances and angles.
 *  4. Resample to FEATURE_FRAMES frames evenly spaced in time (resample.ts).
 *  5. Per frame: hand landmarks in body coordinates (centred on the shoulder midpoint,
 *     scaled by shoulder width) and in hand coordinates (centred on the wrist, scaled by
 *     palm length) for hand shape; elbows/wrists/shoulders; a few named face points;
 *     frame-to-frame differences of the hand and arm trajectory points; and, the same in
 *     every frame, what resampling hides: how long the window lasted, in how many of its
 *     frames the signing hand was seen, how far its wrist travelled and how far it got
 *     (a sign's first third looks like a whole quick sign once resampled; these tell them apart).
 *  6. Only x and y are used: MediaPipe's z is unreliable. A missing part becomes 0 with
 *     its presence flag 0. Values are clipped to +-FEATURE_CLIP.
 * The steps read frames projected to the landmarks they use (projectForFeatures, once per
 * frame); computeFeatures projects whole frames first, so both give the same values.
 */
import type { LandmarkFrame } from '../landmarks/frame';
import { ASPECT_LANDMARKS, estimateImageAspect } from '../landmarks/aspect';
import {
  FACE, FACE_LANDMARK, HAND_LANDMARK, LEFT_HAND, POSE, POSE_LANDMARK, RIGHT_HAND, VALUES_PER_LANDMARK,
  type LandmarkRange,
} from '../landmarks/layout';
import type { FeaturePart } from '../recognition/types';
import { frameProjection, mirrorProjected, PROJECTED_VALUES_PER_LANDMARK, projectData, projectFrame } from './projection';
import { resampleFrames } from './resample';

export const FEATURE_SPEC_VERSION = 3;

/** Frames per feature tensor (GISLR signs average 31 frames at 30 fps). */
export const FEATURE_FRAMES = 32;

/** Hand points whose frame-to-frame motion is a feature (wrist and fingertips). */
const HAND_TRAJECTORY_POINTS = [
  HAND_LANDMARK.wrist, HAND_LANDMARK.thumbTip, HAND_LANDMARK.indexTip,
  HAND_LANDMARK.middleTip, HAND_LANDMARK.ringTip, HAND_LANDMARK.pinkyTip,
] as const;

/** Arm points (pose), for where the arms are when a hand leaves the frame. */
const ARM_POINTS = [
  POSE_LANDMARK.leftShoulder, POSE_LANDMARK.rightShoulder,
  POSE_LANDMARK.leftElbow, POSE_LANDMARK.rightElbow,
  POSE_LANDMARK.leftWrist, POSE_LANDMARK.rightWrist,
] as const;

/** Arm points whose motion is a feature (shoulders barely move). */
const ARM_TRAJECTORY_POINTS = [
  POSE_LANDMARK.leftElbow, POSE_LANDMARK.rightElbow, POSE_LANDMARK.leftWrist, POSE_LANDMARK.rightWrist,
] as const;

/** Face points: where the hand is relative to them carries meaning (chin vs forehead). */
const FACE_POINTS = [
  FACE_LANDMARK.noseTip, FACE_LANDMARK.chin, FACE_LANDMARK.foreheadTop,
  FACE_LANDMARK.leftEyeOuter, FACE_LANDMARK.rightEyeOuter,
  FACE_LANDMARK.mouthLeft, FACE_LANDMARK.mouthRight, FACE_LANDMARK.upperLipTop, FACE_LANDMARK.lowerLipBottom,
] as const;

/**
 * Bound on every feature value: real hands stay within a few shoulder widths and palm
 * lengths; larger values come from degenerate detections (a palm a few pixels long)
 * and would dominate training.
 */
export const FEATURE_CLIP = 8;

const HAND_COUNT = LEFT_HAND.count;
/** Window summary: duration (s), signing-hand presence share, wrist path length, wrist net displacement. */
const WINDOW_COLUMNS = 4;
const XY = 2;

/** A named block of columns in one feature frame. */
export interface FeatureBlock {
  name: string;
  part: FeaturePart;
  start: number;
  count: number;
}

function buildBlocks(): FeatureBlock[] {
  const spec: Array<[string, FeaturePart, number]> = [
    ['dominantHandLocation', 'handLocation', HAND_COUNT * XY],
    ['dominantHandShape', 'handShape', HAND_COUNT * XY],
    ['dominantHandPresent', 'handLocation', 1],
    ['otherHandLocation', 'handLocation', HAND_COUNT * XY],
    ['otherHandShape', 'handShape', HAND_COUNT * XY],
    ['otherHandPresent', 'handLocation', 1],
    ['arms', 'handLocation', ARM_POINTS.length * XY],
    ['armsPresent', 'handLocation', 1],
    ['face', 'face', FACE_POINTS.length * XY],
    ['facePresent', 'face', 1],
    ['dominantHandMotion', 'movement', HAND_TRAJECTORY_POINTS.length * XY],
    ['otherHandMotion', 'movement', HAND_TRAJECTORY_POINTS.length * XY],
    ['armMotion', 'movement', ARM_TRAJECTORY_POINTS.length * XY],
    ['window', 'movement', WINDOW_COLUMNS],
  ];
  let start = 0;
  return spec.map(([name, part, count]) => {
    const block = { name, part, start, count };
    start += count;
    return block;
  });
}

/** The columns of one feature frame, in order. */
export const FEATURE_BLOCKS: readonly FeatureBlock[] = buildBlocks();

/** Values per feature frame. */
export const FEATURE_SIZE = FEATURE_BLOCKS.reduce((n, b) => n + b.count, 0);

const BLOCK = Object.fromEntries(FEATURE_BLOCKS.map((b) => [b.name, b])) as Record<string, FeatureBlock>;

/** Column indices of each feature part, for per-part comparison. */
export const PART_COLUMNS: Readonly<Record<FeaturePart, Int32Array>> = (() => {
  const parts: FeaturePart[] = ['handShape', 'handLocation', 'movement', 'face'];
  return Object.fromEntries(parts.map((part) => {
    const cols: number[] = [];
    for (const b of FEATURE_BLOCKS) if (b.part === part) for (let i = 0; i < b.count; i++) cols.push(b.start + i);
    return [part, Int32Array.from(cols)];
  })) as Record<FeaturePart, Int32Array>;
})();

export type Hand = 'left' | 'right';

/** Every landmark a step reads: the hands whole, the arm points, the face points and those the image aspect comes from. */
const PROJECTION = frameProjection([
  ...Array.from({ length: HAND_COUNT }, (_, i) => LEFT_HAND.start + i),
  ...Array.from({ length: HAND_COUNT }, (_, i) => RIGHT_HAND.start + i),
  ...[POSE_LANDMARK.leftShoulder, POSE_LANDMARK.rightShoulder, ...ARM_POINTS].map((i) => POSE.start + i),
  ...FACE_POINTS.map((i) => FACE.start + i),
  ...ASPECT_LANDMARKS,
]);
const projectedOffset = (l: number) => PROJECTION.offset[l];

/** A frame as the feature steps read it: call once per frame, and pass the result to featuresOfProjected. */
export function projectForFeatures(frame: LandmarkFrame): LandmarkFrame {
  return projectFrame(frame, PROJECTION);
}

const projectedData = (f: { data: Float32Array }) => ({ data: projectData(f.data, PROJECTION) });

/** In projected data (projectForFeatures). */
function landmarkX(data: Float32Array, part: LandmarkRange, i: number): number {
  return data[PROJECTION.offset[part.start + i]];
}
function landmarkY(data: Float32Array, part: LandmarkRange, i: number): number {
  return data[PROJECTION.offset[part.start + i] + 1];
}

/** Holistic detects a part whole or not at all: its first landmark tells (in projected data). */
function seen(data: Float32Array, part: LandmarkRange): boolean {
  return !Number.isNaN(landmarkX(data, part, 0));
}

const handSeen = (data: Float32Array) => seen(data, LEFT_HAND) || seen(data, RIGHT_HAND);

/** Whether a part is detected in a whole frame's data. */
export function partPresent(data: Float32Array, part: LandmarkRange): boolean {
  return !Number.isNaN(data[part.start * VALUES_PER_LANDMARK]);
}

/** Whether either hand is seen in a whole frame's data. */
export function anyHand(data: Float32Array): boolean {
  return partPresent(data, LEFT_HAND) || partPresent(data, RIGHT_HAND);
}

/** Frames from the first to the last one with a hand (`hasHand`: default, in whole frames); all frames when no hand is seen. */
export function trimToHands<T extends { data: Float32Array }>(frames: readonly T[], hasHand: (data: Float32Array) => boolean = anyHand): readonly T[] {
  let first = frames.findIndex((f) => hasHand(f.data));
  if (first < 0) return frames;
  let last = frames.length - 1;
  while (!hasHand(frames[last].data)) last--;
  return frames.slice(first, last + 1);
}

interface HandStats {
  present: number;
  travel: number;
  /** Root-mean-square distance of the wrist from its mean position. */
  spread: number;
  meanY: number;
}

function handStats(frames: readonly { data: Float32Array }[], hand: LandmarkRange): HandStats {
  const xs: number[] = [];
  const ys: number[] = [];
  let travel = 0;
  for (const f of frames) {
    if (!seen(f.data, hand)) continue;
    const x = landmarkX(f.data, hand, HAND_LANDMARK.wrist);
    const y = landmarkY(f.data, hand, HAND_LANDMARK.wrist);
    if (xs.length) travel += Math.hypot(x - xs[xs.length - 1], y - ys[ys.length - 1]);
    xs.push(x);
    ys.push(y);
  }
  const present = xs.length;
  if (present === 0) return { present, travel, spread: 0, meanY: Infinity };
  const mx = xs.reduce((a, b) => a + b, 0) / present;
  const my = ys.reduce((a, b) => a + b, 0) / present;
  const spread = Math.sqrt(xs.reduce((sum, x, i) => sum + (x - mx) ** 2 + (ys[i] - my) ** 2, 0) / present);
  return { present, travel, spread, meanY: my };
}

/** A hand's spread means something from this many frames with it (two points only give half their distance). */
const SPREAD_MIN_FRAMES = 3;

/**
 * The signing hand. When both hands are seen in at least SPREAD_MIN_FRAMES frames, the
 * one whose wrist moves around more (spread): a hand held still is resting, or is the
 * base hand of a two-handed sign, which by the dominance condition stays still while the
 * dominant hand moves. Measured on GISLR: signers who keep the other hand still at the
 * head or at the side, seen in more frames than the signing hand, had that hand taken
 * for the signing one (6 of 747 sequences, all read as the other sign). Otherwise the
 * hand seen in more frames; then the one that travels further; then the higher one.
 * Every criterion is unchanged by a mirror, so a mirrored sequence picks the same
 * physical hand (with its name swapped), which makes features mirror-invariant.
 */
export function dominantHand(frames: readonly { data: Float32Array }[]): Hand {
  return dominantOf(frames.map(projectedData));
}

function dominantOf(frames: readonly { data: Float32Array }[]): Hand {
  const l = handStats(frames, LEFT_HAND);
  const r = handStats(frames, RIGHT_HAND);
  if (l.present >= SPREAD_MIN_FRAMES && r.present >= SPREAD_MIN_FRAMES && l.spread !== r.spread) return l.spread > r.spread ? 'left' : 'right';
  if (l.present !== r.present) return l.present > r.present ? 'left' : 'right';
  if (l.travel !== r.travel) return l.travel > r.travel ? 'left' : 'right';
  return l.meanY < r.meanY ? 'left' : 'right';
}

/** Projected frames in "dominant = right" form: mirrored when the dominant hand is the left one. */
function canonicalFrames(frames: readonly LandmarkFrame[]): LandmarkFrame[] {
  const trimmed = trimToHands(frames, handSeen);
  if (dominantOf(trimmed) === 'right') return trimmed.slice();
  return trimmed.map((f) => ({ timestampMs: f.timestampMs, data: mirrorProjected(f.data, PROJECTION) }));
}

/** Body coordinates: origin and unit length. */
export interface BodyFrame {
  cx: number;
  cy: number;
  scale: number;
}

/**
 * When the shoulders are never seen, the body frame is estimated from the face: the
 * shoulder midpoint lies about this many eye-distances below the nose, and the shoulders
 * are about this many eye-distances apart (adult proportions, rough by design).
 */
const SHOULDERS_BELOW_NOSE_IN_EYE_DISTANCES = 2.5;
const SHOULDER_WIDTH_IN_EYE_DISTANCES = 3.5;
/** Last resort without body or face: the image centre, a third of its height per unit. */
const DEFAULT_BODY: BodyFrame = { cx: 0.5, cy: 0.5, scale: 1 / 3 };

/** Image aspect assumed when no face is seen (between portrait phones and landscape webcams). */
export const DEFAULT_IMAGE_ASPECT = 1;

/** Projected frames with x multiplied by the image aspect (width / height), so x and y share one unit (the image height). */
function squareFrames(frames: readonly LandmarkFrame[], aspect: number): LandmarkFrame[] {
  return frames.map((f) => {
    const data = f.data.slice();
    for (let i = 0; i < data.length; i += PROJECTED_VALUES_PER_LANDMARK) data[i] *= aspect;
    return { timestampMs: f.timestampMs, data };
  });
}

/**
 * The sequence's mean shoulder midpoint and width (per-frame pose jitters). `aspect` only
 * places the last-resort default (no body, no face) at the image centre.
 */
export function bodyFrame(frames: readonly { data: Float32Array }[], aspect = 1): BodyFrame {
  return bodyOf(frames.map(projectedData), aspect);
}

function bodyOf(frames: readonly { data: Float32Array }[], aspect: number): BodyFrame {
  let n = 0;
  let cx = 0;
  let cy = 0;
  let width = 0;
  for (const f of frames) {
    if (!seen(f.data, POSE)) continue;
    const lx = landmarkX(f.data, POSE, POSE_LANDMARK.leftShoulder);
    const ly = landmarkY(f.data, POSE, POSE_LANDMARK.leftShoulder);
    const rx = landmarkX(f.data, POSE, POSE_LANDMARK.rightShoulder);
    const ry = landmarkY(f.data, POSE, POSE_LANDMARK.rightShoulder);
    const w = Math.hypot(lx - rx, ly - ry);
    if (!(w > 0)) continue;
    n++;
    cx += (lx + rx) / 2;
    cy += (ly + ry) / 2;
    width += w;
  }
  if (n > 0) return { cx: cx / n, cy: cy / n, scale: width / n };
  return faceBodyFrame(frames) ?? { ...DEFAULT_BODY, cx: DEFAULT_BODY.cx * aspect };
}

function faceBodyFrame(frames: readonly { data: Float32Array }[]): BodyFrame | null {
  let n = 0;
  let nx = 0;
  let ny = 0;
  let eyes = 0;
  for (const f of frames) {
    if (!seen(f.data, FACE)) continue;
    const d = Math.hypot(
      landmarkX(f.data, FACE, FACE_LANDMARK.leftEyeOuter) - landmarkX(f.data, FACE, FACE_LANDMARK.rightEyeOuter),
      landmarkY(f.data, FACE, FACE_LANDMARK.leftEyeOuter) - landmarkY(f.data, FACE, FACE_LANDMARK.rightEyeOuter),
    );
    if (!(d > 0)) continue;
    n++;
    nx += landmarkX(f.data, FACE, FACE_LANDMARK.noseTip);
    ny += landmarkY(f.data, FACE, FACE_LANDMARK.noseTip);
    eyes += d;
  }
  if (n === 0) return null;
  const eyeDistance = eyes / n;
  return {
    cx: nx / n,
    cy: ny / n + SHOULDERS_BELOW_NOSE_IN_EYE_DISTANCES * eyeDistance,
    scale: SHOULDER_WIDTH_IN_EYE_DISTANCES * eyeDistance,
  };
}

/** Writes a hand's body-relative points, wrist-relative shape and presence flag. */
function writeHand(data: Float32Array, hand: LandmarkRange, body: BodyFrame, out: Float32Array, o: number,
  location: FeatureBlock, shape: FeatureBlock, present: FeatureBlock): void {
  if (!seen(data, hand)) return;
  const wx = landmarkX(data, hand, HAND_LANDMARK.wrist);
  const wy = landmarkY(data, hand, HAND_LANDMARK.wrist);
  const palm = Math.hypot(landmarkX(data, hand, HAND_LANDMARK.middleMcp) - wx, landmarkY(data, hand, HAND_LANDMARK.middleMcp) - wy);
  // A degenerate hand (all points on the wrist) has no shape; its location still counts.
  const shapeScale = palm > 0 ? 1 / palm : 0;
  for (let i = 0; i < HAND_COUNT; i++) {
    const x = landmarkX(data, hand, i);
    const y = landmarkY(data, hand, i);
    out[o + location.start + i * XY] = (x - body.cx) / body.scale;
    out[o + location.start + i * XY + 1] = (y - body.cy) / body.scale;
    out[o + shape.start + i * XY] = (x - wx) * shapeScale;
    out[o + shape.start + i * XY + 1] = (y - wy) * shapeScale;
  }
  out[o + present.start] = 1;
}

function writePoints(data: Float32Array, part: LandmarkRange, points: readonly number[], body: BodyFrame,
  out: Float32Array, o: number, block: FeatureBlock, present: FeatureBlock): void {
  if (!seen(data, part)) return;
  points.forEach((p, i) => {
    out[o + block.start + i * XY] = (landmarkX(data, part, p) - body.cx) / body.scale;
    out[o + block.start + i * XY + 1] = (landmarkY(data, part, p) - body.cy) / body.scale;
  });
  out[o + present.start] = 1;
}

/**
 * Motion is measured per whole sign rather than per resampled frame (frame differences
 * times the frame intervals), so it is on the scale of the location features (about 1)
 * instead of 30 times smaller.
 */
const MOTION_SCALE = FEATURE_FRAMES - 1;

/** Motion of `points` between consecutive frames, 0 where the part is missing in either. */
function writeMotion(prev: Float32Array, cur: Float32Array, part: LandmarkRange, points: readonly number[],
  body: BodyFrame, out: Float32Array, o: number, block: FeatureBlock): void {
  if (!seen(prev, part) || !seen(cur, part)) return;
  points.forEach((p, i) => {
    out[o + block.start + i * XY] = (MOTION_SCALE * (landmarkX(cur, part, p) - landmarkX(prev, part, p))) / body.scale;
    out[o + block.start + i * XY + 1] = (MOTION_SCALE * (landmarkY(cur, part, p) - landmarkY(prev, part, p))) / body.scale;
  });
}

/**
 * What resampling to a fixed frame count hides, over the (trimmed, canonical, square)
 * frames: duration in seconds, share of frames with the signing hand, and its wrist's
 * path length and net displacement in body units (consecutive sightings joined).
 */
function windowSummary(frames: readonly { timestampMs: number; data: Float32Array }[], body: BodyFrame): number[] {
  const duration = frames.length > 1 ? Math.max(0, frames[frames.length - 1].timestampMs - frames[0].timestampMs) / 1000 : 0;
  let sightings = 0;
  let path = 0;
  let first: [number, number] | null = null;
  let last: [number, number] | null = null;
  for (const f of frames) {
    if (!seen(f.data, RIGHT_HAND)) continue;
    sightings++;
    const p: [number, number] = [landmarkX(f.data, RIGHT_HAND, HAND_LANDMARK.wrist), landmarkY(f.data, RIGHT_HAND, HAND_LANDMARK.wrist)];
    if (last) path += Math.hypot(p[0] - last[0], p[1] - last[1]);
    first ??= p;
    last = p;
  }
  const net = first && last ? Math.hypot(last[0] - first[0], last[1] - first[1]) : 0;
  return [duration, frames.length ? sightings / frames.length : 0, path / body.scale, net / body.scale];
}

/** The image aspect of a window: from its face, else from the untrimmed frames' face, else the default. */
function imageAspectOf(canonical: readonly LandmarkFrame[], frames: readonly LandmarkFrame[]): number {
  return estimateImageAspect(canonical, projectedOffset) ?? estimateImageAspect(frames, projectedOffset) ?? DEFAULT_IMAGE_ASPECT;
}

/**
 * The feature tensor of a landmark sequence: FEATURE_FRAMES x FEATURE_SIZE values,
 * frame-major. An empty sequence gives all zeros (every part absent).
 */
export function computeFeatures(frames: readonly LandmarkFrame[]): Float32Array {
  return featuresOfProjected(frames.map(projectForFeatures));
}

/** computeFeatures of frames already projected (projectForFeatures): the same values. */
export function featuresOfProjected(frames: readonly LandmarkFrame[]): Float32Array {
  const out = new Float32Array(FEATURE_FRAMES * FEATURE_SIZE);
  if (frames.length === 0) return out;
  const canonical = canonicalFrames(frames);
  const aspect = imageAspectOf(canonical, frames);
  const square = squareFrames(canonical, aspect);
  const body = bodyOf(square, aspect);
  const summary = windowSummary(square, body);
  const resampled = resampleFrames(square, FEATURE_FRAMES, PROJECTION);
  for (let f = 0; f < FEATURE_FRAMES; f++) {
    const data = resampled[f];
    const o = f * FEATURE_SIZE;
    writeHand(data, RIGHT_HAND, body, out, o, BLOCK.dominantHandLocation, BLOCK.dominantHandShape, BLOCK.dominantHandPresent);
    writeHand(data, LEFT_HAND, body, out, o, BLOCK.otherHandLocation, BLOCK.otherHandShape, BLOCK.otherHandPresent);
    writePoints(data, POSE, ARM_POINTS, body, out, o, BLOCK.arms, BLOCK.armsPresent);
    writePoints(data, FACE, FACE_POINTS, body, out, o, BLOCK.face, BLOCK.facePresent);
    summary.forEach((v, i) => (out[o + BLOCK.window.start + i] = v));
    if (f === 0) continue;
    const prev = resampled[f - 1];
    writeMotion(prev, data, RIGHT_HAND, HAND_TRAJECTORY_POINTS, body, out, o, BLOCK.dominantHandMotion);
    writeMotion(prev, data, LEFT_HAND, HAND_TRAJECTORY_POINTS, body, out, o, BLOCK.otherHandMotion);
    writeMotion(prev, data, POSE, ARM_TRAJECTORY_POINTS, body, out, o, BLOCK.armMotion);
  }
  for (let i = 0; i < out.length; i++) out[i] = Math.max(-FEATURE_CLIP, Math.min(FEATURE_CLIP, out[i]));
  return out;
}

/** Whether a feature tensor saw the signing hand in any frame (a window without one holds no sign). */
export function featuresShowHand(features: Float32Array): boolean {
  for (let f = 0; f < FEATURE_FRAMES; f++) if (features[f * FEATURE_SIZE + BLOCK.dominantHandPresent.start] > 0) return true;
  return false;
}

/** A named view of the spec, for model manifests and docs. */
export function describeFeatureSpec() {
  return {
    version: FEATURE_SPEC_VERSION,
    frames: FEATURE_FRAMES,
    size: FEATURE_SIZE,
    blocks: FEATURE_BLOCKS.map((b) => ({ ...b })),
  };
}

/**
 * The blocks of a hands-only model (`signs train --parts hands`): both hands' location,
 * shape, presence and motion and the window block, without the arms and the face (the
 * hands are still placed relative to the shoulders, which the body frame needs).
 */
export const HAND_BLOCK_NAMES: readonly string[] = FEATURE_BLOCKS.filter((b) => b.name.includes('Hand') || b.name === 'window').map((b) => b.name);

/** Feature columns of the named blocks, in the order named. */
export function blockColumns(names: readonly string[]): Int32Array {
  return Int32Array.from(names.flatMap((name) => {
    const block = BLOCK[name];
    if (!block) throw new RangeError(`${name} is not a block of feature spec v${FEATURE_SPEC_VERSION}`);
    return Array.from({ length: block.count }, (_, i) => block.start + i);
  }));
}

/** A feature tensor cut down to `columns` in every frame (FEATURE_FRAMES x columns.length). */
export function selectColumns(features: Float32Array, columns: Int32Array): Float32Array {
  const out = new Float32Array(FEATURE_FRAMES * columns.length);
  for (let f = 0; f < FEATURE_FRAMES; f++) {
    for (let j = 0; j < columns.length; j++) out[f * columns.length + j] = features[f * FEATURE_SIZE + columns[j]];
  }
  return out;
}
