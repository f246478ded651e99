/**
 * Training the default classifier: per epoch, freshly augmented copies of every training
 * recording plus freshly cut "no sign" windows, through the shared feature spec, into a
 * seeded model; then calibration of the one-shot match distance; then the files.
 */
import { FEATURE_FRAMES, FEATURE_SIZE, FEATURE_SPEC_VERSION, computeFeatures } from '../../src/lib/features/spec';
import { dtwDistance } from '../../src/lib/features/compare';
import { MODEL_MANIFEST_FORMAT, NO_SIGN_LABEL, type ModelManifest } from '../../src/lib/recognition/manifest';
import type { Tf } from '../../src/lib/recognition/classifier';
import { progressBar } from '../cli-kit';
import { augmentSequence } from './augment';
import { negativeWindows, type NegativeMix } from './negatives';
import { buildModel, saveModel, DEFAULT_ARCHITECTURE, type Architecture } from './model';
import { createRng, type Rng } from './rng';
import { signersOf, type Sample } from './dataset';

export interface TrainOptions {
  name: string;
  outDir: string;
  samples: readonly Sample[];
  epochs: number;
  seed: number;
  backend: string;
  /** Augmented copies of each recording per epoch. */
  copies: number;
  /** "No sign" windows per epoch, as a share of the positive examples. */
  negativeShare: number;
  batchSize: number;
  learningRate: number;
  architecture?: Architecture;
  quiet?: boolean;
}

/** A share of the best candidate at or above this is accepted (see decide.ts). */
export const ACCEPT_THRESHOLD = 0.5;

export const DEFAULT_TRAIN = { epochs: 40, seed: 20230501, copies: 4, negativeShare: 0.5, batchSize: 64, learningRate: 2e-3 } as const;

/**
 * Training leans a little on the hard no-sign windows (partial signs, random motion).
 * Leaning harder (0.4 partial at a 0.75 no-sign share) cost 16 % of held-out "hello"s:
 * a partial "hello" is too like a short whole one.
 */
export const TRAIN_NEGATIVE_MIX: NegativeMix = { still: 0.2, partial: 0.3, 'random-motion': 0.3, 'hands-down': 0.2 };

export interface TrainResult {
  manifest: ModelManifest;
  history: Array<{ epoch: number; loss: number; acc: number; ms: number }>;
  matchCalibration: { sameSign: number; noSign: number; distance: number; error: number };
}

interface EpochData {
  x: Float32Array;
  y: Int32Array;
  count: number;
}

function epochData(samples: readonly Sample[], labels: readonly string[], opts: TrainOptions, rng: Rng): EpochData {
  const positives = samples.flatMap((s) => Array.from({ length: opts.copies }, () => ({ frames: augmentSequence(s.frames, rng), label: labels.indexOf(s.gloss) })));
  const negatives = negativeWindows(samples.map((s) => s.frames), Math.round(positives.length * opts.negativeShare), rng, TRAIN_NEGATIVE_MIX)
    .map((n) => ({ frames: augmentSequence(n.frames, rng), label: labels.indexOf(NO_SIGN_LABEL) }));
  const all = rng.shuffle([...positives, ...negatives]);
  const x = new Float32Array(all.length * FEATURE_FRAMES * FEATURE_SIZE);
  const y = new Int32Array(all.length);
  all.forEach((e, i) => {
    x.set(computeFeatures(e.frames), i * FEATURE_FRAMES * FEATURE_SIZE);
    y[i] = e.label;
  });
  return { x, y, count: all.length };
}

/**
 * The DTW distance that best separates same-sign pairs (different signers) from
 * sign-vs-no-sign pairs among training signers: the one-shot matcher's 0.5 point.
 */
export function calibrateMatchDistance(samples: readonly Sample[], rng: Rng, pairs = 300): TrainResult['matchCalibration'] {
  const features = samples.map((s) => computeFeatures(s.frames));
  const same: number[] = [];
  for (let tries = 0; same.length < pairs && tries < pairs * 20; tries++) {
    const i = rng.int(0, samples.length);
    const j = rng.int(0, samples.length);
    if (samples[i].gloss === samples[j].gloss && samples[i].signerId !== samples[j].signerId) same.push(dtwDistance(features[i], features[j]));
  }
  const negatives = negativeWindows(samples.map((s) => s.frames), pairs, rng);
  const none = negatives.map((n) => dtwDistance(computeFeatures(n.frames), rng.pick(features)));
  const candidates = [...same, ...none].sort((a, b) => a - b);
  let best = { distance: candidates[0], error: Infinity };
  for (const d of candidates) {
    const error = same.filter((v) => v > d).length / same.length + none.filter((v) => v <= d).length / none.length;
    if (error < best.error) best = { distance: d, error };
  }
  return { sameSign: same.length, noSign: none.length, distance: best.distance, error: best.error / 2 };
}

export async function trainClassifier(tf: Tf, opts: TrainOptions): Promise<TrainResult> {
  const rng = createRng(opts.seed);
  const glosses = [...new Set(opts.samples.map((s) => s.gloss))].sort();
  const labels = [...glosses, NO_SIGN_LABEL];
  const arch = opts.architecture ?? DEFAULT_ARCHITECTURE;
  const { train, inference } = buildModel(tf, labels.length, arch, opts.seed);
  train.compile({ optimizer: tf.train.adam(opts.learningRate), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const history: TrainResult['history'] = [];
  const bar = progressBar('train', opts.epochs, { quiet: opts.quiet });
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    const started = Date.now();
    const data = epochData(opts.samples, labels, opts, rng);
    const x = tf.tensor3d(data.x, [data.count, FEATURE_FRAMES, FEATURE_SIZE]);
    const y = tf.tensor1d(data.y, 'float32');
    const fit = await train.fit(x, y, { epochs: 1, batchSize: opts.batchSize, shuffle: false, verbose: 0 });
    x.dispose();
    y.dispose();
    const loss = fit.history.loss[0] as number;
    const acc = (fit.history.acc ?? fit.history.accuracy)[0] as number;
    history.push({ epoch, loss, acc, ms: Date.now() - started });
    bar.tick(1, { loss, acc });
  }
  bar.done();
  const matchCalibration = calibrateMatchDistance(opts.samples, rng);
  const manifest: ModelManifest = {
    format: MODEL_MANIFEST_FORMAT,
    name: opts.name,
    labels,
    featureSpecVersion: FEATURE_SPEC_VERSION,
    windowFrames: FEATURE_FRAMES,
    inputShape: [FEATURE_FRAMES, FEATURE_SIZE],
    embeddingSize: arch.embeddingSize,
    thresholds: { accept: ACCEPT_THRESHOLD, matchDistance: matchCalibration.distance },
    trainedSignerIds: signersOf(opts.samples),
    backend: opts.backend,
    seed: opts.seed,
    createdAt: new Date().toISOString(),
  };
  await saveModel(tf, inference, manifest, opts.outDir);
  train.optimizer.dispose();
  inference.dispose();
  return { manifest, history, matchCalibration };
}
