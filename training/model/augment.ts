/**
 * Training-time augmentation of landmark sequences, applied to raw frames before the
 * shared feature spec so that every variation passes through the same maths as live
 * input: mirror (hand swap, via the one mirror function), uneven speed, rotation,
 * scale, shift, frame drop and part dropout.
 */
import { LEFT_HAND, RIGHT_HAND, FACE, LANDMARKS_PER_FRAME, VALUES_PER_LANDMARK, type LandmarkRange } from '../../src/lib/landmarks/layout';
import { mirrorFrameData, type LandmarkFrame } from '../../src/lib/landmarks/frame';
import { dominantHand } from '../../src/lib/features/spec';
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

export function augmentSequence(frames: readonly LandmarkFrame[], rng: Rng, cfg: AugmentConfig = AUGMENT): LandmarkFrame[] {
  const AUGMENT = cfg;
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
