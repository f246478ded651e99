/** A fake classifier for tests: the same class scores whatever it is shown (a closed vocabulary at its worst). */
import type { SignClassifier } from '../../../src/lib/recognition/classifier';
import { NO_SIGN_LABEL, type ModelManifest } from '../../../src/lib/recognition/manifest';
import { FEATURE_FRAMES, FEATURE_SIZE, FEATURE_SPEC_VERSION } from '../../../src/lib/features/spec';
import type { LandmarkFrame } from '../../../src/lib/landmarks';

export const FAKE_LABELS = ['hello', 'thankyou', NO_SIGN_LABEL];

/** Sure of `label` (0.9, the others 0.05) on every window. */
export function classifierSureOf(label: string, manifest: Partial<ModelManifest> = {}): SignClassifier {
  return classifierScoring(Object.fromEntries((manifest.labels ?? FAKE_LABELS).map((l) => [l, l === label ? 0.9 : 0.05])), manifest);
}

/** These raw scores per label on every window. */
export function classifierScoring(scores: Record<string, number>, manifest: Partial<ModelManifest> = {}): SignClassifier {
  const full = {
    format: 'signquest-model', name: "fake", labels: FAKE_LABELS, featureSpecVersion: FEATURE_SPEC_VERSION,
    windowFrames: FEATURE_FRAMES, inputShape: [FEATURE_FRAMES, FEATURE_SIZE], embeddingSize: 1,
    thresholds: { accept: 0.5, matchDistance: 0.45 }, trainedSignerIds: [], backend: 'none', seed: 0, createdAt: '', ...manifest,
  } as ModelManifest;
  const probs = Float32Array.from(full.labels.map((l) => scores[l] ?? 0));
  return { manifest: full, predict: async (windows) => windows.map(() => ({ probs, embedding: Float32Array.from([1]) })), dispose: () => undefined };
}

const unit = (v: readonly number[]) => {
  const n = Math.hypot(...v);
  return Float32Array.from(v, (x) => x / n);
};

/**
 * Sure of `label`, with the embedding `embed` gives each window (or reference take), and
 * `signEmbeddings` as its training recordings' (both L2-normalised here).
 */
export function classifierEmbedding(label: string, embed: (frames: readonly LandmarkFrame[]) => number[], signEmbeddings: Record<string, number[][]>): SignClassifier {
  const sure = classifierSureOf(label);
  const size = Object.values(signEmbeddings)[0][0].length;
  return {
    ...sure,
    manifest: { ...sure.manifest, embeddingSize: size },
    signEmbeddings: new Map(Object.entries(signEmbeddings).map(([g, list]) => [g, list.map(unit)])),
    predict: async (windows) => (await sure.predict(windows)).map((p, i) => ({ ...p, embedding: unit(embed(windows[i].frames)) })),
  };
}
