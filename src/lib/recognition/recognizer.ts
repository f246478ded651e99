/**
 * The game's SignRecognizer: the classifier judges its own classes, the one-shot matcher
 * every other candidate that has reference recordings; both over sliding windows of the
 * most recent frames, restricted to the step's candidates.
 */
import type { LandmarkFrame } from '../landmarks/frame';
import { anyHand, featuresOfProjected, projectForFeatures } from '../features/spec';
import { loadClassifierFrom, loadTf, urlModelFiles, type ModelFiles, type SignClassifier, type Tf } from './classifier';
import { decide, type Decision } from './decide';
import { NO_SIGN_LABEL } from './manifest';
import { createMatcher, DEFAULT_MATCH_DISTANCE, type OneShotMatcher, type Reference } from './matcher';
import { embedByGloss, nearestSimilarity, type SignEmbeddings } from './sign-embeddings';
import type { RecognitionResult, SignRecognizer } from './types';

/**
 * Window lengths judged on every call, all ending at the newest frame: signs last about
 * 0.5-2 s (GISLR: 31 frames at 30 fps on average); the game calls again as frames
 * arrive, so the windows slide with time.
 */
export const WINDOW_DURATIONS_MS: readonly number[] = [800, 1300, 2000];

/** Windows of `frames` ending at the newest frame, one per duration, without duplicates. */
export function recentWindows(frames: readonly LandmarkFrame[], durationsMs: readonly number[] = WINDOW_DURATIONS_MS): LandmarkFrame[][] {
  if (frames.length === 0) return [];
  const end = frames[frames.length - 1].timestampMs;
  const starts = new Set<number>();
  for (const d of durationsMs) {
    const start = frames.findIndex((f) => f.timestampMs >= end - d);
    starts.add(start);
  }
  return [...starts].sort((a, b) => a - b).map((s) => frames.slice(s));
}

const hasHand = (f: LandmarkFrame) => anyHand(f.data);

/** No hand for this long and the hands have left the view (tracking misses a hand for a frame or two, not this long). */
export const HANDS_GONE_MS = 400;

/**
 * The windows to judge: the recent windows while a hand is in view or was a moment ago;
 * none once the hands have left (HANDS_GONE_MS without one). What was signed has then been
 * judged already, and the windows that slide on, or that the attempt's buffer cuts as it
 * forgets older frames, hold just the end of the movement, which is not the sign.
 */
export function windowsToJudge(frames: readonly LandmarkFrame[]): LandmarkFrame[][] {
  let lastHand = frames.length - 1;
  while (lastHand >= 0 && !hasHand(frames[lastHand])) lastHand--;
  if (lastHand < 0 || frames[frames.length - 1].timestampMs - frames[lastHand].timestampMs >= HANDS_GONE_MS) return [];
  return recentWindows(frames);
}

/** The best of several windows' decisions: an accepted one with the highest score, else the highest score. */
function bestDecision(decisions: Decision[]): Decision {
  const top = (d: Decision) => d.scores[0]?.score ?? 0;
  return decisions.reduce((best, d) => {
    if ((d.accepted !== null) !== (best.accepted !== null)) return d.accepted !== null ? d : best;
    return top(d) > top(best) ? d : best;
  });
}

const NOTHING: Decision = { accepted: null, scores: [], noSign: 1 };

/** What the model's signs a step does not offer do to a reading (RecognizerTuning.offStepSigns). */
export const OFF_STEP_SIGNS = ['drop', 'count', 'read'] as const;

/** Whose references a verdict is vetted against (RecognizerTuning.vetAgainst). */
export const VET_AGAINST = ['candidates', 'every-sign', 'matcher-signs'] as const;

export interface RecognizerTuning {
  /**
   * A classifier verdict stands only if, in one of the windows, the accepted sign's own
   * references score at least this on the matcher's scale (0.5 at the calibrated match
   * distance); 0 checks nothing.
   */
  referenceGate: number;
  /**
   * The classifier's signs that are not candidates, at a step that offers one of its signs:
   * 'drop' leaves them out of the total the candidates' shares are taken of; 'count' keeps
   * their score in it (decide's otherSignsRaw); 'read' judges them as candidates too, so
   * a reading may name one (a THANK YOU at the greeting), which the attempt rule counts
   * towards a miss, as it does at a step that offers it.
   */
  offStepSigns: (typeof OFF_STEP_SIGNS)[number];
  /**
   * Whose references an accepted sign's must be nearer than: the step's other candidates
   * only, or every sign with references, offered or not (an attempt nearer TOILET than
   * HELLO is not a HELLO, whether or not TOILET is offered). Checked for the classifier's
   * verdicts and, with 'every-sign', for the matcher's too. 'matcher-signs': a classifier
   * verdict against every sign the matcher alone judges, offered or not (the classifier's
   * own signs are left to the classifier).
   */
  vetAgainst: (typeof VET_AGAINST)[number];
  /**
   * Where the model ships its training recordings' embeddings (manifest signEmbeddings): a
   * window's verdict for one of the model's signs stands only if the window's embedding is
   * nearer one of that sign's recordings than any of the model's other signs' and than any
   * reference take of the signs it is vetted against (vetAgainst).
   */
  embeddingVet: boolean;
}

