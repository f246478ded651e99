/**
 * Training the default classifier: per epoch, freshly augmented copies of every training
 * recording plus freshly cut "no sign" windows, through the shared feature spec, into a
 * seeded model; then calibration of the one-shot match distance; then the files.
 */
import { FEATURE_BLOCKS, FEATURE_FRAMES, FEATURE_SPEC_VERSION, computeFeatures } from '../../src/lib/features/spec';
import { dtwDistance } from '../../src/lib/features/compare';
import { HOLISTIC_EXTRACTOR, inputValuesPerFrame, MODEL_CARD_FILE, MODEL_MANIFEST_FORMAT, NO_SIGN_LABEL, type ModelInput, type ModelManifest } from '../../src/lib/recognition/manifest';
import { modelInput, type Tf } from '../../src/lib/recognition/classifier';
import { progressBar } from '../cli-kit';
import { augmentSequence, AUGMENT, type AugmentConfig } from './augment';
import { drawKind, negativeWindow, negativeWindows, type NegativeMix } from './negatives';
import { buildModel, linearStats, saveModel, DEFAULT_ARCHITECTURE, type Architecture, type LinearStats } from './model';
import { createRng, type Rng } from './rng';
import { signersOf, type Sample, type SampleSource } from './dataset';
import type * as tfType from '@tensorflow/tfjs';
import type { LandmarkFrame } from '../../src/lib/landmarks/frame';

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
  /** Label smoothing: the target puts this much probability evenly on all classes. */
  labelSmoothing: number;
  /** Learning rate falls along a half cosine to this share of its start by the last epoch. */
  finalLearningRateShare: number;
  architecture?: Architecture;
  /** The feature blocks the model reads (default: all; HAND_BLOCK_NAMES for a hands-only model). */
  blocks?: readonly string[];
  augment?: AugmentConfig;
  /**
   * Recordings of signs outside the model's vocabulary, trained as "no sign" (each epoch
   * `otherSignCopies` augmented copies of each): a sign the model does not know is not one
   * of its own. Their glosses go into the manifest (`otherSignsTrained`).
   */
  otherSigns?: readonly Sample[];
  otherSignCopies?: number;
  /**
   * Fine-tuning: start from this model's weights (the same architecture and labels) instead
   * of fresh ones; it is only read.
   */
  startFrom?: import('@tensorflow/tfjs').LayersModel;
  /** Kinds of "no sign" windows (default TRAIN_NEGATIVE_MIX). */
  negativeMix?: NegativeMix;
  quiet?: boolean;
  /** Called after every epoch (experiments: validation on held-aside signers). */
  onEpoch?: (epoch: number, model: import('@tensorflow/tfjs').LayersModel, train: import('@tensorflow/tfjs').LayersModel) => Promise<void> | void;
}

/**
 * A share of the best candidate at or above this is accepted (see decide.ts). Calibrated
 * on the validation signers above: 0.6 cost 5.6 % accuracy for 0.5 % fewer false accepts.
 */
export const ACCEPT_THRESHOLD = 0.5;

/**
 * Augmented copies per epoch of each other-sign recording (otherSigns): the 40 studio
 * signs are one recording each against about 35 per sign and signer in GISLR.
 */
export const DEFAULT_OTHER_SIGN_COPIES = 8;

export const DEFAULT_TRAIN = {
  epochs: 24, seed: 20230501, copies: 4, negativeShare: 0.5, batchSize: 64, learningRate: 2e-3,
  labelSmoothing: 0.1, finalLearningRateShare: 0.05,
} as const;

