/**
 * manifest.json beside every model in public/models/<name>/: what the model expects and
 * produces, so the app can refuse a model built for another feature spec and researchers
 * can swap in their own (docs/model.md).
 */
import * as v from 'valibot';
import { FEATURE_BLOCKS, FEATURE_FRAMES, FEATURE_SPEC_VERSION } from '../features/spec';
import { relativePath } from '../files/paths';
import { VALUES_PER_FRAME } from '../landmarks/layout';
import { count, FileProblemError, finiteNumber, knownFields, mapOf, nonEmptyString, numberIn, parseFile, pathTo, type ProblemIn } from '../files/problems';

export const MODEL_MANIFEST_FILE = 'manifest.json';
export const MODEL_FILE = 'model.json';
export const MODEL_MANIFEST_FORMAT = 'signquest-model';
/** The model the game ships in public/models/ and `signs train` writes by default. */
export const DEFAULT_MODEL_NAME = 'signs-gislr-v2';

/** The classifier's label for "no sign was made". */
export const NO_SIGN_LABEL = '_nosign';

export interface ModelThresholds {
  /** A candidate is accepted when its score (share among candidates and no-sign) reaches this. */
  accept: number;
  /**
   * One-shot matcher: the DTW feature distance at which a match scores 0.5 (accept),
   * calibrated on training signers between same-sign pairs and no-sign windows
   * (absent: the matcher's default).
   */
  matchDistance?: number;
}

/**
 * What the model is fed, one window at a time:
 * - `features`: the shared feature spec's frames (FEATURE_FRAMES x the named blocks'
 *   columns, in the order listed; all blocks when the manifest has no `input`);
 * - `landmarks`: the canonical 543-landmark frames themselves, resampled to
 *   `windowFrames` frames evenly spaced in time, x, y, z of every landmark in GISLR
 *   order, a missing part 0 (windowFrames x 1629).
 */
export type ModelInput =
  | { kind: 'features'; blocks: string[] }
  | { kind: 'landmarks' };

export interface ModelManifest {
  format: typeof MODEL_MANIFEST_FORMAT;
  name: string;
  /** Output order of the class scores; NO_SIGN_LABEL among them. */
  labels: string[];
  input: ModelInput;
  /** The feature spec version the model was trained on (features input only). */
  featureSpecVersion?: number;
  /** Frames per input window. */
  windowFrames: number;
  /** [frames, values per frame] of one window, as `input` gives them. */
  inputShape: [number, number];
  /** Values of the embedding output (the second); 0: the model has only the class scores. */
  embeddingSize: number;
  thresholds: ModelThresholds;
  /** What made the training landmarks, e.g. "MediaPipe Holistic 0.5 (GISLR)" (the app tracks with Holistic). */
  extractor?: string;
  /** The model card beside the manifest (MODEL_CARD_FILE when absent). */
  card?: string;
  trainedSignerIds: string[];
  /** Signs outside `labels` whose recordings were trained as "no sign" (absent: none). */
  otherSignsTrained?: string[];
  /**
   * The embedding of every training recording of each sign, in a file beside the manifest
   * (float32, sign after sign in the order of `counts`): the recogniser checks a verdict
   * against them (sign-embeddings.ts). Absent: no such check.
   */
  signEmbeddings?: { file: string; counts: Record<string, number> };
  backend?: string;
  seed?: number;
  createdAt?: string;
}

export const MODEL_CARD_FILE = 'MODEL_CARD.md';

/** Values per frame of a landmarks-input model: x, y, z of every canonical landmark. */
export const LANDMARK_INPUT_SIZE = VALUES_PER_FRAME;

/** The shipped models' extractor (GISLR's landmarks and the app's tracking are both MediaPipe Holistic). */
export const HOLISTIC_EXTRACTOR = 'MediaPipe Holistic 0.5 (GISLR landmarks; the app tracks with the same)';

export class ModelManifestError extends FileProblemError {
  override name = 'ModelManifestError';
}

