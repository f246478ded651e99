/**
 * The baseline the classifier must beat: multinomial logistic regression on two summaries
 * of the signing hand, taken from the shared features (so it sees the same canonical,
 * body-normalised hand): the wrist's path (BASELINE_PATH_POINTS positions over the sign)
 * and the mean hand shape. Evaluated leave-one-signer-out.
 */
import { FEATURE_BLOCKS, FEATURE_FRAMES, FEATURE_SIZE, computeFeatures } from '../../src/lib/features/spec';
import { HAND_LANDMARK } from '../../src/lib/landmarks/layout';
import { signersOf, type Sample } from './dataset';

export const BASELINE_PATH_POINTS = 8;
const L2 = 1e-3;
const STEPS = 400;
const LEARNING_RATE = 0.5;

const block = (name: string) => FEATURE_BLOCKS.find((b) => b.name === name)!;
const LOCATION = block('dominantHandLocation');
const SHAPE = block('dominantHandShape');
const PRESENT = block('dominantHandPresent');

/** Wrist path (nearest frame with the hand, where it is missing) + mean hand shape. */
export function baselineFeatures(frames: Sample['frames']): Float64Array {
  const f = computeFeatures(frames);
  const present = Array.from({ length: FEATURE_FRAMES }, (_, k) => f[k * FEATURE_SIZE + PRESENT.start] > 0);
  const out = new Float64Array(BASELINE_PATH_POINTS * 2 + SHAPE.count);
  const seen = present.map((p, k) => (p ? k : -1)).filter((k) => k >= 0);
  if (seen.length === 0) return out;
  for (let i = 0; i < BASELINE_PATH_POINTS; i++) {
    const target = Math.round((i * (FEATURE_FRAMES - 1)) / (BASELINE_PATH_POINTS - 1));
    const k = seen.reduce((best, s) => (Math.abs(s - target) < Math.abs(best - target) ? s : best), seen[0]);
    out[i * 2] = f[k * FEATURE_SIZE + LOCATION.start + HAND_LANDMARK.wrist * 2];
    out[i * 2 + 1] = f[k * FEATURE_SIZE + LOCATION.start + HAND_LANDMARK.wrist * 2 + 1];
  }
  for (const k of seen) for (let c = 0; c < SHAPE.count; c++) out[BASELINE_PATH_POINTS * 2 + c] += f[k * FEATURE_SIZE + SHAPE.start + c] / seen.length;
  return out;
}

export interface LogisticModel {
  classes: string[];
  mean: Float64Array;
  std: Float64Array;
  /** classes x (features + 1), bias last. */
  weights: Float64Array[];
}

function standardise(x: Float64Array, mean: Float64Array, std: Float64Array): Float64Array {
  return x.map((v, i) => (v - mean[i]) / std[i]);
}

function softmaxScores(model: LogisticModel, z: Float64Array): Float64Array {
  const logits = model.weights.map((w) => z.reduce((s, v, i) => s + v * w[i], w[z.length]));
  const max = Math.max(...logits);
  const e = logits.map((l) => Math.exp(l - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return Float64Array.from(e, (v) => v / sum);
}

export function fitLogistic(xs: readonly Float64Array[], ys: readonly string[]): LogisticModel {
  const d = xs[0].length;
  const classes = [...new Set(ys)].sort();
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (const x of xs) x.forEach((v, i) => (mean[i] += v / xs.length));
  for (const x of xs) x.forEach((v, i) => (std[i] += (v - mean[i]) ** 2 / xs.length));
  for (let i = 0; i < d; i++) std[i] = Math.sqrt(std[i]) || 1;
  const zs = xs.map((x) => standardise(x, mean, std));
  const model: LogisticModel = { classes, mean, std, weights: classes.map(() => new Float64Array(d + 1)) };
  for (let step = 0; step < STEPS; step++) {
    const grads = classes.map(() => new Float64Array(d + 1));
    zs.forEach((z, n) => {
      const p = softmaxScores(model, z);
      classes.forEach((c, k) => {
        const err = p[k] - (ys[n] === c ? 1 : 0);
        for (let i = 0; i < d; i++) grads[k][i] += (err * z[i]) / zs.length;
        grads[k][d] += err / zs.length;
      });
    });
    model.weights.forEach((w, k) => {
      for (let i = 0; i <= d; i++) w[i] -= LEARNING_RATE * (grads[k][i] + (i < d ? L2 * w[i] : 0));
    });
  }
  return model;
}

export function predictLogistic(model: LogisticModel, x: Float64Array): string {
  const p = softmaxScores(model, standardise(x, model.mean, model.std));
  return model.classes[p.indexOf(Math.max(...p))];
}

/** Leave-one-signer-out accuracy of the baseline over all samples. */
export function baselineLeaveOneSignerOut(samples: readonly Sample[]): { accuracy: number; n: number; folds: number } {
  const features = samples.map((s) => baselineFeatures(s.frames));
  let correct = 0;
  const signers = signersOf(samples);
  for (const signer of signers) {
    const train = samples.map((_, i) => i).filter((i) => samples[i].signerId !== signer);
    const model = fitLogistic(train.map((i) => features[i]), train.map((i) => samples[i].gloss));
    samples.forEach((s, i) => {
      if (s.signerId === signer && predictLogistic(model, features[i]) === s.gloss) correct++;
    });
  }
  return { accuracy: correct / samples.length, n: samples.length, folds: signers.length };
}

/** The baseline trained on `train` and scored on `test` (forced choice among the glosses). */
export function baselineHeldOut(train: readonly Sample[], test: readonly Sample[]): { accuracy: number; n: number } {
  const model = fitLogistic(train.map((s) => baselineFeatures(s.frames)), train.map((s) => s.gloss));
  const correct = test.filter((s) => predictLogistic(model, baselineFeatures(s.frames)) === s.gloss).length;
  return { accuracy: test.length ? correct / test.length : NaN, n: test.length };
}
