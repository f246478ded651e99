/**
 * `signs train`: trains the default sign classifier from scratch (seeded), writes
 * public/models/<name>/ (model.json + weights, manifest.json, MODEL_CARD.md) and measures
 * it on the held-out signers, the baseline and the one-shot matcher for the model card.
 */
import { join } from 'node:path';
import { UsageError, printJson, progressBar, type Verb } from '../cli-kit';
import { baselineHeldOut, baselineLeaveOneSignerOut } from '../model/baseline';
import {
  DEFAULT_GISLR_DIR, DEFAULT_MODEL_NAME, MODELS_DIR, backendOption, intOption, listOption,
} from '../model/cli-options';
import { HELD_OUT_SIGNERS, loadSamples, openSampleSources, splitBySigner, type Sample } from '../model/dataset';
import { evaluateClassifier, formatConfusion, mergeReports } from '../model/evaluate';
import { DEFAULT_ARCHITECTURE, loadLayersFromDir, loadModelFromDir, readManifest, type Architecture } from '../model/model';
import { NO_SIGN_LABEL } from '../../src/lib/recognition/manifest';
import { HAND_BLOCK_NAMES } from '../../src/lib/features/spec';
import type { LayersModel } from '@tensorflow/tfjs';
import { writeModelCard } from '../model/model-card';
import { embedSignRecordings, writeSignEmbeddings } from '../model/sign-embeddings';
import { evaluateOneShot, pickReferenceSigners, ONE_SHOT_REFERENCE_SIGNERS } from '../model/one-shot';
import { initNodeBackend, tf } from '../model/tf-node';
import { DEFAULT_OTHER_SIGN_COPIES, DEFAULT_TRAIN, trainClassifier, trainStreamed, type TrainOptions } from '../model/train-model';

/** Held-out recordings loaded at a time when streamed training evaluates them. */
const EVAL_CHUNK = 500;

/**
 * The studio signs: a two-sign classifier that never saw another sign reads many of them as
 * its own (docs/experiments.md, 2026-12-02), so the default model learns them as "no sign".
 */
export const DEFAULT_OTHER_SIGNS_DIR = 'public/signs/rth-signs';

const usage = `Usage: npm run signs -- train [options]

Trains the sign classifier from scratch on landmark recordings, holding out signers,
and writes <out>/<name>/: model.json + weights.bin, manifest.json, MODEL_CARD.md and
sign-embeddings.bin (the training recordings' embeddings, which the game vets verdicts with).

Options:
  --gislr <dir>       the Kaggle asl-signs folder (train.csv + train_landmark_files/), streamed:
                      each parquet file is read when its batch is due, never a whole epoch
                      (tf.data, fitDataset); held-out signers are evaluated in chunks of
                      ${EVAL_CHUNK}; no baseline or one-shot figures and no sign embeddings
                      (they need every recording), and no --other-signs
  --data <dir>        GISLR int16 pack, Kaggle GISLR parquet folder, sign pack or folder
                      of .signrec recordings (default: ${DEFAULT_GISLR_DIR})
  --name <name>       model name (default: ${DEFAULT_MODEL_NAME})
  --out <dir>         models folder (default: ${MODELS_DIR})
  --held-out <ids>    comma-separated signer ids never trained on
                      (default: ${HELD_OUT_SIGNERS.join(',')})
  --other-signs <dir> recordings of other signs, trained as "no sign", ${DEFAULT_OTHER_SIGN_COPIES} augmented
                      copies of each per epoch; the glosses go into the manifest, and
                      signs play --wrong-signs leaves them out at the model's steps;
                      "none" for none
                      (default: ${DEFAULT_OTHER_SIGNS_DIR})
  --other-signs-only <glosses>  comma-separated: only these glosses of --other-signs
  --from <dir>        fine-tune: start from this model folder's weights (same architecture
                      and signs) instead of fresh ones
  --learning-rate <x> starting learning rate (default: ${DEFAULT_TRAIN.learningRate})
  --epochs <n>        (default: ${DEFAULT_TRAIN.epochs})
  --seed <n>          (default: ${DEFAULT_TRAIN.seed})
  --copies <n>        augmented copies of each recording per epoch (default: ${DEFAULT_TRAIN.copies})
  --backend <name>    tensorflow | wasm | cpu (default: the fastest available)
  --parts <all|hands> the feature blocks the model reads: all, or the hands only (both
                      hands' location, shape, presence, motion and the window block;
                      no arms, no face) (default: all)
  --arch <json>       architecture fields to change from the default, e.g.
                      '{"kind":"gru","members":1}' or '{"linear":"concat"}'
                      (default: ${JSON.stringify(DEFAULT_ARCHITECTURE)})
  --json              print a JSON summary line`;

