import { beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_BLOCKS, FEATURE_FRAMES, FEATURE_SIZE, computeFeatures, dominantHand, partPresent } from '../../src/lib/features/spec';
import { HAND_LANDMARK, LEFT_HAND, RIGHT_HAND, VALUES_PER_LANDMARK, type LandmarkRange } from '../../src/lib/landmarks/layout';
import { augmentSequence, type AugmentConfig } from '../../training/model/augment';
import { loadSamples, type Sample } from '../../training/model/dataset';
import { createRng } from '../../training/model/rng';

/** Every augmentation off: the sequence comes out as it went in. */
const IDENTITY: AugmentConfig = {
  mirrorChance: 0, speed: [1, 1], rotationRad: 0, scale: [1, 1], stretch: 0, shift: 0, frameDropChance: 0,
  handDropChance: 0, faceDropChance: 0, otherHandDropChance: 0, stillOtherHandChance: 0, jitter: 0,
};
/** The still hand's wrist moves by tracking noise only: a few thousandths of the image. */
const STILL_WRIST_RANGE = 0.01;

const SIGNING_BLOCKS = ['dominantHandLocation', 'dominantHandShape', 'dominantHandPresent', 'dominantHandMotion', 'window'];

function columns(features: Float32Array, names: readonly string[]): number[] {
  const out: number[] = [];
  for (const b of FEATURE_BLOCKS.filter((x) => names.includes(x.name))) {
    for (let f = 0; f < FEATURE_FRAMES; f++) for (let c = 0; c < b.count; c++) out.push(features[f * FEATURE_SIZE + b.start + c]);
  }
  return out;
}

function wristRange(frames: Sample['frames'], hand: LandmarkRange): number {
  const xs = frames.filter((f) => partPresent(f.data, hand)).map((f) => f.data[(hand.start + HAND_LANDMARK.wrist) * VALUES_PER_LANDMARK]);
  return Math.max(...xs) - Math.min(...xs);
}

describe('training augmentation', () => {
  let samples: Sample[];
  beforeAll(async () => {
    samples = await loadSamples('tests/fixtures/features');
  });

  it('changes nothing with every augmentation off', () => {
    const out = augmentSequence(samples[0].frames, createRng(1), IDENTITY);
    expect(out.map((f) => Array.from(f.data))).toEqual(samples[0].frames.map((f) => Array.from(f.data)));
  });

  it('adds a still other hand that leaves the signing hand, and so its features, as they were', () => {
    for (const s of samples) {
      const signing = dominantHand(s.frames);
      const other = signing === 'right' ? LEFT_HAND : RIGHT_HAND;
      expect(s.frames.some((f) => partPresent(f.data, other))).toBe(false);
      const out = augmentSequence(s.frames, createRng(2), { ...IDENTITY, stillOtherHandChance: 1 });
      const seen = out.filter((f) => partPresent(f.data, other)).length;
      expect(seen).toBeGreaterThanOrEqual(Math.floor(0.5 * out.length));
      expect(wristRange(out, other)).toBeLessThan(STILL_WRIST_RANGE);
      expect(dominantHand(out)).toBe(signing);
      expect(columns(computeFeatures(out), SIGNING_BLOCKS)).toEqual(columns(computeFeatures(s.frames), SIGNING_BLOCKS));
    }
  });
});
