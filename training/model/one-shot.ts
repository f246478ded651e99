/**
 * Measuring the one-shot matcher: every test recording is judged among the reference
 * glosses (or K random candidates including the right one) by nearest reference, by DTW
 * over features (what the game's matcher does) or by model embedding (cosine distance).
 */
import { computeFeatures } from '../../src/lib/features/spec';
import { createMatcher, meanOfNearest, MATCH_NEAREST } from '../../src/lib/recognition/matcher';
import { dtwDistance } from '../../src/lib/features/compare';
import type { SignClassifier } from '../../src/lib/recognition/classifier';
import { embedRecordings, similarity } from '../../src/lib/recognition/sign-embeddings';
import { emptyConfusion, recallPerClass, type Confusion } from './evaluate';
import { NEGATIVE_KINDS, negativeWindow, negativeWindows } from './negatives';
import { createRng, type Rng } from './rng';
import { balancedThreshold } from './train-model';
import { signersOf, type Sample } from './dataset';
import { GISLR_REFERENCE_SIGNERS } from '../data/reference-signers';

export type MatchMethod = 'dtw' | 'embedding';

/** One test recording's verdict: the nearest candidate, what the matcher accepts, every candidate's distance. */
export interface RecordingMatch {
  id: string;
  signer: string;
  gloss: string;
  nearest: string;
  /** DTW only: the gloss accepted at the match distance, or null. */
  accepted?: string | null;
  /** Per candidate: DTW distance (the mean of its nearest references) or cosine distance to the nearest embedding. */
  distances: Record<string, number>;
}

export interface MatchTally {
  n: number;
  accuracy: number;
  accepted_correct?: number;
}

export interface MatchReport {
  method: MatchMethod;
  accuracy: number;
  n: number;
  references: number;
  referenceSigners: string[];
  candidates: number;
  /** DTW: a sign's distance is the mean of its this many nearest references. */
  nearest: number;
  match_distance?: number;
  per_class: Record<string, number>;
  confusion: Confusion;
  /** DTW only: share of test recordings accepted (distance under the calibrated one) as their right gloss. */
  accepted_correct?: number;
  /** DTW only: share of test recordings accepted as another candidate. */
  accepted_wrong?: number;
  /**
   * DTW only: share of test recordings accepted as a candidate when their own sign is not
   * one (a sign the matcher does not know).
   */
  unknown_accepted?: number;
  /** DTW only: share of no-sign windows accepted as some candidate. */
  false_accept?: number;
  per_signer: Record<string, MatchTally>;
  recordings: RecordingMatch[];
}

export interface MatchOptions {
  method: MatchMethod;
  /** Candidates per test (including the right one); all reference glosses when undefined. */
  candidates?: number;
  matchDistance?: number;
  /** DTW: mean of this many nearest references per sign (default MATCH_NEAREST). */
  nearest?: number;
  classifier?: SignClassifier;
  seed: number;
}

/** One-shot references come from this many signers; tests from all the others. */
export const ONE_SHOT_REFERENCE_SIGNERS = 3;

/**
 * The reference signers: the game's own GISLR reference signers (GISLR_REFERENCE_SIGNERS,
 * the ones in public/signs/gislr-hello-thankyou) when the data holds them all, else the
 * first `count` signers in numeric id order; a fixed choice every run repeats.
 */
export function pickReferenceSigners(samples: readonly Sample[], count: number): string[] {
  const signers = signersOf(samples);
  if (count === GISLR_REFERENCE_SIGNERS.length && GISLR_REFERENCE_SIGNERS.every((s) => signers.includes(s))) return [...GISLR_REFERENCE_SIGNERS];
  return signers.slice(0, count);
}

/** The model's embedding of each sample; a model without one is told to use DTW. */
async function embeddings(classifier: SignClassifier, samples: readonly Sample[]): Promise<Float32Array[]> {
  if (!classifier.manifest.embeddingSize) throw new Error(`${classifier.manifest.name} has no embedding output (embeddingSize 0): use --method dtw`);
  return embedRecordings(classifier, samples);
}