/**
 * Training leans a little on the hard no-sign windows (partial signs, random motion).
 * Chosen on validation signers drawn from the training signers only (10 train, 5
 * validation, 16 epochs): this mix at a 0.5 no-sign share gave 98.1 % accuracy and 16.5 %
 * false accepts (partial 64 %); half partial at a 0.75 share gave 59.6 % and 3.5 %; no
 * negatives at all 98.8 % and 97.5 %. A partial sign of a few frames is too like the
 * many GISLR recordings that hold only a few frames with a hand.
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

/** The manifest's `input` for the blocks a model is trained on. */
export function featureInput(blocks: readonly string[] = FEATURE_BLOCKS.map((b) => b.name)): ModelInput {
  return { kind: 'features', blocks: [...blocks] };
}

/** Turns a window's frames into what the model being trained reads (the app's own code: classifier.ts's modelInput). */
type InputOf = (frames: LandmarkFrame[]) => Float32Array;

function inputOf(input: ModelInput): InputOf {
  const values = modelInput({ input, inputShape: [FEATURE_FRAMES, inputValuesPerFrame(input)], windowFrames: FEATURE_FRAMES });
  return (frames) => values({ frames });
}

function epochData(samples: readonly Sample[], labels: readonly string[], opts: TrainOptions, rng: Rng, toInput: InputOf, size: number): EpochData {
  const cfg = opts.augment ?? AUGMENT;
  const positives = samples.flatMap((s) => Array.from({ length: opts.copies }, () => ({ frames: augmentSequence(s.frames, rng, cfg), label: labels.indexOf(s.gloss) })));
  const negatives = negativeWindows(samples.map((s) => s.frames), Math.round(positives.length * opts.negativeShare), rng, opts.negativeMix ?? TRAIN_NEGATIVE_MIX)
    .map((n) => ({ frames: augmentSequence(n.frames, rng, cfg), label: labels.indexOf(NO_SIGN_LABEL) }));
  const otherSigns = (opts.otherSigns ?? []).flatMap((s) => Array.from({ length: opts.otherSignCopies ?? DEFAULT_OTHER_SIGN_COPIES }, () => ({ frames: augmentSequence(s.frames, rng, cfg), label: labels.indexOf(NO_SIGN_LABEL) })));
  const all = rng.shuffle([...positives, ...negatives, ...otherSigns]);
  const x = new Float32Array(all.length * FEATURE_FRAMES * size);
  const y = new Int32Array(all.length);
  all.forEach((e, i) => {
    x.set(toInput(e.frames), i * FEATURE_FRAMES * size);
    y[i] = e.label;
  });
  return { x, y, count: all.length };
}

/**
 * Pairs of each kind the match distance is calibrated on: the balanced error is flat near
 * its best, so with 300 four seeds' draws gave 0.44 to 0.51, with 2000 0.45 to 0.47 (4 s).
 */
export const CALIBRATION_PAIRS = 2000;

/**
 * The DTW distance that best separates same-sign pairs (different signers) from
 * sign-vs-no-sign pairs among training signers: the one-shot matcher's 0.5 point. The
 * no-sign windows include hands out of view, which the matcher refuses anyway; they keep
 * the distance on the strict side (measured on one draw: 0.44 with them, 0.56 without;
 * at 0.56 studio signs stopped partway were credited 22 % of the time, at the shipped 0.50 6 %).
 */
export function calibrateMatchDistance(samples: readonly Sample[], rng: Rng, pairs = CALIBRATION_PAIRS): TrainResult['matchCalibration'] {
  const features = samples.map((s) => computeFeatures(s.frames));
  const same: number[] = [];
  for (let tries = 0; same.length < pairs && tries < pairs * 20; tries++) {
    const i = rng.int(0, samples.length);
    const j = rng.int(0, samples.length);
    if (samples[i].gloss === samples[j].gloss && samples[i].signerId !== samples[j].signerId) same.push(dtwDistance(features[i], features[j]));
  }
  const negatives = negativeWindows(samples.map((s) => s.frames), pairs, rng);
  const none = negatives.map((n) => dtwDistance(computeFeatures(n.frames), rng.pick(features)));
  return { sameSign: same.length, noSign: none.length, ...balancedThreshold(same, none) };
}

