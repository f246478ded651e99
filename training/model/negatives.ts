/**
 * "No sign" windows for the classifier's explicit no-sign class and for measuring false
 * accepts: cut from real recordings so they look like real input (real bodies, faces and
 * hand shapes), never like a sign from start to end.
 */
import { HAND_LANDMARK, LEFT_HAND, RIGHT_HAND, VALUES_PER_LANDMARK, type LandmarkRange } from '../../src/lib/landmarks/layout';
import type { LandmarkFrame } from '../../src/lib/landmarks/frame';
import { anyHand, bodyFrame, partPresent, trimToHands } from '../../src/lib/features/spec';
import { dropPart } from './augment';
import type { Rng } from './rng';

export type NegativeKind = 'still' | 'partial' | 'random-motion' | 'hands-down';
export const NEGATIVE_KINDS: readonly NegativeKind[] = ['still', 'partial', 'random-motion', 'hands-down'];

/** No-sign windows are timed as 30 fps video. */
export const NEGATIVE_FRAME_MS = 1000 / 30;
/** A partial sign keeps this share of the sign (at least, at most): its start or its end. */
export const NEGATIVE_PARTIAL_SHARE = [0.15, 0.35] as const;
/** Signs with fewer frames with hands are not cut into partial signs. */
const PARTIAL_MIN_FRAMES = 8;

function timed(datas: Float32Array[]): LandmarkFrame[] {
  return datas.map((data, i) => ({ timestampMs: i * NEGATIVE_FRAME_MS, data }));
}

function jittered(data: Float32Array, rng: Rng, amount: number): Float32Array {
  const out = data.slice();
  for (let i = 0; i < out.length; i++) if (i % VALUES_PER_LANDMARK !== 2) out[i] += rng.uniform(-amount, amount);
  return out;
}

/**
 * Resting hands are held low, in front of the body: this many shoulder widths below the
 * shoulder midpoint (signing space ends about at the chest).
 */
const REST_DEPTH = [1.2, 2.2] as const;

/** A recording's edge pose held still with the hands lowered to rest (waiting before or after signing). */
function still(seq: readonly LandmarkFrame[], rng: Rng): LandmarkFrame[] {
  const base = (rng.chance(0.5) ? seq[0] : seq[seq.length - 1]).data.slice();
  const body = bodyFrame([{ data: base }]);
  for (const hand of [LEFT_HAND, RIGHT_HAND]) {
    if (!partPresent(base, hand)) continue;
    const wristO = (hand.start + HAND_LANDMARK.wrist) * VALUES_PER_LANDMARK;
    const x = body.cx + rng.uniform(-0.8, 0.8) * body.scale;
    const y = body.cy + rng.uniform(REST_DEPTH[0], REST_DEPTH[1]) * body.scale;
    shiftHand(base, hand, x - base[wristO], y - base[wristO + 1]);
  }
  return timed(Array.from({ length: rng.int(15, 45) }, () => jittered(base, rng, 0.003)));
}

/**
 * The start or the end of a sign, not the whole of it, measured on the frames with hands
 * (the features see nothing else); too short a sign to cut becomes random motion.
 */
function partial(seq: readonly LandmarkFrame[], rng: Rng): LandmarkFrame[] {
  const signing = trimToHands(seq);
  if (signing.length < PARTIAL_MIN_FRAMES) return randomMotion(seq, rng);
  const n = Math.max(2, Math.round(signing.length * rng.uniform(NEGATIVE_PARTIAL_SHARE[0], NEGATIVE_PARTIAL_SHARE[1])));
  const part = rng.chance(0.5) ? signing.slice(0, n) : signing.slice(signing.length - n);
  return timed(part.map((f) => f.data.slice()));
}

/** Moves every landmark of a hand by (dx, dy), in place. */
export function shiftHand(data: Float32Array, hand: LandmarkRange, dx: number, dy: number): void {
  for (let i = 0; i < hand.count; i++) {
    const o = (hand.start + i) * VALUES_PER_LANDMARK;
    data[o] += dx;
    data[o + 1] += dy;
  }
}

