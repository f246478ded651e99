/**
 * Training-time augmentation of landmark sequences, applied to raw frames before the
 * shared feature spec so that every variation passes through the same maths as live
 * input: mirror (hand swap, via the one mirror function), uneven speed, rotation,
 * scale, shift, frame drop, part dropout and a still other hand.
 */
import { FACE, FACE_LANDMARK, HAND_LANDMARK, LEFT_HAND, RIGHT_HAND, LANDMARKS_PER_FRAME, VALUES_PER_LANDMARK, type LandmarkRange } from '../../src/lib/landmarks/layout';
import { mirrorFrameData, type LandmarkFrame } from '../../src/lib/landmarks/frame';
import { bodyFrame, dominantHand, partPresent } from '../../src/lib/features/spec';
import type { Rng } from './rng';

export interface AugmentConfig {
  mirrorChance: number;
  speed: readonly [number, number];
  rotationRad: number;
  scale: readonly [number, number];
  /** Extra independent x/y stretch: phone and webcam aspect ratios differ. */
  stretch: number;
  shift: number;
  frameDropChance: number;
  /** Per frame, per hand: a missed detection. */
  handDropChance: number;
  /** Per sequence: no face at all (turned away, occluded). */
  faceDropChance: number;
  /** Per sequence: the non-dominant hand never detected. */
  otherHandDropChance: number;
  /**
   * Per sequence without a second hand: one appears, held still at rest low beside the
   * body, at the chest or at the head (learners and GISLR signers keep the other hand in
   * view), so the model learns to ignore a hand that does not move.
   */
  stillOtherHandChance: number;
  jitter: number;
}

/**
 * The default: milder than the first recipe's (docs/model.md), since the features now undo
 * much of what it simulated (aspect ratio is corrected, scale and position are normalised
 * to the body).
 */
export const AUGMENT: AugmentConfig = {
  mirrorChance: 0.5,
  speed: [0.8, 1.25],
  rotationRad: (8 * Math.PI) / 180,
  scale: [0.9, 1.1],
  stretch: 0.05,
  shift: 0.05,
  frameDropChance: 0.05,
  handDropChance: 0.04,
  faceDropChance: 0.03,
  otherHandDropChance: 0.05,
  stillOtherHandChance: 0.15,
  jitter: 0.001,
};

export function dropPart(data: Float32Array, part: LandmarkRange): void {
  data.fill(NaN, part.start * VALUES_PER_LANDMARK, (part.start + part.count) * VALUES_PER_LANDMARK);
}

/**
 * Speed changes over the sequence: the first half at one speed, the second at another
 * (a uniform change would vanish in the spec's resampling to a fixed frame count).
 */
function warpTimes(frames: readonly LandmarkFrame[], rng: Rng, cfg: AugmentConfig): number[] {
  const s1 = rng.uniform(cfg.speed[0], cfg.speed[1]);
  const s2 = rng.uniform(cfg.speed[0], cfg.speed[1]);
  const times = [0];
  for (let i = 1; i < frames.length; i++) {
    const dt = frames[i].timestampMs - frames[i - 1].timestampMs;
    times.push(times[i - 1] + dt / (i < frames.length / 2 ? s1 : s2));
  }
  return times;
}

/** Where a still other hand is held, relative to the body (shoulder widths, y down; x towards the other hand's side). */
const STILL_HAND_PLACES: ReadonlyArray<{ x: readonly [number, number]; y: readonly [number, number]; fromNose?: boolean }> = [
  { x: [0.6, 1.0], y: [1.0, 1.6] }, // resting low beside the body
  { x: [0.0, 0.4], y: [0.4, 0.9] }, // at the chest
  { x: [0.2, 0.5], y: [-0.6, -0.2], fromNose: true }, // at the head
];
/** Share of frames in which the still hand is detected. */
const STILL_HAND_SEEN = [0.6, 1.0] as const;
/** Its wrist wanders by up to this much of the image between frames (tracking noise). */
const STILL_HAND_JITTER = 0.003;

/**
 * The sequence with a second hand held still: the signing hand's shape from one frame,
 * mirrored (as the other hand is), placed at one of STILL_HAND_PLACES on the other side.
 * Unchanged when a second hand is already seen.
 */