/** Values per frame that `input` gives a model. */
export function inputValuesPerFrame(input: ModelInput): number {
  if (input.kind === 'landmarks') return LANDMARK_INPUT_SIZE;
  return input.blocks.reduce((n, name) => n + (FEATURE_BLOCKS.find((b) => b.name === name)?.count ?? 0), 0);
}

const text = nonEmptyString();
const positive = (what: string) => v.pipe(count(`must be a positive whole number of ${what}`), v.minValue(1, `must be a positive whole number of ${what}`));
const BLOCK_NAMES = FEATURE_BLOCKS.map((b) => b.name);
const ALL_BLOCKS: ModelInput = { kind: 'features', blocks: BLOCK_NAMES };

const ModelFormatSchema = knownFields({
  format: v.literal(MODEL_MANIFEST_FORMAT, `not a ${MODEL_MANIFEST_FORMAT} manifest`),
  featureSpecVersion: v.optional(v.literal(FEATURE_SPEC_VERSION, (i) => `built for feature spec v${i.received}, this app computes v${FEATURE_SPEC_VERSION}; retrain the model`)),
}, `not a ${MODEL_MANIFEST_FORMAT} manifest`);

const InputSchema = v.variant('kind', [
  v.object({
    kind: v.literal('features'),
    blocks: v.pipe(
      v.array(v.picklist(BLOCK_NAMES, (i) => `${i.received} is not a block of feature spec v${FEATURE_SPEC_VERSION} (${BLOCK_NAMES.join(', ')})`), 'must list the feature blocks the model reads, in order'),
      v.minLength(1, 'must list at least one feature block'),
      v.check((b) => new Set(b).size === b.length, 'lists a block twice'),
    ),
  }, 'must give kind "features" and blocks'),
  v.object({ kind: v.literal('landmarks') }, 'must give kind "landmarks"'),
], 'must be {"kind": "features", "blocks": [...]} or {"kind": "landmarks"}');

const ModelManifestSchema = v.pipe(
  knownFields({
    format: v.literal(MODEL_MANIFEST_FORMAT),
    name: text,
    labels: v.pipe(
      v.array(text, 'must list the model\'s class labels, in output order'),
      v.check((labels) => labels.includes(NO_SIGN_LABEL), `must include "${NO_SIGN_LABEL}" (the class for "no sign was made")`),
      v.check((labels) => new Set(labels).size === labels.length, (i) => `lists a label twice (${(i.input as string[]).filter((l, k, all) => all.indexOf(l) !== k).join(', ')})`),
    ),
    input: v.optional(InputSchema, ALL_BLOCKS),
    featureSpecVersion: v.optional(v.literal(FEATURE_SPEC_VERSION)),
    windowFrames: positive('frames'),
    inputShape: v.strictTuple([v.number(), v.number()], (i) => `input shape ${i.received} is not [frames, values per frame]`),
    embeddingSize: v.optional(count('must be the embedding\'s number of values (0: no embedding output)'), 0),
    thresholds: knownFields({
      accept: numberIn(0, 1, 'must be a score from 0 to 1'),
      matchDistance: v.optional(v.pipe(finiteNumber('must be a positive distance'), v.gtValue(0, 'must be a positive distance'))),
    }, 'must give accept (and optionally matchDistance)'),
    extractor: v.optional(text),
    card: v.optional(relativePath('.md')),
    trainedSignerIds: v.optional(v.array(v.string('must be a signer id (text)'), 'must list the signer ids the model was trained on'), []),
    otherSignsTrained: v.optional(v.array(text, 'must list glosses')),
    signEmbeddings: v.optional(knownFields({
      file: relativePath('.bin'),
      counts: mapOf(text, v.pipe(count('must be a number of recordings'), v.minValue(1, 'must be a number of recordings, 1 or more')), 'must map each sign to its number of recordings'),
    }, 'must give file (a .bin beside the manifest) and counts (recordings per sign)')),
    backend: v.optional(v.string('must name the TF.js backend it was trained on')),
    seed: v.optional(finiteNumber('must be the number that seeded training')),
    createdAt: v.optional(v.string('must be the ISO date it was made')),
  }, `not a ${MODEL_MANIFEST_FORMAT} manifest`),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const m = dataset.value;
    if (m.input.kind === 'features' && m.featureSpecVersion === undefined) {
      addIssue({ message: `missing (the feature spec version the model was trained on, v${FEATURE_SPEC_VERSION} here)`, path: pathTo(m, 'featureSpecVersion') });
    }
    const frames = m.input.kind === 'features' ? FEATURE_FRAMES : m.windowFrames;
    const expected = [frames, inputValuesPerFrame(m.input)];
    if (m.inputShape[0] !== expected[0] || m.inputShape[1] !== expected[1]) {
      const what = m.input.kind === 'features' ? `the feature spec's ${FEATURE_FRAMES} frames x the ${m.input.blocks.length} blocks' ${expected[1]} values` : `windowFrames x ${LANDMARK_INPUT_SIZE} landmark values`;
      addIssue({ message: `input shape ${JSON.stringify(m.inputShape)} differs from ${JSON.stringify(expected)} (${what})`, path: pathTo(m, 'inputShape') });
    }
    if (m.signEmbeddings) {
      if (m.embeddingSize === 0) addIssue({ message: 'needs the model\'s embedding output (embeddingSize is 0)', path: pathTo(m, 'signEmbeddings') });
      for (const gloss of Object.keys(m.signEmbeddings.counts)) {
        if (!m.labels.includes(gloss) || gloss === NO_SIGN_LABEL) addIssue({ message: `${gloss} is not one of the model's signs (${m.labels.filter((l) => l !== NO_SIGN_LABEL).join(', ')})`, path: pathTo(m, 'signEmbeddings', 'counts', gloss) });
      }
    }
    if (m.windowFrames !== m.inputShape[0]) {
      addIssue({ message: `${m.windowFrames} differs from inputShape's ${m.inputShape[0]} frames`, path: pathTo(m, 'windowFrames') });
    }
  }),
);