export async function evaluateOneShot(references: readonly Sample[], tests: readonly Sample[], opts: MatchOptions): Promise<MatchReport> {
  const rng = createRng(opts.seed);
  const glosses = [...new Set(references.map((r) => r.gloss))].sort();
  const usable = tests.filter((t) => glosses.includes(t.gloss));
  const confusion = emptyConfusion(glosses, glosses);
  const nearest = opts.nearest ?? MATCH_NEAREST;
  const matcher = createMatcher(references, opts.matchDistance, nearest);
  let embed: { refs: Float32Array[]; tests: Float32Array[] } | null = null;
  if (opts.method === 'embedding') {
    if (!opts.classifier) throw new Error('--method embedding needs --model');
    embed = { refs: await embeddings(opts.classifier, references), tests: await embeddings(opts.classifier, usable) };
  }
  const k = Math.min(opts.candidates ?? glosses.length, glosses.length);
  const recordings: RecordingMatch[] = usable.map((t, i) => {
    const others = rng.shuffle(glosses.filter((g) => g !== t.gloss)).slice(0, k - 1);
    const candidates = [t.gloss, ...others];
    const base = { id: t.id, signer: t.signerId, gloss: t.gloss };
    if (embed) {
      const e = embed;
      const distances: Record<string, number> = {};
      references.forEach((r, j) => {
        if (candidates.includes(r.gloss)) distances[r.gloss] = Math.min(distances[r.gloss] ?? Infinity, 1 - similarity(e.tests[i], e.refs[j]));
      });
      return { ...base, nearest: Object.entries(distances).sort((a, b) => a[1] - b[1])[0][0], distances };
    }
    const features = computeFeatures(t.frames);
    const decision = matcher.match(features, candidates);
    return { ...base, nearest: decision.scores[0].gloss, accepted: decision.accepted, distances: Object.fromEntries(matcher.distances(features, candidates)) };
  });
  for (const r of recordings) confusion.counts[glosses.indexOf(r.gloss)][glosses.indexOf(r.nearest)]++;
  const shareOf = (list: readonly RecordingMatch[], ok: (r: RecordingMatch) => boolean) => (list.length ? list.filter(ok).length / list.length : NaN);
  const right = (r: RecordingMatch) => r.nearest === r.gloss;
  const acceptedRight = (r: RecordingMatch) => r.accepted === r.gloss;
  const dtw = opts.method === 'dtw';
  const report: MatchReport = {
    method: opts.method,
    accuracy: shareOf(recordings, right),
    n: recordings.length,
    references: references.length,
    referenceSigners: signersOf(references),
    candidates: k,
    nearest,
    per_class: recallPerClass(confusion),
    confusion,
    per_signer: Object.fromEntries(signersOf(usable).map((signer) => {
      const own = recordings.filter((r) => r.signer === signer);
      return [signer, { n: own.length, accuracy: shareOf(own, right), ...(dtw ? { accepted_correct: shareOf(own, acceptedRight) } : {}) }];
    })),
    recordings,
  };
  if (dtw && usable.length) {
    const unknownAccepted = usable.filter((t) => glosses.length > 1 && matcher.match(computeFeatures(t.frames), glosses.filter((g) => g !== t.gloss)).accepted !== null).length;
    const negatives = negativeWindows(usable.map((t) => t.frames), Math.max(200, Math.round(usable.length / 2)), rng);
    const accepted = negatives.filter((n) => matcher.match(computeFeatures(n.frames), glosses).accepted !== null).length;
    report.match_distance = opts.matchDistance;
    report.accepted_correct = shareOf(recordings, acceptedRight);
    report.accepted_wrong = shareOf(recordings, (r) => r.accepted != null && r.accepted !== r.gloss);
    report.unknown_accepted = unknownAccepted / usable.length;
    report.false_accept = accepted / negatives.length;
  }
  return report;
}

export interface CalibrationOptions {
  /** Signers each reference set is drawn from. */
  referenceSigners: number;
  /** Recordings per reference signer and sign (fewer when a signer has fewer). */
  takes: number;
  /** Mean of this many nearest references per sign. */
  nearest: number;
  /** Test recordings drawn (each: a same-sign, an other-sign and a no-sign distance). */
  draws: number;
}

export interface Calibration extends CalibrationOptions {
  /** The distance that best separates same-sign tests from no-sign windows (what `signs train` calibrates). */
  distance: number;
  error: number;
  /** The same against other signs' references instead of no-sign windows. */
  distanceOtherSign: number;
  errorOtherSign: number;
}

/**
 * The match distance for references from `referenceSigners` signers, calibrated on pairs
 * of different people: each draw takes that many signers' recordings as references and a
 * recording of another signer as the test (its sign: same-sign; the other sign's
 * references: other-sign; a no-sign window cut from it: no-sign). Give it training
 * signers only: the held-out ones are for reporting.
 */
export function calibrateOneShot(samples: readonly Sample[], opts: CalibrationOptions, rng: Rng): Calibration {
  const signers = signersOf(samples);
  if (signers.length <= opts.referenceSigners) throw new Error(`calibrateOneShot: ${signers.length} signers, need more than ${opts.referenceSigners}`);
  const glosses = [...new Set(samples.map((s) => s.gloss))].sort();
  if (glosses.length < 2) throw new Error('calibrateOneShot: needs recordings of at least two signs');
  const features = new Map(samples.map((s) => [s, computeFeatures(s.frames)]));
  const distanceTo = (f: Float32Array, refs: readonly Sample[]) => (refs.length ? meanOfNearest(refs.map((r) => dtwDistance(f, features.get(r)!)), opts.nearest) : Infinity);
  const same: number[] = [];
  const other: number[] = [];
  const none: number[] = [];
  for (let i = 0; i < opts.draws; i++) {
    const [testSigner, ...refSigners] = rng.shuffle([...signers]).slice(0, opts.referenceSigners + 1);
    const refsOf = (gloss: string) => refSigners.flatMap((signer) => rng.shuffle(samples.filter((s) => s.signerId === signer && s.gloss === gloss)).slice(0, opts.takes));
    const test = rng.pick(samples.filter((s) => s.signerId === testSigner));
    const otherGloss = rng.pick(glosses.filter((g) => g !== test.gloss));
    same.push(distanceTo(features.get(test)!, refsOf(test.gloss)));
    other.push(distanceTo(features.get(test)!, refsOf(otherGloss)));
    const window = negativeWindow(test.frames, NEGATIVE_KINDS[i % NEGATIVE_KINDS.length], rng);
    none.push(distanceTo(computeFeatures(window), refsOf(rng.pick(glosses))));
  }
  const vsNone = balancedThreshold(same, none);
  const vsOther = balancedThreshold(same, other);
  return { ...opts, distance: vsNone.distance, error: vsNone.error, distanceOtherSign: vsOther.distance, errorOtherSign: vsOther.error };
}
