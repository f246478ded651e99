/**
 * The canonical landmark layout: 543 landmarks per frame in the GISLR/Kaggle order,
 * so the largest public sign corpus, its models and ours interoperate.
 *
 * Handedness convention (stated once, here): "left" and "right" always mean the
 * signer's own left and right hand, as MediaPipe Holistic reports them on an
 * UNMIRRORED image. The self-view is mirrored for display only (see draw/), never
 * before Holistic sees the frame.
 */

export interface LandmarkRange {
  readonly name: PartName;
  readonly start: number;
  readonly count: number;
}

export type PartName = 'face' | 'leftHand' | 'pose' | 'rightHand';

export const FACE: LandmarkRange = { name: 'face', start: 0, count: 468 };
export const LEFT_HAND: LandmarkRange = { name: 'leftHand', start: 468, count: 21 };
export const POSE: LandmarkRange = { name: 'pose', start: 489, count: 33 };
export const RIGHT_HAND: LandmarkRange = { name: 'rightHand', start: 522, count: 21 };

/** In storage order. */
export const PARTS: readonly LandmarkRange[] = [FACE, LEFT_HAND, POSE, RIGHT_HAND];

export const LANDMARKS_PER_FRAME = 543;
export const VALUES_PER_LANDMARK = 3;
export const VALUES_PER_FRAME = LANDMARKS_PER_FRAME * VALUES_PER_LANDMARK;

/** Index of landmark `i` of `part` in the 543-landmark frame. */
export function landmarkIndex(part: LandmarkRange, i: number): number {
  if (i < 0 || i >= part.count) throw new RangeError(`${part.name} has ${part.count} landmarks, asked for ${i}`);
  return part.start + i;
}

/** MediaPipe pose landmark names (BlazePose 33-point topology). */
export const POSE_LANDMARK = {
  nose: 0,
  leftEyeInner: 1, leftEye: 2, leftEyeOuter: 3,
  rightEyeInner: 4, rightEye: 5, rightEyeOuter: 6,
  leftEar: 7, rightEar: 8,
  mouthLeft: 9, mouthRight: 10,
  leftShoulder: 11, rightShoulder: 12,
  leftElbow: 13, rightElbow: 14,
  leftWrist: 15, rightWrist: 16,
  leftPinky: 17, rightPinky: 18,
  leftIndex: 19, rightIndex: 20,
  leftThumb: 21, rightThumb: 22,
  leftHip: 23, rightHip: 24,
  leftKnee: 25, rightKnee: 26,
  leftAnkle: 27, rightAnkle: 28,
  leftHeel: 29, rightHeel: 30,
  leftFootIndex: 31, rightFootIndex: 32,
} as const;

/** MediaPipe hand landmark names (21 points). */
export const HAND_LANDMARK = {
  wrist: 0,
  thumbCmc: 1, thumbMcp: 2, thumbIp: 3, thumbTip: 4,
  indexMcp: 5, indexPip: 6, indexDip: 7, indexTip: 8,
  middleMcp: 9, middlePip: 10, middleDip: 11, middleTip: 12,
  ringMcp: 13, ringPip: 14, ringDip: 15, ringTip: 16,
  pinkyMcp: 17, pinkyPip: 18, pinkyDip: 19, pinkyTip: 20,
} as const;

/** Face-mesh landmarks used by features and drawing (MediaPipe 468-point mesh). */
export const FACE_LANDMARK = {
  noseTip: 1,
  chin: 152,
  foreheadTop: 10,
  leftEyeOuter: 263,
  rightEyeOuter: 33,
  mouthLeft: 291,
  mouthRight: 61,
  upperLipTop: 0,
  lowerLipBottom: 17,
} as const;

/** Hand skeleton edges, as pairs of hand landmark indices. */
export const HAND_EDGES: ReadonlyArray<readonly [number, number]> = [
  [0, 1], [1, 2], [2, 3], [3, 4],
  [0, 5], [5, 6], [6, 7], [7, 8],
  [5, 9], [9, 10], [10, 11], [11, 12],
  [9, 13], [13, 14], [14, 15], [15, 16],
  [13, 17], [0, 17], [17, 18], [18, 19], [19, 20],
];

