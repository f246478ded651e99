/**
 * Spaced repetition (Leitner boxes) for signs. Every attempt at a sign moves its card:
 * a clean first-try success moves it up a box (seen again later), a struggle keeps it
 * or moves it down, a skip sends it back to box 0 (due at once). Weak signs are the
 * cards that are due, lowest box first.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Wait before a card in box i is due again. Box 0 is due at once. */
export const BOX_INTERVALS_MS = [0, 1 * DAY_MS, 3 * DAY_MS, 7 * DAY_MS, 16 * DAY_MS, 35 * DAY_MS] as const;
export const TOP_BOX = BOX_INTERVALS_MS.length - 1;

/** Stars for one attempt at a step: 3 first try, 2 second, 1 later, 0 skipped. */
export type Stars = 0 | 1 | 2 | 3;

export interface SignCard {
  gloss: string;
  box: number;
  dueAt: number;
  /** Stars of the most recent attempt. */
  lastStars: Stars;
  reviews: number;
  updatedAt: number;
}

export function starsForTries(tries: number, skipped: boolean): Stars {
  if (skipped) return 0;
  return tries <= 1 ? 3 : tries === 2 ? 2 : 1;
}

export function newCard(gloss: string, now: number): SignCard {
  return { gloss, box: 0, dueAt: now, lastStars: 0, reviews: 0, updatedAt: now };
}

export function reviewCard(card: SignCard, stars: Stars, now: number): SignCard {
  const move = stars === 3 ? 1 : stars === 2 ? 0 : stars === 1 ? -1 : -card.box;
  const box = Math.max(0, Math.min(TOP_BOX, card.box + move));
  return { gloss: card.gloss, box, dueAt: now + BOX_INTERVALS_MS[box], lastStars: stars, reviews: card.reviews + 1, updatedAt: now };
}

/** Cards due for review at `now`: weakest (lowest box) first, then longest overdue. */
export function dueCards(cards: Iterable<SignCard>, now: number): SignCard[] {
  return [...cards].filter((c) => c.dueAt <= now).sort((a, b) => a.box - b.box || a.dueAt - b.dueAt || a.gloss.localeCompare(b.gloss));
}