/**
 * The game's tuning (measured with `signs play --wrong-signs`, docs/model.md): the model's
 * signs a step does not offer are read (a THANK YOU made at the greeting then ends in a
 * miss as it does where THANK YOU is offered, instead of the attempt watching on until a
 * reading says HELLO: the classifier's steps 4.5 to 3.6 %, held-out signers unchanged);
 * a model's verdict is vetted against every sign the
 * matcher judges, offered or not (a greeting step offers only HI and HELLO, yet an attempt
 * nearer TOILET is no HELLO), but not against the model's own signs, whose phone-clip
 * references are nearer many a real sign than its own (every-sign: 200 of 218 held-out);
 * no reference gate (0.35, under the training signers' 1st percentile, cost 2 of 218
 * held-out signs and refuses few wrong ones).
 */
export const DEFAULT_TUNING: RecognizerTuning = { referenceGate: 0, offStepSigns: 'read', vetAgainst: 'matcher-signs', embeddingVet: true };

/**
 * The classifier has only seen its own signs and "no sign", so another real sign (coffee,
 * say) can look to it like one of its own; and the matcher sees only the signs it is asked
 * about. Where the accepted sign has references, a verdict stands only if, over the same
 * windows, they come nearer than every rival's and reach `gate` (tuning.referenceGate);
 * otherwise it accepts nothing. Only a verdict for a sign the step asks for is vetted (the
 * caller's `asked`, for the embeddings too): a reading of another of the model's signs counts
 * against the attempt, and refusing it could only let a later reading credit a wrong sign.
 */
function vetted(decision: Decision, windows: readonly Float32Array[], matcher: OneShotMatcher, rivals: readonly string[], gate: number): Decision {
  const accepted = decision.accepted;
  if (accepted === null || !matcher.glosses.includes(accepted)) return decision;
  const readings = windows.map((f) => matcher.match(f, [accepted, ...rivals.filter((g) => g !== accepted)]));
  const nearest = bestDecision(readings).scores[0]?.gloss;
  const own = Math.max(...readings.map((d) => d.scores.find((s) => s.gloss === accepted)?.score ?? 0));
  return nearest === accepted && own >= gate ? decision : { ...decision, accepted: null };
}

/** The signs whose references a classifier verdict must beat: `others` are the step's candidates the matcher judges. */
function classifierRivals(vetAgainst: RecognizerTuning['vetAgainst'], matcher: OneShotMatcher, classes: readonly string[], others: readonly string[]): readonly string[] {
  switch (vetAgainst) {
    case 'candidates': return others;
    case 'every-sign': return matcher.glosses;
    case 'matcher-signs': return matcher.glosses.filter((g) => !classes.includes(g));
  }
}

/**
 * Whether a window's embedding is nearer the sign accepted, as the model's training signers
 * made it, than any other sign: the model's other signs as they made them, and every
 * rival's reference take (`takes`: embeddings by gloss). Without embeddings, nothing is refused.
 */
function nearerAcceptedSign(embedding: Float32Array | null, accepted: string, signEmbeddings: SignEmbeddings, takes: ReadonlyMap<string, readonly Float32Array[]>, rivals: readonly string[]): boolean {
  const own = signEmbeddings.get(accepted);
  if (!embedding || !own?.length) return true;
  const others = [...[...signEmbeddings].filter(([g]) => g !== accepted).map(([, list]) => list), ...rivals.map((g) => takes.get(g) ?? [])];
  return nearestSimilarity(embedding, own) > Math.max(...others.map((list) => nearestSimilarity(embedding, list)));
}

/**
 * `takes`: the matcher's reference recordings, which the embedding vet (tuning.embeddingVet)
 * embeds with the model at once, so that no Try waits for it.
 */
