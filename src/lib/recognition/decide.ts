/**
 * The one decision rule from class scores to an accepted sign, shared by the recogniser
 * in the game and by `signs eval`, so measured false accepts are the game's.
 */
import type { SignScore } from './types';

export interface Decision {
  accepted: string | null;
  /** Candidates, best first; scores are shares among the candidates and "no sign". */
  scores: SignScore[];
  noSign: number;
}

/**
 * Restricts scores to the step's candidates plus "no sign", renormalises, and accepts
 * the best candidate when its share reaches `accept` and beats "no sign".
 * `scoreOf(gloss)` is the raw score (undefined when the model does not know the gloss).
 * `otherSignsRaw`: the raw score of the model's signs that are not candidates. It stays in
 * the total: a sign the model knows but the step does not offer is evidence against the
 * candidates, not something to share out among them (a HELLO at a step offering only
 * THANK YOU is not a THANK YOU).
 */
export function decide(candidates: readonly string[], scoreOf: (gloss: string) => number | undefined, noSignRaw: number, accept: number, otherSignsRaw = 0): Decision {
  const known = candidates.filter((g) => scoreOf(g) !== undefined);
  const total = known.reduce((s, g) => s + (scoreOf(g) as number), noSignRaw + otherSignsRaw);
  const share = (v: number) => (total > 0 ? v / total : 0);
  const scores = known.map((gloss) => ({ gloss, score: share(scoreOf(gloss) as number) })).sort((a, b) => b.score - a.score);
  const noSign = total > 0 ? share(noSignRaw) : 1;
  const best = scores[0];
  const accepted = best && best.score >= accept && best.score > noSign ? best.gloss : null;
  return { accepted, scores, noSign };
}
