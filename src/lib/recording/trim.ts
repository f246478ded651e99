/**
 * A take of a sign, cut to the signing: from the hands rising into signing space to the
 * hands lowered again, and refused when too little of it shows a hand to compare.
 * Plain functions, so the studio's rules are tested without a camera.
 */
import { anyHand, partPresent } from '../features/spec';
import type { LandmarkFrame } from '../landmarks/frame';
import { HAND_LANDMARK, LEFT_HAND, POSE, POSE_LANDMARK, RIGHT_HAND, VALUES_PER_LANDMARK, type LandmarkRange } from '../landmarks/layout';

/** Frame indices of a take's signing: `start` included, `end` excluded. */
export interface TrimRange {
  start: number;
  end: number;
}

export interface TrimOptions {
  /** A hand lost for less than this (tracking drop-outs, a hand passing the face) does not end the signing. Default 500 ms. */
  bridgeMs: number;
  /** Kept before the hands rise and after they fall, so the start and end of the movement stay. Default 100 ms. */
  padMs: number;
  /**
   * Where "lowered" begins, between the shoulders (0) and the hips (1): a hand below this
   * rests (on a desk, in the lap). Default 0.6, below every sign of the glossary.
   */
  restLine: number;
}

export const DEFAULT_TRIM_OPTIONS: TrimOptions = { bridgeMs: 500, padMs: 100, restLine: 0.6 };

/** A take needs a hand in at least this share of its frames to be compared with attempts. */
export const MIN_HAND_SHARE = 0.5;
/** Shorter takes hold no movement to learn from (a third of a second at 15 fps). */
export const MIN_TAKE_FRAMES = 5;

function y(data: Float32Array, index: number): number {
  return data[index * VALUES_PER_LANDMARK + 1];
}

function meanY(data: Float32Array, a: number, b: number): number {
  return (y(data, POSE.start + a) + y(data, POSE.start + b)) / 2;
}

/** Whether a hand is up in signing space: seen, with its wrist above the rest line. */
export function handRaised(frame: LandmarkFrame, restLine = DEFAULT_TRIM_OPTIONS.restLine): boolean {
  const shoulders = meanY(frame.data, POSE_LANDMARK.leftShoulder, POSE_LANDMARK.rightShoulder);
  const hips = meanY(frame.data, POSE_LANDMARK.leftHip, POSE_LANDMARK.rightHip);
  // Without a body to measure from, a seen hand counts as raised.
  const line = Number.isNaN(shoulders) || Number.isNaN(hips) ? Infinity : shoulders + restLine * (hips - shoulders);
  const raised = (hand: LandmarkRange) => partPresent(frame.data, hand) && y(frame.data, hand.start + HAND_LANDMARK.wrist) < line;
  return raised(LEFT_HAND) || raised(RIGHT_HAND);
}

/**
 * The signing in a take: the longest stretch of raised hands (gaps under `bridgeMs`
 * joined), padded by `padMs` each side. Null when no hand is ever raised.
 */
export function autoTrim(frames: readonly LandmarkFrame[], options: Partial<TrimOptions> = {}): TrimRange | null {
  const o = { ...DEFAULT_TRIM_OPTIONS, ...options };
  let best: TrimRange | null = null;
  let run: TrimRange | null = null;
  const longer = (a: TrimRange, b: TrimRange | null) => !b || duration(frames, a) > duration(frames, b);
  frames.forEach((frame, i) => {
    if (!handRaised(frame, o.restLine)) return;
    if (run && frame.timestampMs - frames[run.end - 1].timestampMs <= o.bridgeMs) run.end = i + 1;
    else {
      if (run && longer(run, best)) best = run;
      run = { start: i, end: i + 1 };
    }
  });
  if (run && longer(run, best)) best = run;
  if (!best) return null;
  const { start, end } = best as TrimRange;
  let padStart = start;
  while (padStart > 0 && frames[start].timestampMs - frames[padStart - 1].timestampMs <= o.padMs) padStart--;
  let padEnd = end;
  while (padEnd < frames.length && frames[padEnd].timestampMs - frames[end - 1].timestampMs <= o.padMs) padEnd++;
  return { start: padStart, end: padEnd };
}

function duration(frames: readonly LandmarkFrame[], r: TrimRange): number {
  return frames[r.end - 1].timestampMs - frames[r.start].timestampMs;
}

/** Why a take cannot be used as an example. */
export type TakeRefusal =
  | { reason: 'no-hands' }
  | { reason: 'too-short'; frames: number; min: number }
  | { reason: 'few-hands'; handFrames: number; frames: number };

/** The refusal of a take's trimmed frames, or null when the take can be used. */
export function takeRefusal(frames: readonly LandmarkFrame[]): TakeRefusal | null {
  const handFrames = frames.filter((f) => anyHand(f.data)).length;
  if (handFrames === 0) return { reason: 'no-hands' };
  if (frames.length < MIN_TAKE_FRAMES) return { reason: 'too-short', frames: frames.length, min: MIN_TAKE_FRAMES };
  if (handFrames < MIN_HAND_SHARE * frames.length) return { reason: 'few-hands', handFrames, frames: frames.length };
  return null;
}
