/**
 * Draws a canonical frame as a figure: hands, arms/upper body and a light face contour.
 * Used over the live self-view and for sign replays. Coordinates are the frame's
 * unmirrored image coordinates; `mirror` flips them for display only, so the signer's
 * left hand (layout.ts convention) appears on the screen's left in a mirrored self-view.
 */
import {
  FACE, FACE_CONTOURS, HAND_EDGES, LEFT_HAND, POSE, POSE_LANDMARK, POSE_UPPER_BODY_EDGES, RIGHT_HAND,
  VALUES_PER_LANDMARK, type LandmarkRange,
} from '../landmarks/layout';
import type { LandmarkFrame } from '../landmarks/frame';

export interface SkeletonStyle {
  leftHand: string;
  rightHand: string;
  body: string;
  face: string;
  /** Line width in CSS pixels at a 480-pixel-high canvas; scales with the canvas. */
  lineWidth: number;
}

export const DEFAULT_SKELETON_STYLE: SkeletonStyle = {
  leftHand: '#ff8a3d',
  rightHand: '#2fb5ff',
  body: '#f5f0e6',
  face: 'rgba(245, 240, 230, 0.7)',
  lineWidth: 4,
};

export interface DrawOptions {
  /** Flip horizontally for display (a mirrored self-view). Default false. */
  mirror?: boolean;
  style?: Partial<SkeletonStyle>;
  /** Clear the canvas first. Default true. */
  clear?: boolean;
  /**
   * Map from image coordinates to the canvas. Default: the whole canvas is the image.
   * Replays use a fitted box so a figure recorded off-centre stays in view.
   */
  box?: { x: number; y: number; width: number; height: number };
}

/** Screen x (0..1) of an image x, under the display mirror. */
export function displayX(x: number, mirror: boolean): number {
  return mirror ? 1 - x : x;
}

export function drawSkeleton(ctx: CanvasRenderingContext2D, frame: LandmarkFrame, options: DrawOptions = {}): void {
  const style = { ...DEFAULT_SKELETON_STYLE, ...options.style };
  const { width, height } = ctx.canvas;
  const box = options.box ?? { x: 0, y: 0, width: 1, height: 1 };
  const mirror = options.mirror ?? false;
  const scale = height / 480;
  if (options.clear ?? true) ctx.clearRect(0, 0, width, height);
  const d = frame.data;
  const px = (i: number) => (displayX((d[i * VALUES_PER_LANDMARK] - box.x) / box.width, mirror)) * width;
  const py = (i: number) => ((d[i * VALUES_PER_LANDMARK + 1] - box.y) / box.height) * height;
  const present = (i: number) => !Number.isNaN(d[i * VALUES_PER_LANDMARK]);

  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';

  // Face: a few thin contours, drawn first so hands in front of the face stay visible.
  ctx.strokeStyle = style.face;
  ctx.lineWidth = Math.max(1, style.lineWidth * 0.4 * scale);
  for (const contour of FACE_CONTOURS) {
    ctx.beginPath();
    let started = false;
    for (const p of contour) {
      const i = FACE.start + p;
      if (!present(i)) {
        started = false;
        continue;
      }
      if (started) ctx.lineTo(px(i), py(i));
      else ctx.moveTo(px(i), py(i));
      started = true;
    }
    ctx.stroke();
  }

  // Body: shoulders, arms, torso.
  ctx.strokeStyle = style.body;
  ctx.lineWidth = style.lineWidth * 1.4 * scale;
  strokeEdges(POSE, POSE_UPPER_BODY_EDGES);

  // Hands, in their own colours; where a hand was not found, its pose wrist still shows.
  drawHand(LEFT_HAND, style.leftHand, POSE.start + POSE_LANDMARK.leftWrist);
  drawHand(RIGHT_HAND, style.rightHand, POSE.start + POSE_LANDMARK.rightWrist);

  function strokeEdges(part: LandmarkRange, edges: ReadonlyArray<readonly [number, number]>): void {
    ctx.beginPath();
    for (const [a, b] of edges) {
      const ia = part.start + a;
      const ib = part.start + b;
      if (!present(ia) || !present(ib)) continue;
      ctx.moveTo(px(ia), py(ia));
      ctx.lineTo(px(ib), py(ib));
    }
    ctx.stroke();
  }

  function drawHand(hand: LandmarkRange, colour: string, poseWrist: number): void {
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    if (!present(hand.start)) {
      if (present(poseWrist)) dot(poseWrist, style.lineWidth * 1.6 * scale);
      return;
    }
    ctx.lineWidth = style.lineWidth * scale;
    strokeEdges(hand, HAND_EDGES);
    for (let k = 0; k < hand.count; k++) dot(hand.start + k, style.lineWidth * 0.8 * scale);
  }

  function dot(i: number, r: number): void {
    ctx.beginPath();
    ctx.arc(px(i), py(i), r, 0, Math.PI * 2);
    ctx.fill();
  }
}

/**
 * A square-ish box around a whole recording (every present landmark of every frame, with
 * a margin), so a replayed figure is centred and fully visible.
 */
export function fitBox(frames: readonly LandmarkFrame[], aspect: number, margin = 0.08): NonNullable<DrawOptions['box']> {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const f of frames) {
    for (let i = 0; i < f.data.length; i += VALUES_PER_LANDMARK) {
      const x = f.data[i], y = f.data[i + 1];
      if (Number.isNaN(x) || Number.isNaN(y)) continue;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  if (!Number.isFinite(minX)) return { x: 0, y: 0, width: 1, height: 1 };
  let w = maxX - minX, h = maxY - minY;
  const cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
  w *= 1 + 2 * margin;
  h *= 1 + 2 * margin;
  // Grow the short side so the figure keeps its proportions on a canvas of this aspect.
  if (w / h > aspect) h = w / aspect;
  else w = h * aspect;
  return { x: cx - w / 2, y: cy - h / 2, width: w, height: h };
}
