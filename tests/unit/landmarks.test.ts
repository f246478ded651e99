import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  FACE, LEFT_HAND, POSE, RIGHT_HAND, LANDMARKS_PER_FRAME, MIRROR_INDEX, POSE_LANDMARK, HAND_LANDMARK,
  VALUES_PER_FRAME, landmarkIndex,
} from '../../src/lib/landmarks/layout';
import { frameFromHolistic, mirrorFrameData, partCounts, type HolisticLandmarkResult } from '../../src/lib/landmarks/frame';
import { displayX } from '../../src/lib/draw/skeleton';

/** A real @mediapipe/holistic result: frame at 1.0 s of the studio "hi" (a right-hand wave). */
const hiFrame = JSON.parse(readFileSync(new URL('../fixtures/holistic/hi-frame-1000ms.json', import.meta.url), 'utf8')) as HolisticLandmarkResult;

/** Coordinates are stored as float32: compare to the float64 fixture at this precision. */
const FLOAT32_TOLERANCE = 1e-6;

const x = (data: Float32Array, i: number) => data[i * 3];
const y = (data: Float32Array, i: number) => data[i * 3 + 1];

describe('canonical landmark layout', () => {
  it('uses the GISLR order: face, left hand, pose, right hand', () => {
    expect([FACE.start, LEFT_HAND.start, POSE.start, RIGHT_HAND.start]).toEqual([0, 468, 489, 522]);
    expect(RIGHT_HAND.start + RIGHT_HAND.count).toBe(LANDMARKS_PER_FRAME);
    expect(() => landmarkIndex(LEFT_HAND, 21)).toThrow(/leftHand has 21 landmarks/);
  });

  it('mirror map is an involution that swaps hands and sides', () => {
    for (let i = 0; i < LANDMARKS_PER_FRAME; i++) expect(MIRROR_INDEX[MIRROR_INDEX[i]]).toBe(i);
    expect(MIRROR_INDEX[LEFT_HAND.start + HAND_LANDMARK.indexTip]).toBe(RIGHT_HAND.start + HAND_LANDMARK.indexTip);
    expect(MIRROR_INDEX[POSE.start + POSE_LANDMARK.leftShoulder]).toBe(POSE.start + POSE_LANDMARK.rightShoulder);
    expect(MIRROR_INDEX[POSE.start + POSE_LANDMARK.nose]).toBe(POSE.start + POSE_LANDMARK.nose);
  });
});

describe('frameFromHolistic on a recorded Holistic result', () => {
  const frame = frameFromHolistic(hiFrame, 1000);

  it('fills every part that was detected and leaves the rest NaN', () => {
    expect(frame.data.length).toBe(VALUES_PER_FRAME);
    expect(frame.timestampMs).toBe(1000);
    expect(partCounts(frame)).toEqual({ face: 468, leftHand: 0, pose: 33, rightHand: 21 });
    const tip = hiFrame.rightHandLandmarks![HAND_LANDMARK.indexTip];
    const i = RIGHT_HAND.start + HAND_LANDMARK.indexTip;
    expect(Math.abs(x(frame.data, i) - tip.x)).toBeLessThan(FLOAT32_TOLERANCE);
    expect(Math.abs(y(frame.data, i) - tip.y)).toBeLessThan(FLOAT32_TOLERANCE);
    expect(Number.isNaN(x(frame.data, LEFT_HAND.start))).toBe(true);
  });

  it("keeps the signer's own left and right: the waving right hand sits at the pose's right wrist", () => {
    const d = frame.data;
    const handWrist = RIGHT_HAND.start + HAND_LANDMARK.wrist;
    const rightWrist = POSE.start + POSE_LANDMARK.rightWrist;
    const leftWrist = POSE.start + POSE_LANDMARK.leftWrist;
    const dist = (a: number, b: number) => Math.hypot(x(d, a) - x(d, b), y(d, a) - y(d, b));
    expect(dist(handWrist, rightWrist)).toBeLessThan(dist(handWrist, leftWrist));
    // Unmirrored camera image of a person facing it: their right side is on the image's left.
    expect(x(d, POSE.start + POSE_LANDMARK.rightShoulder)).toBeLessThan(x(d, POSE.start + POSE_LANDMARK.leftShoulder));
  });

  it('the mirrored self-view shows the right hand on the screen right', () => {
    const handX = x(frame.data, RIGHT_HAND.start + HAND_LANDMARK.wrist);
    const noseX = x(frame.data, POSE.start + POSE_LANDMARK.nose);
    expect(displayX(handX, true)).toBeGreaterThan(displayX(noseX, true));
    expect(displayX(handX, false)).toBeLessThan(displayX(noseX, false));
  });

  it('mirrorFrameData swaps hands, flips x, and undoes itself', () => {
    const mirrored = mirrorFrameData(frame.data);
    expect(partCounts({ timestampMs: 0, data: mirrored })).toEqual({ face: 468, leftHand: 21, pose: 33, rightHand: 0 });
    const tip = HAND_LANDMARK.indexTip;
    expect(x(mirrored, LEFT_HAND.start + tip)).toBeCloseTo(1 - x(frame.data, RIGHT_HAND.start + tip), 6);
    expect(y(mirrored, LEFT_HAND.start + tip)).toBe(y(frame.data, RIGHT_HAND.start + tip));
    const back = mirrorFrameData(mirrored);
    for (let i = 0; i < VALUES_PER_FRAME; i++) {
      if (Number.isNaN(frame.data[i])) expect(Number.isNaN(back[i])).toBe(true);
      else expect(Math.abs(back[i] - frame.data[i])).toBeLessThan(FLOAT32_TOLERANCE);
    }
  });

  it('ignores a part with too few points (e.g. a truncated list) instead of misplacing it', () => {
    const partial = frameFromHolistic({ ...hiFrame, rightHandLandmarks: hiFrame.rightHandLandmarks!.slice(0, 5) }, 0);
    expect(partCounts(partial).rightHand).toBe(0);
  });
});