/**
 * The distance accepting `same` at or under it and refusing `others` above it with the
 * least balanced error (the mean of the two error shares), and that error.
 */
export function balancedThreshold(same: readonly number[], others: readonly number[]): { distance: number; error: number } {
  const candidates = [...same, ...others].sort((a, b) => a - b);
  let best = { distance: candidates[0], error: Infinity };
  for (const d of candidates) {
    const error = same.filter((v) => v > d).length / same.length + others.filter((v) => v <= d).length / others.length;
    if (error < best.error) best = { distance: d, error };
  }
  return { distance: best.distance, error: best.error / 2 };
}

/** What the two training loops share: the model, its optimiser, its input and its files. */
interface TrainingRun {
  labels: string[];
  input: ModelInput;
  size: number;
  toInput: InputOf;
  train: import('@tensorflow/tfjs').LayersModel;
  inference: import('@tensorflow/tfjs').LayersModel;
  optimizer: import('@tensorflow/tfjs').Optimizer;
  bar: ReturnType<typeof progressBar>;
  history: TrainResult['history'];
}

type RunOptions = Omit<TrainOptions, 'samples'>;

function startRun(tf: Tf, opts: RunOptions, glosses: readonly string[], stats: LinearStats | undefined): TrainingRun {
  const labels = [...[...glosses].sort(), NO_SIGN_LABEL];
  const arch = opts.architecture ?? DEFAULT_ARCHITECTURE;
  const input = featureInput(opts.blocks);
  const size = inputValuesPerFrame(input);
  const { train, inference } = buildModel(tf, labels.length, arch, opts.seed, stats, size);
  // The training graph shares its layers with the inference one.
  if (opts.startFrom) inference.setWeights(opts.startFrom.getWeights());
  const optimizer = tf.train.adam(opts.learningRate);
  train.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return { labels, input, size, toInput: inputOf(input), train, inference, optimizer, bar: progressBar('train', opts.epochs, { quiet: opts.quiet }), history: [] };
}

/** Sets the epoch's learning rate: a half cosine from the start down to finalLearningRateShare of it. */
function scheduleLearningRate(run: TrainingRun, opts: RunOptions, epoch: number): void {
  const progress = opts.epochs > 1 ? (epoch - 1) / (opts.epochs - 1) : 1;
  const share = opts.finalLearningRateShare + (1 - opts.finalLearningRateShare) * 0.5 * (1 + Math.cos(Math.PI * progress));
  (run.optimizer as unknown as { learningRate: number }).learningRate = opts.learningRate * share;
}

/** The smoothed one-hot target of a label. */
function smoothedTarget(label: number, classes: number, smooth: number): Float32Array {
  const target = new Float32Array(classes).fill(smooth / classes);
  target[label] += 1 - smooth;
  return target;
}

async function endEpoch(run: TrainingRun, opts: RunOptions, epoch: number, started: number, fit: import('@tensorflow/tfjs').History): Promise<void> {
  const members = run.train.outputs.length;
  // Per member (an ensemble's loss is the sum of its members'), accuracy averaged over members.
  const loss = (fit.history.loss[0] as number) / members;
  const accKeys = Object.keys(fit.history).filter((k) => k === 'acc' || k === 'accuracy' || k.endsWith('_acc') || k.endsWith('_accuracy'));
  const acc = accKeys.reduce((sum, k) => sum + (fit.history[k][0] as number), 0) / accKeys.length;
  run.history.push({ epoch, loss, acc, ms: Date.now() - started });
  run.bar.tick(1, { loss, acc });
  await opts.onEpoch?.(epoch, run.inference, run.train);
}

