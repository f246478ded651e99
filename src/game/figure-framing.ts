/**
 * Framing a sign figure on what is drawn. (Its aspect ratio comes from estimateImageAspect
 * in src/lib/landmarks, shared with the feature spec.)
 */
import { fitBox } from '../lib/draw/skeleton';
import { POSE, POSE_LANDMARK, VALUES_PER_LANDMARK, estimateImageAspect, type LandmarkFrame } from '../lib/landmarks';

/** Pose points below the hips: not drawn, and often guessed far outside a seated upper-body shot. */
const LOWER_BODY = [
  POSE_LANDMARK.leftKnee, POSE_LANDMARK.rightKnee, POSE_LANDMARK.leftAnkle, POSE_LANDMARK.rightAnkle,
  POSE_LANDMARK.leftHeel, POSE_LANDMARK.rightHeel, POSE_LANDMARK.leftFootIndex, POSE_LANDMARK.rightFootIndex,
];

/**
 * The box that frames these frames' figure on a square canvas. A box of normalised width w
 * and height h is square in pixels when w / h = 1 / imageAspect.
 */
export function squareFigureBox(frames: readonly LandmarkFrame[]): ReturnType<typeof fitBox> {
  return fitBox(withoutLowerBody(frames), 1 / (estimateImageAspect(frames) ?? 1));
}

/** The frames without the lower body, for framing a figure around what is drawn. */
export function withoutLowerBody(frames: readonly LandmarkFrame[]): LandmarkFrame[] {
  return frames.map((f) => {
    const data = f.data.slice();
    for (const p of LOWER_BODY) data.fill(NaN, (POSE.start + p) * VALUES_PER_LANDMARK, (POSE.start + p + 1) * VALUES_PER_LANDMARK);
    return { timestampMs: f.timestampMs, data };
  });
}
