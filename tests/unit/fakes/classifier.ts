/** A fake classifier for tests: the same class scores whatever it is shown (a closed vocabulary at its worst). */
import type { SignClassifier } from '../../../src/lib/recognition/classifier';
import { NO_SIGN_LABEL, type ModelManifest } from '../../../src/lib/recognition/manifest';
import { FEATURE_FRAMES, FEATURE_SIZE, FEATURE_SPEC_VERSION } from '../../../src/lib/features/spec';

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
