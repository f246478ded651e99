/**
 * `signs eval`: measures a trained model on recordings of signers it was not trained on
 * (every recording by a training signer is skipped and counted). --folds K instead
 * retrains K times, each fold's signers held out (slow; for the model card).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printJson, requireString, type Verb } from '../cli-kit';
import { backendOption, intOption } from '../model/cli-options';
import { loadSamples, signersOf, splitBySigner, type Sample } from '../model/dataset';
import { evaluateClassifier, formatConfusion, type EvalReport } from '../model/evaluate';
import { loadModelFromDir, readManifest } from '../model/model';
import { initNodeBackend, tf } from '../model/tf-node';
import { DEFAULT_TRAIN, trainClassifier } from '../model/train-model';

const usage = `Usage: npm run signs -- eval --model <dir> --data <dir> [options]

Accuracy, per-class recall, confusion matrix, no-sign false-accept rate (on windows cut
from the evaluated signers' recordings) and inference time per window, on every
recording whose signer the model was NOT trained on (the others are skipped, counted).
Recordings of signs the model does not know are counted apart, with the share of them it
reads as one of its signs (each should be "no sign").

Options:
  --model <dir>     a model folder (manifest.json + model.json), e.g. public/models/signs-gislr-v2
  --data <dir>      GISLR int16 pack, Kaggle GISLR parquet folder, sign pack or .signrec folder
  --folds <K>       retrain K times from scratch, signers split into K folds, and report
                    each fold and the pooled result (slow: K full trainings)
  --epochs <n>      epochs per fold with --folds (default: ${DEFAULT_TRAIN.epochs})
  --backend <name>  tensorflow | wasm | cpu (default: the fastest available)
  --json            one JSON line: {"accuracy","n","skipped","unknown_sign","per_class","confusion","false_accept",
                    "ms_per_window",...}`;

function printReport(label: string, r: EvalReport): void {
  console.log(`${label}: accuracy ${r.accuracy.toFixed(4)} on ${r.n} recordings (${r.skipped} by training signers skipped); forced to name a sign ${r.forced_choice.toFixed(4)}`);
  if (r.unknown_sign.n) console.log(`  signs the model does not know: ${r.unknown_sign.n} recordings, ${r.unknown_sign.accepted.toFixed(4)} read as one of its signs`);
  console.log(`  recall: ${Object.entries(r.per_class).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ')}`);
  console.log(`  no-sign false accepts: ${r.false_accept.toFixed(4)} of ${r.negatives} windows (${Object.entries(r.false_accept_by_kind).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')})`);
  console.log(`  inference: ${r.ms_per_window.toFixed(2)} ms per window (features + model)`);
  console.log(formatConfusion(r.confusion).replace(/^/gm, '  '));
}

async function crossValidate(samples: Sample[], folds: number, epochs: number, backend: string): Promise<EvalReport[]> {
  const signers = signersOf(samples);
  const reports: EvalReport[] = [];
  for (let k = 0; k < folds; k++) {
    const heldOut = signers.filter((_, i) => i % folds === k);
    const { train, test } = splitBySigner(samples, heldOut);
    const dir = mkdtempSync(join(tmpdir(), 'signs-fold-'));
    try {
      await trainClassifier(tf, { ...DEFAULT_TRAIN, epochs, name: `fold-${k + 1}`, outDir: dir, samples: train, backend });
      const classifier = await loadModelFromDir(tf, dir);
      reports.push(await evaluateClassifier(classifier, test, 0));
      classifier.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return reports;
}

export const verb: Verb = {
  name: 'eval',
  summary: 'measure a model on held-out signers (accuracy, confusion, false accepts, ms)',
  usage,
  options: {
    model: { type: 'string' },
    data: { type: 'string' },
    folds: { type: 'string' },
    epochs: { type: 'string' },
    backend: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }) {
    const dataDir = requireString(values, 'data', usage);
    const folds = intOption(values, 'folds', 0, usage);
    const backend = await initNodeBackend(backendOption(values, usage));
    console.error(`signs eval: backend ${backend}`);
    const samples = await loadSamples(dataDir);
    if (folds > 1) {
      const reports = await crossValidate(samples, folds, intOption(values, 'epochs', DEFAULT_TRAIN.epochs, usage), backend);
      const n = reports.reduce((s, r) => s + r.n, 0);
      const pooled = reports.reduce((s, r) => s + r.accuracy * r.n, 0) / n;
      const forced = reports.reduce((s, r) => s + r.forced_choice * r.n, 0) / n;
      const falseAccept = reports.reduce((s, r) => s + r.false_accept * r.negatives, 0) / reports.reduce((s, r) => s + r.negatives, 0);
      if (values.json) printJson({ accuracy: pooled, forced_choice: forced, n, false_accept: falseAccept, folds: reports });
      else {
        reports.forEach((r, k) => printReport(`fold ${k + 1}/${folds}`, r));
        console.log(`pooled over ${folds} folds: accuracy ${pooled.toFixed(4)} on ${n} recordings (forced to name a sign ${forced.toFixed(4)}), no-sign false accepts ${falseAccept.toFixed(4)}`);
      }
      return;
    }
    const modelDir = requireString(values, 'model', usage);
    const trained = new Set(readManifest(modelDir).trainedSignerIds);
    const unseen = samples.filter((s) => !trained.has(s.signerId));
    const classifier = await loadModelFromDir(tf, modelDir);
    const report = await evaluateClassifier(classifier, unseen, samples.length - unseen.length);
    classifier.dispose();
    if (values.json) printJson(report);
    else printReport(modelDir, report);
  },
};