/** Upper-body pose edges (legs left out: the game watches the upper body). */
export const POSE_UPPER_BODY_EDGES: ReadonlyArray<readonly [number, number]> = [
  [POSE_LANDMARK.leftShoulder, POSE_LANDMARK.rightShoulder],
  [POSE_LANDMARK.leftShoulder, POSE_LANDMARK.leftElbow],
  [POSE_LANDMARK.leftElbow, POSE_LANDMARK.leftWrist],
  [POSE_LANDMARK.rightShoulder, POSE_LANDMARK.rightElbow],
  [POSE_LANDMARK.rightElbow, POSE_LANDMARK.rightWrist],
  [POSE_LANDMARK.leftShoulder, POSE_LANDMARK.leftHip],
  [POSE_LANDMARK.rightShoulder, POSE_LANDMARK.rightHip],
  [POSE_LANDMARK.leftHip, POSE_LANDMARK.rightHip],
];

/** Closed loops of face-mesh indices for a light face contour: oval, eyes, brows, lips. */
export const FACE_CONTOURS: ReadonlyArray<readonly number[]> = [
  // face oval
  [10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109, 10],
  // signer's left eye
  [263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466, 263],
  // signer's right eye
  [33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246, 33],
  // signer's left brow
  [276, 283, 282, 295, 285],
  // signer's right brow
  [46, 53, 52, 65, 55],
  // outer lips
  [61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291, 409, 270, 269, 267, 0, 37, 39, 40, 185, 61],
  // inner lips
  [78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308, 415, 310, 311, 312, 13, 82, 81, 80, 191, 78],
];

/**
 * Face-mesh left/right pairs for the landmarks that features use (lips, eyes, brows,
 * outline). Points on the midline (nose tip, chin, lip centres) map to themselves.
 */
const FACE_MIRROR_PAIRS: ReadonlyArray<readonly [number, number]> = ([
  // outer lips: upper half, lower half (61 <-> 291 corners)
  [[61, 291], [185, 409], [40, 270], [39, 269], [37, 267], [146, 375], [91, 321], [181, 405], [84, 314]],
  // inner lips
  [[78, 308], [191, 415], [80, 310], [81, 311], [82, 312], [95, 324], [88, 318], [178, 402], [87, 317]],
  // eyes
  [[33, 263], [7, 249], [163, 390], [144, 373], [145, 374], [153, 380], [154, 381], [155, 382], [133, 362],
   [173, 398], [157, 384], [158, 385], [159, 386], [160, 387], [161, 388], [246, 466]],
  // brows
  [[46, 276], [53, 283], [52, 282], [65, 295], [55, 285], [70, 300], [63, 293], [105, 334], [66, 296], [107, 336]],
  // face oval
  [[338, 109], [297, 67], [332, 103], [284, 54], [251, 21], [389, 162], [356, 127], [454, 234], [323, 93],
   [361, 132], [288, 58], [397, 172], [365, 136], [379, 150], [378, 149], [400, 176], [377, 148]],
] as ReadonlyArray<ReadonlyArray<readonly [number, number]>>).flat();

/**
 * Left/right mirror map for all 543 landmarks: mirrorIndex[i] is the landmark that
 * plays i's role after a horizontal flip (left hand <-> right hand, left shoulder <->
 * right shoulder, left eye <-> right eye ...). Built once from the named pairs.
 */
export const MIRROR_INDEX: Int32Array = buildMirrorIndex();

function buildMirrorIndex(): Int32Array {
  const map = new Int32Array(LANDMARKS_PER_FRAME);
  for (let i = 0; i < LANDMARKS_PER_FRAME; i++) map[i] = i;
  for (let i = 0; i < LEFT_HAND.count; i++) {
    map[LEFT_HAND.start + i] = RIGHT_HAND.start + i;
    map[RIGHT_HAND.start + i] = LEFT_HAND.start + i;
  }
  const pose = POSE_LANDMARK as Record<string, number>;
  for (const [name, idx] of Object.entries(pose)) {
    if (!name.startsWith('left')) continue;
    const partner = pose['right' + name.slice(4)];
    map[POSE.start + idx] = POSE.start + partner;
    map[POSE.start + partner] = POSE.start + idx;
  }
  for (const [a, b] of FACE_MIRROR_PAIRS) {
    map[FACE.start + a] = FACE.start + b;
    map[FACE.start + b] = FACE.start + a;
  }
  return map;
}

