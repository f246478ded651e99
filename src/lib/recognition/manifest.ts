/**
 * manifest.json beside every model in public/models/<name>/: what the model expects and
 * produces, so the app can refuse a model built for another feature spec and researchers
 * can swap in their own (docs/model.md).
 */
import * as v from 'valibot';
import { FEATURE_FRAMES, FEATURE_SIZE, FEATURE_SPEC_VERSION } from '../features/spec';
import { count, FileProblemError, finiteNumber, knownFields, nonEmptyString, numberIn, parseFile, pathTo, type ProblemIn } from '../files/problems';

export const MODEL_MANIFEST_FILE = 'manifest.json';
export const MODEL_FILE = 'model.json';
export const MODEL_MANIFEST_FORMAT = 'signquest-model';
/** The model the game ships in public/models/ and `signs train` writes by default. */
export const DEFAULT_MODEL_NAME = 'signs-gislr-v1';

/** The classifier's label for "no sign was made". */
export const NO_SIGN_LABEL = '_nosign';

export interface ModelThresholds {
  /** A candidate is accepted when its score (share among candidates and no-sign) reaches this. */
  accept: number;
  /**
   * One-shot matcher: the DTW feature distance at which a match scores 0.5 (accept),
   * calibrated on training signers between same-sign pairs and no-sign windows.
   */
  matchDistance: number;
}

export interface ModelManifest {
  format: typeof MODEL_MANIFEST_FORMAT;
  name: string;
  /** Output order of the class scores; NO_SIGN_LABEL among them. */
  labels: string[];
  featureSpecVersion: number;
  /** Frames per input window (the spec resamples any window to this). */
  windowFrames: number;
  inputShape: [number, number];
  embeddingSize: number;
  thresholds: ModelThresholds;
  trainedSignerIds: string[];
  /** Signs outside `labels` whose recordings were trained as "no sign" (absent: none). */
  otherSignsTrained?: string[];
  backend: string;
  seed: number;
  createdAt: string;
}

export class ModelManifestError extends FileProblemError {
  override name = 'ModelManifestError';
}

const text = nonEmptyString();
const positive = (what: string) => v.pipe(count(`must be a positive whole number of ${what}`), v.minValue(1, `must be a positive whole number of ${what}`));
const shapeMessage = `must be [${FEATURE_FRAMES}, ${FEATURE_SIZE}], the feature spec's frames x features`;

const ModelFormatSchema = knownFields({
  format: v.literal(MODEL_MANIFEST_FORMAT, `not a ${MODEL_MANIFEST_FORMAT} manifest`),
  featureSpecVersion: v.literal(FEATURE_SPEC_VERSION, (i) => `built for feature spec v${i.received}, this app computes v${FEATURE_SPEC_VERSION}; retrain the model`),
}, `not a ${MODEL_MANIFEST_FORMAT} manifest`);

const ModelManifestSchema = v.pipe(
  knownFields({
    format: v.literal(MODEL_MANIFEST_FORMAT),
    name: text,
    labels: v.pipe(
      v.array(text, 'must list the model\'s class labels, in output order'),
      v.check((labels) => labels.includes(NO_SIGN_LABEL), `must include "${NO_SIGN_LABEL}" (the class for "no sign was made")`),
      v.check((labels) => new Set(labels).size === labels.length, (i) => `lists a label twice (${(i.input as string[]).filter((l, k, all) => all.indexOf(l) !== k).join(', ')})`),
    ),
    featureSpecVersion: v.literal(FEATURE_SPEC_VERSION),
    windowFrames: positive('frames'),
    inputShape: v.pipe(
      v.strictTuple([v.number(), v.number()], (i) => `input shape ${i.received} differs from the spec's [${FEATURE_FRAMES}, ${FEATURE_SIZE}]`),
      v.check(([frames, size]) => frames === FEATURE_FRAMES && size === FEATURE_SIZE, (i) => `input shape ${JSON.stringify(i.input)} differs from the spec's [${FEATURE_FRAMES}, ${FEATURE_SIZE}]`),
      v.description(shapeMessage),
    ),
    embeddingSize: positive('values'),
    thresholds: knownFields({
      accept: numberIn(0, 1, 'must be a score from 0 to 1'),
      matchDistance: v.pipe(finiteNumber('must be a positive distance'), v.gtValue(0, 'must be a positive distance')),
    }, 'must give accept and matchDistance'),
    trainedSignerIds: v.array(v.string('must be a signer id (text)'), 'must list the signer ids the model was trained on'),
    backend: v.string('must name the TF.js backend it was trained on'),
    seed: finiteNumber('must be the number that seeded training'),
    createdAt: v.string('must be the ISO date it was made'),
  }, `not a ${MODEL_MANIFEST_FORMAT} manifest`),
  v.rawCheck(({ dataset, addIssue }) => {
    if (dataset.typed && dataset.value.windowFrames !== dataset.value.inputShape[0]) {
      addIssue({ message: `${dataset.value.windowFrames} differs from inputShape's ${dataset.value.inputShape[0]} frames`, path: pathTo(dataset.value, 'windowFrames') });
    }
  }),
);

/** Checks a manifest against this build's feature spec; throws ModelManifestError naming `source` and each faulty field. */
export function parseModelManifest(json: unknown, source: string): ModelManifest {
  parseFile(ModelFormatSchema, json, source, ModelManifestError);
  return parseFile(ModelManifestSchema, json, source, ModelManifestError);
}

/**
 * Checks that a model gives one class score per manifest label and an embedding of the
 * manifest's size (`outputSizes`: the last dimension of each output, in order), so a model
 * that does not fit is refused when it is loaded, not mid-attempt.
 */
export function checkModelOutputs(manifest: ModelManifest, outputSizes: readonly (number | null | undefined)[], source: string): void {
  const problems: ProblemIn[] = [];
  const [classes, embedding] = outputSizes;
  if (outputSizes.length < 2) problems.push({ field: '', message: `the model has ${outputSizes.length} outputs, expected 2 (class scores, embedding)` });
  if (classes !== manifest.labels.length) {
    problems.push({ field: 'labels', message: `lists ${manifest.labels.length} labels, but the model gives ${classes ?? 'an unknown number of'} class scores (list one label per output class, in order)` });
  }
  if (outputSizes.length >= 2 && embedding !== manifest.embeddingSize) {
    problems.push({ field: 'embeddingSize', message: `is ${manifest.embeddingSize}, but the model's embedding output has ${embedding ?? 'an unknown number of'} values` });
  }
  if (problems.length) throw new ModelManifestError(source, problems);
}
