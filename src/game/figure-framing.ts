/**
 * Recordings store landmarks normalised to the image (x by its width, y by its height)
 * without the image size, so a figure drawn with x and y on the same scale is squashed
 * (a 16:9 studio video looks thin, a portrait phone video wide). A frontal face has a
 * known shape, so the face mesh tells the image's aspect ratio.
 */
import { FACE, FACE_LANDMARK, POSE, POSE_LANDMARK, VALUES_PER_LANDMARK, type LandmarkFrame } from '../lib/landmarks';

/** Face-mesh cheek points (the face's widest points), signer's own left and right. */
const LEFT_CHEEK = 454;
const RIGHT_CHEEK = 234;
/**
 * Cheek-to-cheek width over forehead-to-chin height of a frontal face, in pixels:
 * measured on the 22 studio recordings of rth-signs (16:9 video), median 0.78 (0.75-0.84).
 */
const FACE_WIDTH_TO_HEIGHT = 0.78;

/** Image width / height implied by the face, median over frames; null when no face is seen. */
export function estimateImageAspect(frames: readonly LandmarkFrame[]): number | null {
  const ratios: number[] = [];
  const at = (f: LandmarkFrame, i: number, axis: 0 | 1) => f.data[(FACE.start + i) * VALUES_PER_LANDMARK + axis];
  for (const f of frames) {
    const width = Math.abs(at(f, LEFT_CHEEK, 0) - at(f, RIGHT_CHEEK, 0));
    const height = Math.abs(at(f, FACE_LANDMARK.chin, 1) - at(f, FACE_LANDMARK.foreheadTop, 1));
    if (width > 0 && height > 0) ratios.push((FACE_WIDTH_TO_HEIGHT * height) / width);
  }
  if (!ratios.length) return null;
  ratios.sort((a, b) => a - b);
  return ratios[Math.floor(ratios.length / 2)];
}

/** Pose points below the hips: not drawn, and often guessed far outside a seated upper-body shot. */
const LOWER_BODY = [
  POSE_LANDMARK.leftKnee, POSE_LANDMARK.rightKnee, POSE_LANDMARK.leftAnkle, POSE_LANDMARK.rightAnkle,
  POSE_LANDMARK.leftHeel, POSE_LANDMARK.rightHeel, POSE_LANDMARK.leftFootIndex, POSE_LANDMARK.rightFootIndex,
];

/** The frames without the lower body, for framing a figure around what is drawn. */
export function withoutLowerBody(frames: readonly LandmarkFrame[]): LandmarkFrame[] {
  return frames.map((f) => {
    const data = f.data.slice();
    for (const p of LOWER_BODY) data.fill(NaN, (POSE.start + p) * VALUES_PER_LANDMARK, (POSE.start + p + 1) * VALUES_PER_LANDMARK);
    return { timestampMs: f.timestampMs, data };
  });
}