async function finishRun(tf: Tf, run: TrainingRun, opts: RunOptions, calibration: readonly Sample[], signers: string[]): Promise<TrainResult> {
  run.bar.done();
  const arch = opts.architecture ?? DEFAULT_ARCHITECTURE;
  // Its own draw from the seed: drawn after training from the training's stream, the match
  // distance moved with anything that changed how much training drew (0.42 to 0.50 between
  // models of one recipe with and without other signs), and the matcher with it.
  const matchCalibration = calibrateMatchDistance(calibration, createRng(opts.seed));
  const manifest: ModelManifest = {
    format: MODEL_MANIFEST_FORMAT,
    name: opts.name,
    labels: run.labels,
    input: run.input,
    featureSpecVersion: FEATURE_SPEC_VERSION,
    windowFrames: FEATURE_FRAMES,
    inputShape: [FEATURE_FRAMES, run.size],
    embeddingSize: arch.embeddingSize * Math.max(1, arch.members),
    thresholds: { accept: ACCEPT_THRESHOLD, matchDistance: matchCalibration.distance },
    extractor: HOLISTIC_EXTRACTOR,
    card: MODEL_CARD_FILE,
    trainedSignerIds: signers,
    ...(opts.otherSigns?.length ? { otherSignsTrained: [...new Set(opts.otherSigns.map((s) => s.gloss))].sort() } : {}),
    backend: opts.backend,
    seed: opts.seed,
    createdAt: new Date().toISOString(),
  };
  await saveModel(tf, run.inference, manifest, opts.outDir);
  run.train.optimizer.dispose();
  run.inference.dispose();
  return { manifest, history: run.history, matchCalibration };
}

export async function trainClassifier(tf: Tf, opts: TrainOptions): Promise<TrainResult> {
  const rng = createRng(opts.seed);
  const arch = opts.architecture ?? DEFAULT_ARCHITECTURE;
  const stats = arch.linear !== 'none' ? linearStats(opts.samples.map((s) => computeFeatures(s.frames))) : undefined;
  const run = startRun(tf, opts, [...new Set(opts.samples.map((s) => s.gloss))], stats);
  const classes = run.labels.length;
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    const started = Date.now();
    scheduleLearningRate(run, opts, epoch);
    const data = epochData(opts.samples, run.labels, opts, rng, run.toInput, run.size);
    const x = tf.tensor3d(data.x, [data.count, FEATURE_FRAMES, run.size]);
    const target = new Float32Array(data.count * classes);
    data.y.forEach((label, i) => target.set(smoothedTarget(label, classes, opts.labelSmoothing), i * classes));
    const y = tf.tensor2d(target, [data.count, classes]);
    const members = run.train.outputs.length;
    const fit = await run.train.fit(x, members > 1 ? Array.from({ length: members }, () => y) : y, { epochs: 1, batchSize: opts.batchSize, shuffle: false, verbose: 0 });
    x.dispose();
    y.dispose();
    await endEpoch(run, opts, epoch, started, fit);
  }
  return finishRun(tf, run, opts, opts.samples, signersOf(opts.samples));
}

export interface StreamTrainOptions extends Omit<TrainOptions, 'samples' | 'otherSigns' | 'startFrom' | 'architecture'> {
  /** The training recordings, each loaded only when its turn comes. */
  sources: readonly SampleSource[];
  /** The linear path needs statistics over all the data, so a streamed model has none. */
  architecture?: Architecture & { linear: 'none' };
  /** Examples held to shuffle before a batch is drawn (default STREAM_SHUFFLE_BUFFER). */
  shuffleBuffer?: number;
}

/** Examples held by the streamed shuffle: 170 recordings at 4 copies and 2 no-sign windows each, 31 MB of features. */
export const STREAM_SHUFFLE_BUFFER = 1024;

/** Recordings kept (a reservoir over the first epoch) to calibrate the match distance on. */
export const STREAM_CALIBRATION_RECORDINGS = 300;

/**
 * Training at corpus scale: every epoch streams the sources in a fresh seeded order through
 * tf.data (`fitDataset`): each recording is read when its turn comes, made into `copies`
 * augmented copies plus `copies x negativeShare` no-sign windows cut from it, shuffled in a
 * bounded buffer and batched. Memory holds the model, the buffer and one recording at a
 * time, however large the corpus; the match distance is calibrated on a reservoir of
 * STREAM_CALIBRATION_RECORDINGS recordings.
 */
