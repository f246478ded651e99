/**
 * Recordings store landmarks normalised to the image (x by its width, y by its height)
 * without the image size, so x and y are on different scales: a 16:9 studio video, a
 * 4:3 webcam and a portrait phone video give different distances and angles for the
 * same movement. A frontal face has a known shape, so the face mesh tells the image's
 * aspect ratio. Used by the feature spec (to put x and y on one scale) and by the game's
 * figures (to draw them unsquashed).
 */
import { FACE, FACE_LANDMARK, VALUES_PER_LANDMARK } from './layout';
import type { LandmarkFrame } from './frame';

/** Face-mesh cheek points (the face's widest points), signer's own left and right. */
const LEFT_CHEEK = 454;
const RIGHT_CHEEK = 234;
/**
 * Cheek-to-cheek width over forehead-to-chin height of a frontal face, in pixels:
 * measured on the 22 studio recordings of rth-signs (16:9 video), median 0.78 (0.75-0.84).
 * With it, all 40 rth-signs recordings estimate 1.65-1.85 (true 1.78) and the 747 GISLR
 * phone sequences 0.62-0.77 (5-95 %, median 0.72: portrait video).
 */
const FACE_WIDTH_TO_HEIGHT = 0.78;

/** The face landmarks the estimate reads (by index among the 543), for projected frames to keep. */
export const ASPECT_LANDMARKS: readonly number[] = [LEFT_CHEEK, RIGHT_CHEEK, FACE_LANDMARK.chin, FACE_LANDMARK.foreheadTop].map((i) => FACE.start + i);

/**
 * Image width / height implied by the face, median over frames; null when no face is seen.
 * `offset(l)`: where landmark l's x is in a frame's data, y next to it (default: whole frames).
 */
export function estimateImageAspect(frames: readonly LandmarkFrame[], offset = (l: number) => l * VALUES_PER_LANDMARK): number | null {
  const ratios: number[] = [];
  const at = (d: Float32Array, i: number, axis: 0 | 1) => d[offset(FACE.start + i) + axis];
  for (const f of frames) {
    const width = Math.abs(at(f.data, LEFT_CHEEK, 0) - at(f.data, RIGHT_CHEEK, 0));
    const height = Math.abs(at(f.data, FACE_LANDMARK.chin, 1) - at(f.data, FACE_LANDMARK.foreheadTop, 1));
    if (width > 0 && height > 0) ratios.push((FACE_WIDTH_TO_HEIGHT * height) / width);
  }
  if (!ratios.length) return null;
  ratios.sort((a, b) => a - b);
  return ratios[Math.floor(ratios.length / 2)];
}
