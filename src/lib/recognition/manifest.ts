/**
 * manifest.json beside every model in public/models/<name>/: what the model expects and
 * produces, so the app can refuse a model built for another feature spec and researchers
 * can swap in their own (docs/model.md).
 */
import { FEATURE_FRAMES, FEATURE_SIZE, FEATURE_SPEC_VERSION } from '../features/spec';

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

export class ModelManifestError extends Error {
  constructor(source: string, problem: string) {
    super(`${source}: ${problem}`);
    this.name = 'ModelManifestError';
  }
}

/** Checks a manifest against this build's feature spec. */
export function parseModelManifest(json: unknown, source: string): ModelManifest {
  const m = json as ModelManifest;
  if (!m || typeof m !== 'object' || m.format !== MODEL_MANIFEST_FORMAT) {
    throw new ModelManifestError(source, `not a ${MODEL_MANIFEST_FORMAT} manifest`);
  }
  if (m.featureSpecVersion !== FEATURE_SPEC_VERSION) {
    throw new ModelManifestError(source, `built for feature spec v${m.featureSpecVersion}, this app computes v${FEATURE_SPEC_VERSION}; retrain the model`);
  }
  if (m.inputShape?.[0] !== FEATURE_FRAMES || m.inputShape?.[1] !== FEATURE_SIZE) {
    throw new ModelManifestError(source, `input shape ${JSON.stringify(m.inputShape)} differs from the spec's [${FEATURE_FRAMES}, ${FEATURE_SIZE}]`);
  }
  if (!Array.isArray(m.labels) || !m.labels.includes(NO_SIGN_LABEL)) {
    throw new ModelManifestError(source, `labels must include "${NO_SIGN_LABEL}"`);
  }
  return m;
}
