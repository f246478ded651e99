/** MODEL_CARD.md beside a trained model: data and attribution, recipe, measured results, limits. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GISLR_ATTRIBUTION } from '../data/gislr-pack';
import { describeFeatureSpec } from '../../src/lib/features/spec';
import { MODEL_CARD_FILE, NO_SIGN_LABEL, type ModelManifest } from '../../src/lib/recognition/manifest';
import { AUGMENT } from './augment';
import { NEGATIVE_PARTIAL_SHARE } from './negatives';
import { formatConfusion, type EvalReport } from './evaluate';
import type { MatchReport } from './one-shot';
import { TRAIN_NEGATIVE_MIX, type TrainOptions, type TrainResult } from './train-model';
import { DEFAULT_ARCHITECTURE, describeArchitecture } from './model';

export { MODEL_CARD_FILE };

export interface ModelCardInput {
  manifest: ModelManifest;
  options: Omit<TrainOptions, 'samples'>;
  /** The options \`signs train\` was given, as typed (e.g. "--parts hands"). */
  command: string;
  dataDir: string;
  heldOutSigners: readonly string[];
  result: TrainResult;
  trainSeconds: number;
  heldOut: EvalReport;
  /** Leave-one-signer-out over all recordings (absent for streamed training, which never holds them all). */
  baseline?: { accuracy: number; n: number; folds: number };
  /** The baseline trained on the same training signers, on the same held-out recordings. */
  baselineHeldOut?: { accuracy: number; n: number };
  oneShot: MatchReport[];
  /** The model folder fine-tuned from (--from), if any. */
  startedFrom?: string;
}

const pct = (v: number) => `${(100 * v).toFixed(1)} %`;