export function recognizerFrom(classifier: SignClassifier | null, matcher: OneShotMatcher | null, tuning: RecognizerTuning = DEFAULT_TUNING,
  takes: readonly Reference[] = []): SignRecognizer {
  const classes = classifier ? classifier.manifest.labels.filter((l) => l !== NO_SIGN_LABEL) : [];
  const signEmbeddings = tuning.embeddingVet ? classifier?.signEmbeddings ?? null : null;
  const takeEmbeddings = classifier && signEmbeddings && takes.length ? embedByGloss(classifier, takes) : null;
  // A failure is the first reading's to report (it awaits the same promise), not an unhandled rejection.
  takeEmbeddings?.catch(() => undefined);
  const glosses = [...new Set([...classes, ...(matcher?.glosses ?? [])])];
  // Readings overlap: a frame is projected once, when it first comes, and reused by every window after.
  const projections = new WeakMap<LandmarkFrame, LandmarkFrame>();
  const projected = (frame: LandmarkFrame) => {
    let p = projections.get(frame);
    if (!p) projections.set(frame, (p = projectForFeatures(frame)));
    return p;
  };
  return {
    glosses,
    async recognize(frames, candidates): Promise<RecognitionResult> {
      const own = candidates.filter((c) => classes.includes(c));
      const others = matcher ? candidates.filter((c) => !classes.includes(c) && matcher.glosses.includes(c)) : [];
      const defaultMethod = own.length || !others.length ? 'classifier' : 'one-shot';
      const windows = windowsToJudge(frames);
      if (windows.length === 0 || (own.length === 0 && others.length === 0)) return { ...NOTHING, method: defaultMethod };
      const features = windows.map((w) => featuresOfProjected(w.map(projected)));
      let byClassifier: Decision | null = null;
      if (classifier && own.length) {
        const { labels, thresholds } = classifier.manifest;
        const predictions = await classifier.predict(windows.map((frames, i) => ({ frames, features: features[i] })));
        const judged = tuning.offStepSigns === 'read' ? classes : own;
        const counted = tuning.offStepSigns === 'count' ? classes.filter((c) => !own.includes(c)) : [];
        const rivals = matcher ? classifierRivals(tuning.vetAgainst, matcher, classes, others) : [];
        // Only a verdict for a sign the step asks for is vetted (see vetted()).
        const asked = (d: Decision): d is Decision & { accepted: string } => d.accepted !== null && own.includes(d.accepted);
        const decisions = predictions.map((p) => decide(judged, (g) => p.probs[labels.indexOf(g)], p.probs[labels.indexOf(NO_SIGN_LABEL)], thresholds.accept,
          counted.reduce((sum, c) => sum + p.probs[labels.indexOf(c)], 0)));
        if (signEmbeddings && decisions.some((d) => d.accepted !== null)) {
          const takes = (await takeEmbeddings) ?? new Map<string, Float32Array[]>();
          decisions.forEach((d, i) => {
            if (asked(d) && !nearerAcceptedSign(predictions[i].embedding, d.accepted, signEmbeddings, takes, rivals)) decisions[i] = { ...d, accepted: null };
          });
        }
        const decision = bestDecision(decisions);
        byClassifier = matcher && asked(decision) ? vetted(decision, features, matcher, rivals, tuning.referenceGate) : decision;
      }
      let byMatcher: Decision | null = null;
      if (matcher && others.length) {
        const matched = bestDecision(features.map((f) => matcher.match(f, others)));
        byMatcher = tuning.vetAgainst === 'every-sign' ? vetted(matched, features, matcher, matcher.glosses, 0) : matched;
      }
      if (byClassifier && byMatcher) {
        const chosen = bestDecision([byClassifier, byMatcher]);
        return {
          accepted: chosen.accepted,
          scores: [...byClassifier.scores, ...byMatcher.scores].sort((a, b) => b.score - a.score),
          noSign: Math.min(byClassifier.noSign, byMatcher.noSign),
          method: chosen === byClassifier ? 'classifier' : 'one-shot',
        };
      }
      if (byClassifier) return { ...byClassifier, method: 'classifier' };
      return { ...(byMatcher ?? NOTHING), method: 'one-shot' };
    },
    dispose() {
      classifier?.dispose();
    },
  };
}

export interface RecognizerOptions {
  /** public/models/<name>/ (omit for a matcher-only recogniser). */
  modelUrl?: string;
  /** A model folder from anywhere (the settings page's choice); instead of modelUrl. */
  modelFiles?: ModelFiles;
  /** Reference recordings for signs the model does not know. */
  references?: readonly Reference[];
  /** TF.js, when the caller already holds it (default: loaded lazily). */
  tf?: Tf;
}

/** Loads the model (if any) and prepares the references; call chooseBackend() first. */
export async function createRecognizer(options: RecognizerOptions): Promise<SignRecognizer> {
  const files = options.modelFiles ?? (options.modelUrl ? urlModelFiles(options.modelUrl) : null);
  const classifier = files ? await loadClassifierFrom(options.tf ?? (await loadTf()), files) : null;
  const references = options.references ?? [];
  const matcher = references.length
    ? createMatcher(references, classifier?.manifest.thresholds.matchDistance ?? DEFAULT_MATCH_DISTANCE)
    : null;
  return recognizerFrom(classifier, matcher, DEFAULT_TUNING, references);
}
