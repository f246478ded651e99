/**
 * Measuring the one-shot matcher: every test recording is judged among the reference
 * glosses (or K random candidates including the right one) by nearest reference, by DTW
 * over features (what the game's matcher does) or by model embedding (cosine distance).
 */
import { computeFeatures } from '../../src/lib/features/spec';
import { createMatcher } from '../../src/lib/recognition/matcher';
import type { SignClassifier } from '../../src/lib/recognition/classifier';
import { emptyConfusion, recallPerClass, type Confusion } from './evaluate';
import { negativeWindows } from './negatives';
import { createRng } from './rng';
import { signersOf, type Sample } from './dataset';
import { GISLR_REFERENCE_SIGNERS } from '../data/reference-signers';

export type MatchMethod = 'dtw' | 'embedding';

export interface MatchReport {
  method: MatchMethod;
  accuracy: number;
  n: number;
  references: number;
  referenceSigners: string[];
  candidates: number;
  per_class: Record<string, number>;
  confusion: Confusion;
  /** DTW only: share of test recordings accepted (distance under the calibrated one) as their right gloss. */
  accepted_correct?: number;
  /** DTW only: share of no-sign windows accepted as some candidate. */
  false_accept?: number;
}

export interface MatchOptions {
  method: MatchMethod;
  /** Candidates per test (including the right one); all reference glosses when undefined. */
  candidates?: number;
  matchDistance?: number;
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

async function embeddings(classifier: SignClassifier, samples: readonly Sample[]): Promise<Float32Array[]> {
  const out = await classifier.predict(samples.map((s) => computeFeatures(s.frames)));
  return out.map((p) => p.embedding);
}

function cosineDistance(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return 1 - dot;
}

export async function evaluateOneShot(references: readonly Sample[], tests: readonly Sample[], opts: MatchOptions): Promise<MatchReport> {
  const rng = createRng(opts.seed);
  const glosses = [...new Set(references.map((r) => r.gloss))].sort();
  const usable = tests.filter((t) => glosses.includes(t.gloss));
  const confusion = emptyConfusion(glosses, glosses);
  const matcher = createMatcher(references, opts.matchDistance);
  let embed: { refs: Float32Array[]; tests: Float32Array[] } | null = null;
  if (opts.method === 'embedding') {
    if (!opts.classifier) throw new Error('--method embedding needs --model');
    embed = { refs: await embeddings(opts.classifier, references), tests: await embeddings(opts.classifier, usable) };
  }
  const k = Math.min(opts.candidates ?? glosses.length, glosses.length);
  let correct = 0;
  let acceptedCorrect = 0;
  usable.forEach((t, i) => {
    const others = rng.shuffle(glosses.filter((g) => g !== t.gloss)).slice(0, k - 1);
    const candidates = [t.gloss, ...others];
    let predicted: string;
    if (embed) {
      const e = embed;
      let best = { gloss: '', d: Infinity };
      references.forEach((r, j) => {
        if (!candidates.includes(r.gloss)) return;
        const d = cosineDistance(e.tests[i], e.refs[j]);
        if (d < best.d) best = { gloss: r.gloss, d };
      });
      predicted = best.gloss;
    } else {
      const decision = matcher.match(computeFeatures(t.frames), candidates);
      predicted = decision.scores[0].gloss;
      if (decision.accepted === t.gloss) acceptedCorrect++;
    }
    confusion.counts[glosses.indexOf(t.gloss)][glosses.indexOf(predicted)]++;
    if (predicted === t.gloss) correct++;
  });
  const report: MatchReport = {
    method: opts.method,
    accuracy: usable.length ? correct / usable.length : NaN,
    n: usable.length,
    references: references.length,
    referenceSigners: signersOf(references),
    candidates: k,
    per_class: recallPerClass(confusion),
    confusion,
  };
  if (opts.method === 'dtw' && usable.length) {
    const negatives = negativeWindows(usable.map((t) => t.frames), Math.max(200, Math.round(usable.length / 2)), rng);
    const accepted = negatives.filter((n) => matcher.match(computeFeatures(n.frames), glosses).accepted !== null).length;
    report.accepted_correct = usable.length ? acceptedCorrect / usable.length : NaN;
    report.false_accept = accepted / negatives.length;
  }
  return report;
}