/** The default architecture with the fields given as JSON in --arch (unknown fields are refused). */
function architectureOption(values: Record<string, unknown>): Architecture {
  if (typeof values.arch !== 'string') return DEFAULT_ARCHITECTURE;
  let given: unknown;
  try {
    given = JSON.parse(values.arch);
  } catch {
    throw new UsageError(`--arch must be a JSON object, got ${values.arch}.\n\n${usage}`);
  }
  if (typeof given !== 'object' || given === null || Array.isArray(given)) throw new UsageError(`--arch must be a JSON object.\n\n${usage}`);
  const unknown = Object.keys(given).filter((k) => !(k in DEFAULT_ARCHITECTURE));
  if (unknown.length) throw new UsageError(`--arch: unknown field(s) ${unknown.join(', ')}; known: ${Object.keys(DEFAULT_ARCHITECTURE).join(', ')}.`);
  return { ...DEFAULT_ARCHITECTURE, ...(given as Partial<Architecture>) };
}

/** --parts: the feature blocks the model reads. */
function partsOption(values: Record<string, unknown>): readonly string[] | undefined {
  const parts = values.parts ?? 'all';
  if (parts === 'all') return undefined;
  if (parts === 'hands') return HAND_BLOCK_NAMES;
  throw new UsageError(`--parts must be all or hands, got "${String(parts)}".\n\n${usage}`);
}

function learningRateOption(values: Record<string, unknown>): number {
  if (values['learning-rate'] === undefined) return DEFAULT_TRAIN.learningRate;
  const x = Number(values['learning-rate']);
  if (!(x > 0)) throw new UsageError(`--learning-rate must be a positive number, got "${String(values['learning-rate'])}".\n\n${usage}`);
  return x;
}

/** --from: the model to fine-tune, which must know the same signs as the data. */
async function startFromOption(values: Record<string, unknown>, samples: readonly Sample[]): Promise<LayersModel | undefined> {
  if (typeof values.from !== 'string') return undefined;
  const labels = readManifest(values.from).labels;
  const glosses = [...new Set(samples.map((s) => s.gloss))].sort();
  if (labels.join(',') !== [...glosses, NO_SIGN_LABEL].join(',')) throw new UsageError(`--from ${values.from}: labels ${labels.join(', ')}, the data has ${glosses.join(', ')}.`);
  return loadLayersFromDir(tf, values.from);
}

/** --other-signs: its recordings of signs the model is not trained on (those of its own signs are left out). */
async function otherSignsOption(values: Record<string, unknown>, own: ReadonlySet<string>): Promise<Sample[] | undefined> {
  const dir = (values['other-signs'] as string | undefined) ?? DEFAULT_OTHER_SIGNS_DIR;
  if (dir === 'none') {
    if (values['other-signs-only'] !== undefined) throw new UsageError('--other-signs-only needs --other-signs.');
    return undefined;
  }
  const only = listOption(values, 'other-signs-only');
  const others = (await loadSamples(dir)).filter((s) => !own.has(s.gloss) && (!only || only.includes(s.gloss)));
  if (!others.length) throw new UsageError(`--other-signs ${dir}: no recording of a sign outside the training data${only ? ` among ${only.join(', ')}` : ''}.`);
  console.error(`signs train: ${others.length} recordings of ${new Set(others.map((s) => s.gloss)).size} other signs trained as "no sign"`);
  return others;
}

/** The options as typed, for the model card. */
function typedOptions(values: Record<string, unknown>): string {
  return Object.entries(values).filter(([k]) => k !== 'json').map(([k, v]) => (v === true ? `--${k}` : `--${k} ${String(v)}`)).join(' ');
}