/**
 * A real hand shape carried along a random smooth path between two random points
 * (scratching, reaching, gesturing), starting anywhere rather than where the sign starts.
 */
function randomMotion(seq: readonly LandmarkFrame[], rng: Rng): LandmarkFrame[] {
  const withHand = seq.filter((f) => anyHand(f.data));
  const base = rng.pick(withHand.length ? withHand : seq).data;
  const hand = partPresent(base, RIGHT_HAND) ? RIGHT_HAND : LEFT_HAND;
  if (!partPresent(base, hand)) return still(seq, rng);
  const wristO = (hand.start + HAND_LANDMARK.wrist) * VALUES_PER_LANDMARK;
  const origin = [base[wristO], base[wristO + 1]];
  const from = [rng.uniform(0.15, 0.85), rng.uniform(0.3, 1.0)];
  const to = [rng.uniform(0.15, 0.85), rng.uniform(0.3, 1.0)];
  const bend = [rng.uniform(-0.2, 0.2), rng.uniform(-0.2, 0.2)];
  const count = rng.int(15, 45);
  return timed(Array.from({ length: count }, (_, k) => {
    const t = k / (count - 1);
    const x = from[0] + (to[0] - from[0]) * t + bend[0] * Math.sin(Math.PI * t);
    const y = from[1] + (to[1] - from[1]) * t + bend[1] * Math.sin(Math.PI * t);
    const data = jittered(base, rng, 0.002);
    shiftHand(data, hand, x - origin[0], y - origin[1]);
    return data;
  }));
}

/** Removes both hands from a frame's data (in place): only body and face stay. */
export function dropHands(data: Float32Array): Float32Array {
  dropPart(data, LEFT_HAND);
  dropPart(data, RIGHT_HAND);
  return data;
}

/** Hands out of the frame: only body and face. */
function handsDown(seq: readonly LandmarkFrame[], rng: Rng): LandmarkFrame[] {
  const base = rng.pick(seq).data;
  return timed(Array.from({ length: rng.int(15, 45) }, () => dropHands(jittered(base, rng, 0.002))));
}

const MAKERS: Record<NegativeKind, (seq: readonly LandmarkFrame[], rng: Rng) => LandmarkFrame[]> = {
  still, partial, 'random-motion': randomMotion, 'hands-down': handsDown,
};

/** One negative window of the given kind, cut from a real recording. */
export function negativeWindow(seq: readonly LandmarkFrame[], kind: NegativeKind, rng: Rng): LandmarkFrame[] {
  return MAKERS[kind](seq, rng);
}

export type NegativeMix = Record<NegativeKind, number>;

/** Evaluation weighs every kind alike. */
export const EVEN_MIX: NegativeMix = { still: 1, partial: 1, 'random-motion': 1, 'hands-down': 1 };

/** One kind drawn in proportion to `mix`. */
export function drawKind(mix: NegativeMix, rng: Rng): NegativeKind {
  const total = NEGATIVE_KINDS.reduce((s, k) => s + mix[k], 0);
  let at = rng.uniform(0, total);
  for (const kind of NEGATIVE_KINDS) if ((at -= mix[kind]) < 0) return kind;
  return NEGATIVE_KINDS[NEGATIVE_KINDS.length - 1];
}

/** `count` negative windows from the given recordings, kinds in proportion to `mix`. */
export function negativeWindows(sources: readonly (readonly LandmarkFrame[])[], count: number, rng: Rng, mix: NegativeMix = EVEN_MIX): Array<{ kind: NegativeKind; frames: LandmarkFrame[] }> {
  if (count > 0 && sources.length === 0) throw new Error(`negativeWindows: ${count} no-sign windows asked for, but no recording to cut them from`);
  const total = NEGATIVE_KINDS.reduce((s, k) => s + mix[k], 0);
  let made = 0;
  return NEGATIVE_KINDS.flatMap((kind, i) => {
    const n = i === NEGATIVE_KINDS.length - 1 ? count - made : Math.round((count * mix[kind]) / total);
    made += n;
    return Array.from({ length: n }, () => ({ kind, frames: negativeWindow(rng.pick(sources), kind, rng) }));
  });
}