export function writeModelCard(dir: string, c: ModelCardInput): void {
  const spec = describeFeatureSpec();
  const last = c.result.history.at(-1);
  const signs = c.manifest.labels.filter((l) => l !== NO_SIGN_LABEL);
  const text = `# ${c.manifest.name}

A sign classifier for the SignQuest game: ${c.manifest.labels.length - 1} signs (${c.manifest.labels.filter((l) => !l.startsWith('_')).join(', ')}) plus an explicit "no sign" class (\`${c.manifest.labels.at(-1)}\`). Inputs are ${c.manifest.inputShape.join(' x ')} feature frames of the shared feature spec v${spec.version} (src/lib/features/spec.ts)${c.manifest.input.kind === 'features' && c.manifest.inputShape[1] !== spec.size ? `, only the blocks ${c.manifest.input.blocks.join(', ')} (of ${spec.size} values per frame)` : ''}; landmarks extracted by ${c.manifest.extractor ?? 'an unnamed extractor'}; outputs are class scores and a ${c.manifest.embeddingSize}-value embedding.

## Data and attribution

Trained on ${GISLR_ATTRIBUTION}. ${signs.length} signs (${signs.length <= 12 ? signs.map((g) => `"${g}"`).join(', ') : `${signs.slice(0, 12).join(', ')}, ...`}; from \`${c.dataDir}\`).

- Training signers (${c.manifest.trainedSignerIds.length}): ${c.manifest.trainedSignerIds.join(', ')}.
- Held out, never trained on (${c.heldOutSigners.length}): ${c.heldOutSigners.join(', ')}.
- "No sign" windows are cut from the training signers' own recordings (training mix ${Object.entries(c.options.negativeMix ?? TRAIN_NEGATIVE_MIX).map(([k, v]) => `${k} ${v}`).join(', ')}; evaluation weighs the kinds alike): a recording's edge pose held still with hands lowered to rest, partial signs (the first or last ${NEGATIVE_PARTIAL_SHARE.map((v) => Math.round(100 * v)).join('-')} % of the frames with hands), a real hand carried along random paths, hands down.

The GISLR data card adds: "Landmark data should not be used to identify or re-identify an individual."

## Recipe

\`npm run signs -- train${c.command ? ` ${c.command}` : ''}\`${c.startedFrom ? ` fine-tuned from ${c.startedFrom}` : ''} (seed ${c.options.seed}, backend ${c.manifest.backend}, ${c.options.epochs} epochs, ${Math.round(c.trainSeconds)} s on this machine).

- Model: ${describeArchitecture(c.options.architecture ?? DEFAULT_ARCHITECTURE)}. Adam, learning rate ${c.options.learningRate} falling along a half cosine to ${c.options.finalLearningRateShare} of it, batch ${c.options.batchSize}, cross-entropy with label smoothing ${c.options.labelSmoothing}. Weights are stored as float16 (TF.js expands them on load); every figure below is measured on the stored weights.
- Each epoch: ${c.options.copies} freshly augmented copies of every training recording and ${pct(c.options.negativeShare)} as many no-sign windows. Augmentation: mirror with hand swap (p ${AUGMENT.mirrorChance}), speed ${AUGMENT.speed.join('-')}x in two halves, rotation +-${Math.round((AUGMENT.rotationRad * 180) / Math.PI)} deg, scale ${AUGMENT.scale.join('-')}, stretch +-${AUGMENT.stretch}, shift +-${AUGMENT.shift}, frame drop ${AUGMENT.frameDropChance}, hand dropout ${AUGMENT.handDropChance} per frame, face dropout ${AUGMENT.faceDropChance}, non-dominant hand dropout ${AUGMENT.otherHandDropChance}, a still other hand (at rest, at the chest or at the head) in ${AUGMENT.stillOtherHandChance} of sequences without one.
- Final epoch: loss ${last?.loss.toFixed(4)}, training accuracy ${last ? pct(last.acc) : '-'} (on augmented data).
- Accept threshold ${c.manifest.thresholds.accept} (share of the best candidate among candidates and no-sign); one-shot match distance ${c.result.matchCalibration.distance.toFixed(4)} (calibrated on ${c.result.matchCalibration.sameSign} same-sign pairs vs ${c.result.matchCalibration.noSign} no-sign pairs of training signers, balanced error ${pct(c.result.matchCalibration.error)}).
${c.manifest.signEmbeddings ? `- Sign embeddings: the model's embedding of each training recording (${Object.entries(c.manifest.signEmbeddings.counts).map(([g, n]) => `${g} ${n}`).join(', ')}) in ${c.manifest.signEmbeddings.file}; the game credits one of its signs only where the attempt is nearer those recordings than its other signs' and than any other sign's reference take.
` : ''}

## Measured results (held-out signers only)

Measured by the train command right after training, with the game's decision rule (src/lib/recognition/decide.ts); \`npm run signs -- eval --model public/models/${c.manifest.name}\` repeats it.

| Measure | Value |
| --- | --- |
| Accuracy, ${c.heldOut.n} recordings of ${c.heldOutSigners.length} held-out signers | **${pct(c.heldOut.accuracy)}** |
| Forced to name one of its signs ("no sign" ignored; comparable with the baseline below) | ${pct(c.heldOut.forced_choice)} |
| Per-class recall | ${Object.entries(c.heldOut.per_class).map(([k, v]) => `${k} ${pct(v)}`).join(', ')} |
| No-sign false accepts (${c.heldOut.negatives} windows from held-out signers) | ${pct(c.heldOut.false_accept)} (${Object.entries(c.heldOut.false_accept_by_kind).map(([k, v]) => `${k} ${pct(v)}`).join(', ')}) |
| Inference, features + model, one window (Node, ${c.manifest.backend}) | ${c.heldOut.ms_per_window.toFixed(2)} ms |
${c.baselineHeldOut ? `| Baseline: logistic regression on wrist path + mean hand shape, trained on the same ${c.manifest.trainedSignerIds.length} signers, on the same ${c.baselineHeldOut.n} held-out recordings (it has no "no sign": forced choice) | ${pct(c.baselineHeldOut.accuracy)} |
` : ''}${c.baseline ? `| Baseline, leave-one-signer-out over all ${c.baseline.n} recordings (${c.baseline.folds} folds, each trained on ${c.baseline.folds - 1} signers) | ${pct(c.baseline.accuracy)} |
` : ''}${c.oneShot.map((m) => `| One-shot (${m.method}), references: ${m.references} recordings of signers ${m.referenceSigners.join(', ')}; tests: ${m.n} recordings of the other signers | ${pct(m.accuracy)}${m.false_accept !== undefined ? `; accepted as right ${pct(m.accepted_correct ?? NaN)}, no-sign false accepts ${pct(m.false_accept)}` : ''} |`).join('\n')}

Confusion (held-out, rows true, columns decided):

\`\`\`
${formatConfusion(c.heldOut.confusion)}
\`\`\`

## Known limits

- ${signs.length} signs only; anything else should come out as "no sign" but was only trained against synthetic-from-real no-sign windows${c.manifest.otherSignsTrained?.length ? ` and the recordings of ${c.manifest.otherSignsTrained.length} other signs (${c.manifest.otherSignsTrained.join(', ')}; \`signs play --wrong-signs\` measures the others)` : ', not against other real signs'}.
- GISLR signers filmed themselves on phones, mostly one-handed, close up; a desktop webcam at arm's length differs (scale and position are normalised to the shoulders, but framing and lighting are not).
- The no-sign false-accept rate is measured on windows cut from held-out signers' sign recordings, not on real idle webcam footage.
- Partial signs (the first or last ${NEGATIVE_PARTIAL_SHARE.map((v) => Math.round(100 * v)).join('-')} % of a sign's frames with hands) are still accepted as the sign far more often than the other no-sign kinds (see the false accepts above). The data sets a floor: GISLR signers filmed themselves on phones and the hands are detected in few frames, so a quarter of the recordings hold 5 or fewer frames with a hand and 1 in 12 two or fewer (median 11); to name those signs the model must accept a few frames of a hand at the forehead as "hello", and a cut-off sign of the same few frames looks the same. Training harder on partial windows (a 0.75 no-sign share, half of it partial) brought validation false accepts to 3.5 % but cut validation accuracy to 60 % (validation signers taken from the training signers only); the shipped recipe keeps accuracy. The feature spec's window block (duration, share of frames with the hand, wrist path and net displacement) lets the model reject the longer partial windows. The game should still judge a sign once the hands come to rest.
${c.oneShot.length ? `- The embedding one-shot figure is optimistic: the model was trained on ${c.oneShot[0] ? c.manifest.trainedSignerIds.filter((s) => !c.oneShot[0].referenceSigners.includes(s)).length : 0} of the one-shot test signers (and on reference signers among them); the DTW one-shot figure uses no training at all.` : ''}
`;
  writeFileSync(join(dir, MODEL_CARD_FILE), text);
}