export async function trainStreamed(tf: Tf, opts: StreamTrainOptions): Promise<TrainResult> {
  const rng = createRng(opts.seed);
  const run = startRun(tf, opts, [...new Set(opts.sources.map((s) => s.gloss))], undefined);
  const classes = run.labels.length;
  const cfg = opts.augment ?? AUGMENT;
  const mix = opts.negativeMix ?? TRAIN_NEGATIVE_MIX;
  const negativesPerRecording = opts.copies * opts.negativeShare;
  const members = run.train.outputs.length;
  const reservoir: Sample[] = [];
  let seen = 0;
  // A batch is drawn once the buffer holds this many examples (at least a batch).
  const buffer = Math.max(opts.shuffleBuffer ?? STREAM_SHUFFLE_BUFFER, opts.batchSize);
  /** A batch of `count` examples drawn at random from the shuffle buffer (and removed from it). */
  const batchFrom = (pool: Array<{ x: Float32Array; label: number }>, count: number) => {
    const frameValues = FEATURE_FRAMES * run.size;
    const xs = new Float32Array(count * frameValues);
    const ys = new Float32Array(count * classes);
    for (let i = 0; i < count; i++) {
      const k = rng.int(0, pool.length);
      const e = pool[k];
      pool[k] = pool[pool.length - 1];
      pool.pop();
      xs.set(e.x, i * frameValues);
      ys.set(smoothedTarget(e.label, classes, opts.labelSmoothing), i * classes);
    }
    const y = () => tf.tensor2d(ys, [count, classes]);
    return { xs: tf.tensor3d(xs, [count, FEATURE_FRAMES, run.size]), ys: members > 1 ? Array.from({ length: members }, y) : y() };
  };
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    const started = Date.now();
    scheduleLearningRate(run, opts, epoch);
    const order = rng.shuffle([...opts.sources]);
    // Batches are made here rather than with tf.data's shuffle and batch, whose batching of
    // tensors fails on the wasm backend; the shuffle buffer is the same idea, seeded by our rng.
    async function* batches() {
      const pool: Array<{ x: Float32Array; label: number }> = [];
      for (const source of order) {
        const sample = await source.load();
        if (epoch === 1) {
          // Reservoir sampling: every recording equally likely to be kept, memory bounded.
          seen++;
          if (reservoir.length < STREAM_CALIBRATION_RECORDINGS) reservoir.push(sample);
          else if (rng.int(0, seen) < STREAM_CALIBRATION_RECORDINGS) reservoir[rng.int(0, STREAM_CALIBRATION_RECORDINGS)] = sample;
        }
        const label = run.labels.indexOf(sample.gloss);
        for (let c = 0; c < opts.copies; c++) pool.push({ x: run.toInput(augmentSequence(sample.frames, rng, cfg)), label });
        const negatives = Math.floor(negativesPerRecording) + (rng.chance(negativesPerRecording % 1) ? 1 : 0);
        for (let n = 0; n < negatives; n++) {
          pool.push({ x: run.toInput(augmentSequence(negativeWindow(sample.frames, drawKind(mix, rng), rng), rng, cfg)), label: run.labels.indexOf(NO_SIGN_LABEL) });
        }
        while (pool.length >= buffer) yield batchFrom(pool, opts.batchSize);
      }
      while (pool.length) yield batchFrom(pool, Math.min(opts.batchSize, pool.length));
    }
    const fit = await run.train.fitDataset(tf.data.generator(batches as unknown as () => AsyncIterator<tfType.TensorContainer>), { epochs: 1, verbose: 0 });
    await endEpoch(run, opts, epoch, started, fit);
  }
  return finishRun(tf, run, opts, reservoir, signersOf(opts.sources));
}
