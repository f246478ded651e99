import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import {
  FACE, FACE_LANDMARK, HAND_LANDMARK, estimateImageAspect, LEFT_HAND, POSE, POSE_LANDMARK, RIGHT_HAND, VALUES_PER_LANDMARK,
  emptyFrameData, mirrorFrame, type LandmarkFrame, type LandmarkRange,
} from '../../src/lib/landmarks';
import {
  FEATURE_BLOCKS, FEATURE_CLIP, FEATURE_FRAMES, FEATURE_SIZE, computeFeatures, dominantHand, trimToHands,
  resampleFrames, comparePartsOf, bodyFrame, partPresent, TYPICAL_PART_DISTANCE, partThatDiffersMost, closeInEveryPart,
} from '../../src/lib/features';
import { loadSamples, HELD_OUT_SIGNERS } from '../../training/model/dataset';
import { createRng } from '../../training/model/rng';
import { shiftHand } from '../../training/model/negatives';
import type { FeaturePart } from '../../src/lib/recognition/types';
import { readGislrInt16Pack } from '../../training/data/gislr-pack';
import { GISLR_SUBSET_DIR } from '../../training/shared-data';
import { createHash } from 'node:crypto';
import { featuresOfProjected, projectForFeatures } from '../../src/lib/features/spec';
import { SPEC_GOLDEN_FILE, specVariants } from './spec-variants';

const GISLR_DIR = GISLR_SUBSET_DIR;
/** TYPICAL_PART_DISTANCE is stored to 3 decimals. */
const STORED_DECIMALS_TOLERANCE = 0.001;

/**
 * Mirroring twice computes 1 - (1 - x) in float32, exact to ~6e-8 of the image; hand
 * shape divides by the palm length (down to ~1/200 of the image), so features agree to
 * this relative tolerance (measured worst case on all 747 GISLR sequences: 1.1e-5).
 */
const MIRROR_TOLERANCE = 2e-5;

function block(name: string) {
  const b = FEATURE_BLOCKS.find((x) => x.name === name);
  if (!b) throw new Error(name);
  return b;
}

function setPoint(data: Float32Array, part: LandmarkRange, i: number, x: number, y: number): void {
  const o = (part.start + i) * VALUES_PER_LANDMARK;
  data[o] = x;
  data[o + 1] = y;
  data[o + 2] = 0;
}

/** A plausible upper body: shoulders 0.3 apart around (0.5, 0.7), a face above. */
function body(data: Float32Array): void {
  for (let i = 0; i < POSE.count; i++) setPoint(data, POSE, i, 0.5, 0.8);
  setPoint(data, POSE, POSE_LANDMARK.leftShoulder, 0.65, 0.7);
  setPoint(data, POSE, POSE_LANDMARK.rightShoulder, 0.35, 0.7);
  for (let i = 0; i < FACE.count; i++) setPoint(data, FACE, i, 0.5 + 0.001 * (i % 7), 0.35 + 0.001 * (i % 5));
  // A frontal face's proportions (cheek width = 0.78 x forehead-to-chin height) in a square image.
  setPoint(data, FACE, FACE_LANDMARK.foreheadTop, 0.5, 0.3);
  setPoint(data, FACE, FACE_LANDMARK.chin, 0.5, 0.4);
  setPoint(data, FACE, 454, 0.539, 0.35);
  setPoint(data, FACE, 234, 0.461, 0.35);
}

/** The same scene filmed by a camera of another aspect (width / height), same height and centre. */
function filmedAt(frames: LandmarkFrame[], aspect: number): LandmarkFrame[] {
  return frames.map((f) => {
    const data = f.data.slice();
    for (let i = 0; i < data.length; i += VALUES_PER_LANDMARK) data[i] = (data[i] + (aspect - 1) / 2) / aspect;
    return { timestampMs: f.timestampMs, data };
  });
}

/** A hand with its wrist at (x, y): fingers fanned upwards, palm 0.05 long. */
function hand(data: Float32Array, part: LandmarkRange, x: number, y: number, spread = 1): void {
  for (let i = 0; i < part.count; i++) {
    const finger = Math.floor((i - 1) / 4);
    const joint = ((i - 1) % 4) + 1;
    const dx = i === 0 ? 0 : (finger - 2) * 0.012 * spread;
    const dy = i === 0 ? 0 : -0.02 * joint;
    setPoint(data, part, i, x + dx, y + dy);
  }
  setPoint(data, part, HAND_LANDMARK.middleMcp, x, y - 0.05);
}