/** Peak resident memory of this process so far, in MB. */
function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** `--gislr`: streamed training and evaluation, for a corpus too large to hold. */
async function trainGislr(values: Record<string, unknown>): Promise<void> {
  const dataDir = values.gislr as string;
  for (const option of ['data', 'from', 'other-signs', 'other-signs-only']) {
    if (values[option] !== undefined) throw new UsageError(`--gislr streams its own data: --${option} cannot go with it.\n\n${usage}`);
  }
  const architecture = architectureOption(values);
  if (architecture.linear !== 'none') throw new UsageError('--gislr: the linear path needs statistics over all the data; leave "linear" at "none".');
  const name = (values.name as string | undefined) ?? DEFAULT_MODEL_NAME;
  const outDir = join((values.out as string | undefined) ?? MODELS_DIR, name);
  const heldOut = listOption(values, 'held-out') ?? [...HELD_OUT_SIGNERS];
  const backend = await initNodeBackend(backendOption(values, usage));
  console.error(`signs train: backend ${backend}${backend === 'tensorflow' ? ' (tfjs-node)' : ' (install @tensorflow/tfjs-node or tfjs-node-gpu for native speed)'}`);
  const { train, test } = splitBySigner(openSampleSources(dataDir), heldOut);
  console.error(`signs train: streaming ${train.length} training recordings of ${new Set(train.map((s) => s.gloss)).size} signs, ${test.length} held out (${heldOut.length} signers)`);
  const options = {
    ...DEFAULT_TRAIN, name, outDir, sources: train, backend,
    epochs: intOption(values, 'epochs', DEFAULT_TRAIN.epochs, usage),
    seed: intOption(values, 'seed', DEFAULT_TRAIN.seed, usage),
    copies: intOption(values, 'copies', DEFAULT_TRAIN.copies, usage),
    architecture: { ...architecture, linear: 'none' as const },
    blocks: partsOption(values),
    learningRate: learningRateOption(values),
  };
  const started = Date.now();
  const result = await trainStreamed(tf, options);
  const trainSeconds = (Date.now() - started) / 1000;
  const trainRss = peakRssMb();
  console.error(`signs train: trained in ${trainSeconds.toFixed(0)} s, wrote ${outDir}; peak RSS ${trainRss.toFixed(0)} MB`);
  const classifier = await loadModelFromDir(tf, outDir);
  const reports = [];
  for (let at = 0; at < test.length; at += EVAL_CHUNK) {
    const chunk = await Promise.all(test.slice(at, at + EVAL_CHUNK).map((s) => s.load()));
    reports.push(await evaluateClassifier(classifier, chunk, 0, chunk.length));
  }
  classifier.dispose();
  const heldOutReport = mergeReports(reports);
  console.error(`signs train: held-out accuracy ${heldOutReport.accuracy.toFixed(4)}, no-sign false accepts ${heldOutReport.false_accept.toFixed(4)}\n${formatConfusion(heldOutReport.confusion)}`);
  writeModelCard(outDir, {
    manifest: result.manifest, options, dataDir, heldOutSigners: heldOut, result, trainSeconds,
    heldOut: heldOutReport, oneShot: [], command: typedOptions(values),
  });
  if (values.json) {
    printJson({
      model: outDir, backend, streamed: true, recordings: train.length, seconds: trainSeconds, peak_rss_mb: Math.round(peakRssMb()), peak_rss_mb_training: Math.round(trainRss),
      accuracy: heldOutReport.accuracy, false_accept: heldOutReport.false_accept, per_class: heldOutReport.per_class,
    });
  }
}

