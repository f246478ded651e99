/**
 * The GISLR signers whose sequences are the game's reference recordings
 * (public/signs/gislr-hello-thankyou) and the one-shot evaluation's references; the other
 * 18 of the 21 signers are test signers, never seen as references.
 *
 * Rule (checked by tests/unit/gislr-reference.test.ts against the data): the three
 * signers with the highest mean share of frames showing a hand, over all their hello and
 * thankyou sequences, since a reference the learner cannot see the hands of teaches nothing.
 * They happen to include both dominant hands: 62590 signs with the right hand, 34503 with
 * the left, 61333 mostly with the left.
 */
import { presenceShares } from '../../src/lib/recording/pack';
import type { GislrSequence } from './gislr-pack';

export const GISLR_REFERENCE_SIGNERS: readonly string[] = ['62590', '34503', '61333'];

/** The pack of reference recordings, under public/signs/. */
export const GISLR_REFERENCE_PACK = 'gislr-hello-thankyou';

export function isGislrReferenceSigner(participantId: string): boolean {
  return GISLR_REFERENCE_SIGNERS.includes(participantId);
}

/** Signers by mean any-hand presence over their sequences, best first (the rule above). */
export function rankSignersByHandPresence(sequences: Iterable<GislrSequence>): Array<{ participantId: string; meanAnyHand: number; sequences: number }> {
  const sums = new Map<string, { total: number; count: number }>();
  for (const seq of sequences) {
    const s = sums.get(seq.participantId) ?? { total: 0, count: 0 };
    s.total += presenceShares(seq.frames).anyHand;
    s.count++;
    sums.set(seq.participantId, s);
  }
  return [...sums]
    .map(([participantId, s]) => ({ participantId, meanAnyHand: s.total / s.count, sequences: s.count }))
    .sort((a, b) => b.meanAnyHand - a.meanAnyHand || a.participantId.localeCompare(b.participantId));
}