function frame(t: number, build: (d: Float32Array) => void): LandmarkFrame {
  const data = emptyFrameData();
  build(data);
  return { timestampMs: t, data };
}

function worstRelativeDiff(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(a[i])));
  return worst;
}

function expectClose(a: Float32Array, b: Float32Array, tol: number): void {
  expect(worstRelativeDiff(a, b)).toBeLessThanOrEqual(tol);
}

describe('feature spec', () => {
  it('gives bit for bit the features it gave before frames were projected, on real recordings and their variants', () => {
    const golden = JSON.parse(readFileSync(SPEC_GOLDEN_FILE, 'utf8')) as Record<string, string>;
    const hash = (f: Float32Array) => createHash('sha256').update(new Uint8Array(f.buffer, f.byteOffset, f.byteLength)).digest('hex').slice(0, 16);
    const variants = specVariants();
    expect(variants.map((v) => v.name).sort()).toEqual(Object.keys(golden).sort());
    for (const { name, frames } of variants) {
      expect(hash(computeFeatures(frames)), name).toBe(golden[name]);
      expect(hash(featuresOfProjected(frames.map(projectForFeatures))), name).toBe(golden[name]);
    }
  });

  it('has a fixed size and shape', () => {
    const f = computeFeatures([frame(0, (d) => { body(d); hand(d, RIGHT_HAND, 0.4, 0.5); })]);
    expect(f.length).toBe(FEATURE_FRAMES * FEATURE_SIZE);
    expect(FEATURE_BLOCKS.at(-1)!.start + FEATURE_BLOCKS.at(-1)!.count).toBe(FEATURE_SIZE);
  });

  it('gives all zeros for an empty sequence', () => {
    expect(computeFeatures([]).every((v) => v === 0)).toBe(true);
  });

  it('is invariant to mirroring (left-handed signing = right-handed signing)', () => {
    const seq = Array.from({ length: 20 }, (_, i) => frame(i * 33, (d) => {
      body(d);
      hand(d, LEFT_HAND, 0.6 + 0.005 * i, 0.5 - 0.01 * i);
      if (i % 3 === 0) hand(d, RIGHT_HAND, 0.3, 0.9, 0.5);
    }));
    expect(dominantHand(seq)).toBe('left');
    const mirrored = seq.map(mirrorFrame);
    expect(dominantHand(mirrored)).toBe('right');
    expectClose(computeFeatures(seq), computeFeatures(mirrored), MIRROR_TOLERANCE);
  });

  it('takes the moving hand for the signing one when the other is held still in more frames', () => {
    // The other hand rests at the head in every frame (as some GISLR signers hold it); the
    // signing hand, tracked in some of the frames, moves from the chin down and out.
    const scene = (tracked: (i: number) => boolean) => Array.from({ length: 30 }, (_, i) => frame(i * 33, (d) => {
      body(d);
      hand(d, LEFT_HAND, 0.6 + 0.001 * (i % 2), 0.3);
      if (tracked(i)) hand(d, RIGHT_HAND, 0.45 - 0.004 * i, 0.45 + 0.006 * i);
    }));
    const seq = scene((i) => i % 3 === 0);
    expect(dominantHand(seq)).toBe('right');
    expect(dominantHand(seq.map(mirrorFrame))).toBe('left');
    // Seen in fewer than three frames, a hand's spread says little: the hand seen more often signs.
    const brief = scene((i) => i === 0 || i === 3);
    expect(dominantHand(brief)).toBe('left');
  });

  it('gives the same features for the same movement filmed at 16:9, 4:3 and portrait 9:16', () => {
    const seq = Array.from({ length: 20 }, (_, i) => frame(i * 33, (d) => {
      body(d);
      hand(d, RIGHT_HAND, 0.4 + 0.01 * i, 0.6 - 0.01 * i);
      hand(d, LEFT_HAND, 0.6, 0.7 - 0.005 * i, 0.7);
    }));
    expect(estimateImageAspect(seq)).toBeCloseTo(1, 2);
    const square = computeFeatures(seq);
    for (const aspect of [16 / 9, 4 / 3, 9 / 16]) {
      const filmed = filmedAt(seq, aspect);
      expect(estimateImageAspect(filmed)).toBeCloseTo(aspect, 2);
      expectClose(computeFeatures(filmed), square, 1e-4);
    }
  });

  it('tells in every frame how long the window lasted and how far the signing hand went', () => {
    const seq = Array.from({ length: 20 }, (_, i) => frame(i * 33, (d) => {
      body(d);
      if (i % 4 !== 1) hand(d, RIGHT_HAND, 0.3 + 0.01 * i, 0.5);
    }));
    const f = computeFeatures(seq);
    const w = block('window');
    expect(w.count).toBe(4);
    for (const k of [0, FEATURE_FRAMES - 1]) {
      const [duration, share, path, net] = Array.from(f.subarray(k * FEATURE_SIZE + w.start, k * FEATURE_SIZE + w.start + 4));
      expect(duration).toBeCloseTo((19 * 33) / 1000, 5);
      expect(share).toBeCloseTo(15 / 20, 5);
      // Wrist from x 0.30 to 0.49 in a straight line; shoulders 0.3 apart.
      expect(path).toBeCloseTo(0.19 / 0.3, 4);
      expect(net).toBeCloseTo(0.19 / 0.3, 4);
    }
    // The first third of the same movement: shorter and less far.
    const start = computeFeatures(seq.slice(0, 7));
    expect(start[w.start]).toBeLessThan(f[w.start] / 2);
    expect(start[w.start + 2]).toBeLessThan(f[w.start + 2] / 2);
  });

  it('puts a missing hand at 0 with presence 0, and a present one at presence 1', () => {
    const seq = Array.from({ length: 10 }, (_, i) => frame(i * 33, (d) => {
      body(d);
      if (i < 5) hand(d, RIGHT_HAND, 0.4, 0.5);
    }));
    const f = computeFeatures(seq);
    const other = block('otherHandShape');
    const present = block('dominantHandPresent').start;
    for (let k = 0; k < FEATURE_FRAMES; k++) {
      for (let c = 0; c < other.count; c++) expect(f[k * FEATURE_SIZE + other.start + c]).toBe(0);
      expect(f[k * FEATURE_SIZE + block('otherHandPresent').start]).toBe(0);
    }
    // Trailing hand-less frames are trimmed: every resampled frame holds the hand.
    for (let k = 0; k < FEATURE_FRAMES; k++) expect(f[k * FEATURE_SIZE + present]).toBe(1);
    // Wrist 0.1 left of and 0.2 above the shoulder midpoint, shoulders 0.3 apart.
    expect(f[block('dominantHandLocation').start]).toBeCloseTo(-0.1 / 0.3, 5);
    expect(f[block('dominantHandLocation').start + 1]).toBeCloseTo(-0.2 / 0.3, 5);
  });

  it('marks frames where the hand leaves mid-sign as absent', () => {
    const seq = Array.from({ length: 33 }, (_, i) => frame(i * 10, (d) => {
      body(d);
      if (i < 10 || i > 20) hand(d, RIGHT_HAND, 0.4, 0.5);
    }));
    const f = computeFeatures(seq);
    const present = Array.from({ length: FEATURE_FRAMES }, (_, k) => f[k * FEATURE_SIZE + block('dominantHandPresent').start]);
    expect(present.filter((p) => p === 0).length).toBeGreaterThanOrEqual(9);
    expect(present[0]).toBe(1);
    expect(present[FEATURE_FRAMES - 1]).toBe(1);
  });

  it('keeps face and arms when no hand is seen', () => {
    const f = computeFeatures([frame(0, body), frame(40, body)]);
    expect(f[block('facePresent').start]).toBe(1);
    expect(f[block('armsPresent').start]).toBe(1);
    expect(f[block('dominantHandPresent').start]).toBe(0);
  });

  it('trims hand-less frames at both ends only', () => {
    const seq = [0, 1, 1, 0, 1, 0, 0].map((h, i) => frame(i, (d) => { body(d); if (h) hand(d, RIGHT_HAND, 0.4, 0.5); }));
    expect(trimToHands(seq).map((f) => f.timestampMs)).toEqual([1, 2, 3, 4]);
  });

  it('resamples evenly in time, interpolating only between present parts', () => {
    // Uneven timestamps: positions follow time, so resampled positions are linear in k.
    const times = [0, 10, 50, 60, 100];
    const seq = times.map((t) => frame(t, (d) => hand(d, RIGHT_HAND, 0.2 + t / 500, 0.5)));
    const out = resampleFrames(seq, 11);
    const wristX = (d: Float32Array) => d[(RIGHT_HAND.start + HAND_LANDMARK.wrist) * VALUES_PER_LANDMARK];
    out.forEach((d, k) => expect(wristX(d)).toBeCloseTo(0.2 + (k * 10) / 500, 6));
    // A gap: the hand is missing at t=50, so t=40 takes the nearer frame (missing)
    // rather than a blend with the origin.
    const gap = times.map((t) => frame(t, (d) => { if (t !== 50) hand(d, RIGHT_HAND, 0.3, 0.5); }));
    const g = resampleFrames(gap, 11);
    expect(Number.isNaN(wristX(g[4]))).toBe(true);
    expect(wristX(g[2])).toBeCloseTo(0.3, 6);
  });

  it('compares per part: a changed hand shape differs most in handShape', () => {
    const ref = Array.from({ length: 20 }, (_, i) => frame(i * 33, (d) => { body(d); hand(d, RIGHT_HAND, 0.4, 0.6 - 0.01 * i); }));
    const same = comparePartsOf(ref, ref);
    expect(Object.values(same).every((v) => v === 0)).toBe(true);
    const otherShape = Array.from({ length: 20 }, (_, i) => frame(i * 33, (d) => { body(d); hand(d, RIGHT_HAND, 0.4, 0.6 - 0.01 * i, 3); }));
    const diff = comparePartsOf(otherShape, ref);
    expect(diff.handShape).toBeGreaterThan(diff.handLocation);
    expect(diff.handShape).toBeGreaterThan(diff.movement);
    expect(diff.face).toBe(0);
    const otherPath = Array.from({ length: 20 }, (_, i) => frame(i * 33, (d) => { body(d); hand(d, RIGHT_HAND, 0.4 - 0.01 * i, 0.4); }));
    const moved = comparePartsOf(otherPath, ref);
    expect(moved.handLocation).toBeGreaterThan(moved.handShape);
  });

  it('names the part a learner got wrong, on real signing with one part changed', async () => {
    const samples = await loadSamples('tests/fixtures/features');
    for (const s of samples) {
      const ref = s.frames;
      const signing = dominantHand(ref) === 'right' ? RIGHT_HAND : LEFT_HAND;
      const seen = ref.filter((f) => partPresent(f.data, signing));
      const wrist = (d: Float32Array) => [d[(signing.start + HAND_LANDMARK.wrist) * VALUES_PER_LANDMARK], d[(signing.start + HAND_LANDMARK.wrist) * VALUES_PER_LANDMARK + 1]];
      // Each point of the signing hand moved by (dx, dy) per frame.
      const moveHand = (by: (d: Float32Array) => [number, number]) => ref.map((f) => {
        const data = f.data.slice();
        if (partPresent(data, signing)) shiftHand(data, signing, ...by(f.data));
        return { timestampMs: f.timestampMs, data };
      });
      const lower = bodyFrame(ref).scale * 0.6;
      expect(partThatDiffersMost(comparePartsOf(moveHand(() => [0, lower]), ref))).toBe('handLocation');
      const [mx, my] = wrist(seen[Math.floor(seen.length / 2)].data);
      expect(partThatDiffersMost(comparePartsOf(moveHand((d) => [mx - wrist(d)[0], my - wrist(d)[1]]), ref))).toBe('movement');
      // The other fixture sign's hand shape, frame by frame, on this sign's wrist path.
      const donor = samples.find((o) => o.gloss !== s.gloss)!;
      const donorHand = dominantHand(donor.frames) === 'right' ? RIGHT_HAND : LEFT_HAND;
      const shapes = donor.frames.filter((f) => partPresent(f.data, donorHand)).map((f) => f.data);
      let k = 0;
      const reshaped = ref.map((f) => {
        const data = f.data.slice();
        if (!partPresent(data, signing)) return { timestampMs: f.timestampMs, data };
        const shape = shapes[Math.min(shapes.length - 1, Math.floor((k++ / seen.length) * shapes.length))];
        const [wx, wy] = wrist(data);
        const flip = donorHand === signing ? 1 : -1;
        for (let i = 0; i < signing.count; i++) {
          const o = (donorHand.start + i) * VALUES_PER_LANDMARK;
          const w = (donorHand.start + HAND_LANDMARK.wrist) * VALUES_PER_LANDMARK;
          data[(signing.start + i) * VALUES_PER_LANDMARK] = wx + flip * (shape[o] - shape[w]);
          data[(signing.start + i) * VALUES_PER_LANDMARK + 1] = wy + (shape[o + 1] - shape[w + 1]);
        }
        return { timestampMs: f.timestampMs, data };
      });
      expect(partThatDiffersMost(comparePartsOf(reshaped, ref))).toBe('handShape');
    }
  });

  it('weighs each part against its typical distance, and never names the face', () => {
    // Movement is larger in raw terms, but hand shape is further beyond its typical distance.
    expect(partThatDiffersMost({ handShape: 0.8, handLocation: 0.2, movement: 1.0, face: 5 })).toBe('handShape');
    expect(partThatDiffersMost({ handShape: NaN, handLocation: 0.1, movement: 1.0, face: 0 })).toBe('movement');
    expect(partThatDiffersMost({ handShape: NaN, handLocation: NaN, movement: NaN, face: 1 })).toBeNull();
  });

  it('calls an attempt close when every part lies within its typical distance', () => {
    const scaled = (k: number) => ({ ...Object.fromEntries(Object.entries(TYPICAL_PART_DISTANCE).map(([p, d]) => [p, d * k])), face: 9 }) as Record<FeaturePart, number>;
    expect(closeInEveryPart(scaled(0.9))).toBe(true);
    expect(closeInEveryPart(scaled(1.1))).toBe(false);
    expect(closeInEveryPart({ ...scaled(0.5), movement: TYPICAL_PART_DISTANCE.movement * 2 })).toBe(false);
    expect(closeInEveryPart({ ...scaled(0.5), handShape: NaN })).toBe(true);
    expect(closeInEveryPart({ handShape: NaN, handLocation: NaN, movement: NaN, face: 0 })).toBe(false);
  });

  it.runIf(existsSync(GISLR_DIR))('typical part distances are the medians over same-sign pairs of GISLR training signers', async () => {
    const train = (await loadSamples(GISLR_DIR)).filter((s) => !HELD_OUT_SIGNERS.includes(s.signerId));
    const rng = createRng(20261127);
    const byPart: Record<string, number[]> = {};
    for (let pairs = 0; pairs < 300;) {
      const a = rng.pick(train);
      const b = rng.pick(train);
      if (a.gloss !== b.gloss || a.signerId === b.signerId) continue;
      pairs++;
      for (const [part, d] of Object.entries(comparePartsOf(a.frames, b.frames))) (byPart[part] ??= []).push(d);
    }
    for (const [part, typical] of Object.entries(TYPICAL_PART_DISTANCE)) {
      const sorted = byPart[part].sort((x, y) => x - y);
      const median = (sorted[149] + sorted[150]) / 2;
      expect(Math.abs(median - typical)).toBeLessThan(STORED_DECIMALS_TOLERANCE);
    }
  });

  it.runIf(existsSync(GISLR_DIR))('reads GISLR signers who keep the other hand still from the moving, signing hand', () => {
    // Signer 29302 holds the left hand still at the forehead through these "thank you"s while
    // the right hand signs at the chin; 37055 rests the left hand low at the side. The left
    // hand is seen in more frames in all of them.
    const stillOther = ['182868503', '1910042702', '698855643', '1466303553'];
    const seqs = readGislrInt16Pack(GISLR_DIR).filter((s) => stillOther.includes(s.sequenceId));
    expect(seqs).toHaveLength(stillOther.length);
    for (const s of seqs) {
      const present = (hand: LandmarkRange) => s.frames.filter((f) => !Number.isNaN(f.data[hand.start * VALUES_PER_LANDMARK])).length;
      expect(present(LEFT_HAND)).toBeGreaterThan(present(RIGHT_HAND));
      expect(dominantHand(trimToHands(s.frames))).toBe('right');
    }
  });

  it.runIf(existsSync(GISLR_DIR))('is finite, bounded and mirror-invariant on every GISLR sequence', () => {
    const seqs = readGislrInt16Pack(GISLR_DIR);
    expect(seqs.length).toBe(747);
    let outOfRange = 0;
    let worst = 0;
    for (const s of seqs) {
      const f = computeFeatures(s.frames);
      for (const v of f) if (!(Math.abs(v) <= FEATURE_CLIP)) outOfRange++;
      worst = Math.max(worst, worstRelativeDiff(f, computeFeatures(s.frames.map(mirrorFrame))));
    }
    expect(outOfRange).toBe(0);
    expect(worst).toBeLessThanOrEqual(MIRROR_TOLERANCE);
  });
});