export const verb: Verb = {
  name: 'train',
  summary: 'train the sign classifier (seeded, held-out signers) into public/models/<name>/',
  usage,
  options: {
    data: { type: 'string' },
    gislr: { type: 'string' },
    name: { type: 'string' },
    out: { type: 'string' },
    'held-out': { type: 'string' },
    'other-signs': { type: 'string' },
    'other-signs-only': { type: 'string' },
    from: { type: 'string' },
    'learning-rate': { type: 'string' },
    epochs: { type: 'string' },
    seed: { type: 'string' },
    copies: { type: 'string' },
    backend: { type: 'string' },
    arch: { type: 'string' },
    parts: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }) {
    if (typeof values.gislr === 'string') return trainGislr(values);
    const architecture = architectureOption(values);
    const dataDir = (values.data as string | undefined) ?? DEFAULT_GISLR_DIR;
    const name = (values.name as string | undefined) ?? DEFAULT_MODEL_NAME;
    const outDir = join((values.out as string | undefined) ?? MODELS_DIR, name);
    const heldOut = listOption(values, 'held-out') ?? [...HELD_OUT_SIGNERS];
    const backend = await initNodeBackend(backendOption(values, usage));
    console.error(`signs train: backend ${backend}`);
    const loading = progressBar('load', 1);
    const samples = await loadSamples(dataDir, { progress: loading });
    loading.done();
    const { train, test } = splitBySigner(samples, heldOut);
    const otherSigns = await otherSignsOption(values, new Set(samples.map((s) => s.gloss)));
    console.error(`signs train: ${train.length} training recordings, ${test.length} held out (${heldOut.length} signers)`);
    const options: TrainOptions = {
      ...DEFAULT_TRAIN,
      name,
      outDir,
      samples: train,
      backend,
      epochs: intOption(values, 'epochs', DEFAULT_TRAIN.epochs, usage),
      seed: intOption(values, 'seed', DEFAULT_TRAIN.seed, usage),
      copies: intOption(values, 'copies', DEFAULT_TRAIN.copies, usage),
      architecture,
      blocks: partsOption(values),
      otherSigns,
      learningRate: learningRateOption(values),
      startFrom: await startFromOption(values, samples),
    };
    const started = Date.now();
    const result = await trainClassifier(tf, options);
    options.startFrom?.dispose();
    const trainSeconds = (Date.now() - started) / 1000;
    console.error(`signs train: trained in ${trainSeconds.toFixed(0)} s, wrote ${outDir}`);
    const classifier = await loadModelFromDir(tf, outDir);
    const manifest = writeSignEmbeddings(outDir, await embedSignRecordings(classifier, train));
    console.error(`signs train: sign embeddings of ${train.length} training recordings written`);
    const heldOutReport = await evaluateClassifier(classifier, test, 0);
    const byKind = Object.entries(heldOutReport.false_accept_by_kind).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ');
    console.error(`signs train: held-out accuracy ${heldOutReport.accuracy.toFixed(4)} (${Object.entries(heldOutReport.per_class).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ')}), no-sign false accepts ${heldOutReport.false_accept.toFixed(4)} (${byKind})\n${formatConfusion(heldOutReport.confusion)}`);
    const baselineSame = baselineHeldOut(train, test);
    const baseline = baselineLeaveOneSignerOut(samples);
    console.error(`signs train: baseline accuracy on the same held-out signers ${baselineSame.accuracy.toFixed(4)}, leave-one-signer-out ${baseline.accuracy.toFixed(4)}`);
    const refSigners = new Set(pickReferenceSigners(samples, ONE_SHOT_REFERENCE_SIGNERS));
    const references = samples.filter((s) => refSigners.has(s.signerId));
    const oneShotTests = samples.filter((s) => !refSigners.has(s.signerId));
    const oneShot = [];
    for (const method of ['dtw', 'embedding'] as const) {
      oneShot.push(await evaluateOneShot(references, oneShotTests, {
        method, classifier, seed: options.seed, matchDistance: result.manifest.thresholds.matchDistance,
      }));
    }
    for (const m of oneShot) console.error(`signs train: one-shot ${m.method} accuracy ${m.accuracy.toFixed(4)}`);
    classifier.dispose();
    writeModelCard(outDir, {
      manifest, options, dataDir, heldOutSigners: heldOut, result, trainSeconds,
      heldOut: heldOutReport, baseline, baselineHeldOut: baselineSame, oneShot, startedFrom: values.from as string | undefined, command: typedOptions(values),
    });
    if (values.json) {
      printJson({
        model: outDir, backend, seconds: trainSeconds, accuracy: heldOutReport.accuracy, false_accept: heldOutReport.false_accept,
        per_class: heldOutReport.per_class, false_accept_by_kind: heldOutReport.false_accept_by_kind,
        baseline: baseline.accuracy, baseline_held_out: baselineSame.accuracy, one_shot: Object.fromEntries(oneShot.map((m) => [m.method, m.accuracy])),
      });
    }
  },
};