function withStillOtherHand(frames: readonly LandmarkFrame[], rng: Rng): readonly LandmarkFrame[] {
  const signing = dominantHand(frames) === 'right' ? RIGHT_HAND : LEFT_HAND;
  const other = signing === RIGHT_HAND ? LEFT_HAND : RIGHT_HAND;
  const withSigning = frames.filter((f) => partPresent(f.data, signing));
  if (withSigning.length === 0 || frames.some((f) => partPresent(f.data, other))) return frames;
  const shape = mirrorFrameData(rng.pick(withSigning).data);
  const body = bodyFrame(frames);
  const wrist = (hand: LandmarkRange) => (hand.start + HAND_LANDMARK.wrist) * VALUES_PER_LANDMARK;
  const meanX = withSigning.reduce((sum, f) => sum + f.data[wrist(signing)], 0) / withSigning.length;
  const side = meanX < body.cx ? 1 : -1;
  const place = rng.pick(STILL_HAND_PLACES);
  const nose = frames.find((f) => partPresent(f.data, FACE))?.data;
  const originX = place.fromNose && nose ? nose[FACE_LANDMARK.noseTip * VALUES_PER_LANDMARK] : body.cx;
  const originY = place.fromNose && nose ? nose[FACE_LANDMARK.noseTip * VALUES_PER_LANDMARK + 1] : body.cy;
  const x = originX + side * rng.uniform(place.x[0], place.x[1]) * body.scale;
  const y = Math.min(0.97, originY + rng.uniform(place.y[0], place.y[1]) * body.scale);
  const seen = rng.uniform(STILL_HAND_SEEN[0], STILL_HAND_SEEN[1]);
  const o = other.start * VALUES_PER_LANDMARK;
  const count = other.count * VALUES_PER_LANDMARK;
  const dx = x - shape[wrist(other)];
  const dy = y - shape[wrist(other) + 1];
  const result = frames.map((f) => {
    if (!rng.chance(seen)) return f;
    const data = f.data.slice();
    const jx = rng.uniform(-STILL_HAND_JITTER, STILL_HAND_JITTER);
    const jy = rng.uniform(-STILL_HAND_JITTER, STILL_HAND_JITTER);
    for (let i = 0; i < count; i += VALUES_PER_LANDMARK) {
      data[o + i] = shape[o + i] + dx + jx;
      data[o + i + 1] = shape[o + i + 1] + dy + jy;
      data[o + i + 2] = shape[o + i + 2];
    }
    return { timestampMs: f.timestampMs, data };
  });
  // A sign seen in too few frames to tell which hand moves would be read from the still
  // hand (dominantHand): such a sequence would teach the wrong hand, so it stays as it was.
  return dominantHand(result) === (signing === RIGHT_HAND ? 'right' : 'left') ? result : frames;
}

export function augmentSequence(source: readonly LandmarkFrame[], rng: Rng, cfg: AugmentConfig = AUGMENT): LandmarkFrame[] {
  const AUGMENT = cfg;
  const frames = rng.chance(cfg.stillOtherHandChance) ? withStillOtherHand(source, rng) : source;
  const mirror = rng.chance(AUGMENT.mirrorChance);
  const angle = rng.uniform(-AUGMENT.rotationRad, AUGMENT.rotationRad);
  const scale = rng.uniform(AUGMENT.scale[0], AUGMENT.scale[1]);
  const sx = scale * (1 + rng.uniform(-AUGMENT.stretch, AUGMENT.stretch));
  const sy = scale * (1 + rng.uniform(-AUGMENT.stretch, AUGMENT.stretch));
  const dx = rng.uniform(-AUGMENT.shift, AUGMENT.shift);
  const dy = rng.uniform(-AUGMENT.shift, AUGMENT.shift);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const noFace = rng.chance(AUGMENT.faceDropChance);
  const noOtherHand = rng.chance(AUGMENT.otherHandDropChance);
  const times = warpTimes(frames, rng, cfg);
  const out: LandmarkFrame[] = [];
  frames.forEach((frame, f) => {
    if (frames.length > 2 && rng.chance(AUGMENT.frameDropChance)) return;
    const data = mirror ? mirrorFrameData(frame.data) : frame.data.slice();
    for (let i = 0; i < LANDMARKS_PER_FRAME; i++) {
      const o = i * VALUES_PER_LANDMARK;
      const x = data[o] - 0.5;
      const y = data[o + 1] - 0.5;
      data[o] = 0.5 + dx + sx * (cos * x - sin * y) + rng.uniform(-AUGMENT.jitter, AUGMENT.jitter);
      data[o + 1] = 0.5 + dy + sy * (sin * x + cos * y) + rng.uniform(-AUGMENT.jitter, AUGMENT.jitter);
    }
    if (noFace) dropPart(data, FACE);
    for (const hand of [LEFT_HAND, RIGHT_HAND]) if (rng.chance(AUGMENT.handDropChance)) dropPart(data, hand);
    out.push({ timestampMs: times[f], data });
  });
  if (noOtherHand) dropOtherHand(out);
  return out.length > 0 ? out : [{ timestampMs: 0, data: frames[0].data.slice() }];
}

function dropOtherHand(frames: LandmarkFrame[]): void {
  const other = dominantHand(frames) === 'right' ? LEFT_HAND : RIGHT_HAND;
  for (const f of frames) dropPart(f.data, other);
}