/** Checks a manifest against this build's feature spec; throws ModelManifestError naming `source` and each faulty field. */
export function parseModelManifest(json: unknown, source: string): ModelManifest {
  parseFile(ModelFormatSchema, json, source, ModelManifestError);
  return parseFile(ModelManifestSchema, json, source, ModelManifestError);
}

/**
 * Checks that a model gives one class score per manifest label and, when the manifest
 * names one, an embedding of its size (`outputSizes`: the last dimension of each output,
 * in order), so a model that does not fit is refused when it is loaded, not mid-attempt.
 */
export function checkModelOutputs(manifest: ModelManifest, outputSizes: readonly (number | null | undefined)[], source: string): void {
  const problems: ProblemIn[] = [];
  const [classes, embedding] = outputSizes;
  const expected = manifest.embeddingSize > 0 ? 2 : 1;
  if (outputSizes.length !== expected) {
    problems.push({ field: '', message: `the model has ${outputSizes.length} outputs, expected ${expected} (${expected === 2 ? 'class scores, embedding' : 'class scores; give embeddingSize for a second, embedding output'})` });
  }
  if (classes !== manifest.labels.length) {
    problems.push({ field: 'labels', message: `lists ${manifest.labels.length} labels, but the model gives ${classes ?? 'an unknown number of'} class scores (list one label per output class, in order)` });
  }
  if (expected === 2 && outputSizes.length >= 2 && embedding !== manifest.embeddingSize) {
    problems.push({ field: 'embeddingSize', message: `is ${manifest.embeddingSize}, but the model's embedding output has ${embedding ?? 'an unknown number of'} values` });
  }
  if (problems.length) throw new ModelManifestError(source, problems);
}

/** Checks the model's own input shape (`[frames, values]` of one window; null where it takes any) against the manifest's. */
export function checkModelInput(manifest: ModelManifest, modelShape: readonly (number | null | undefined)[], source: string): void {
  const fits = modelShape.length === 2 && modelShape.every((d, i) => d == null || d === -1 || d === manifest.inputShape[i]);
  if (!fits) {
    throw new ModelManifestError(source, [{ field: 'inputShape', message: `is ${JSON.stringify(manifest.inputShape)}, but the model takes windows of ${JSON.stringify(modelShape.map((d) => (d == null || d === -1 ? 'any' : d)))}` }]);
  }
}
