import { describe, expect, it } from 'vitest';
import { BOX_INTERVALS_MS, DAY_MS, dueCards, newCard, reviewCard, starsForTries, TOP_BOX } from '../../src/lib/progress/srs';

const T0 = 1_700_000_000_000;

describe('spaced repetition', () => {
  it('gives 3 stars for a first-try success, fewer for more tries, none for a skip', () => {
    expect([1, 2, 3, 6].map((n) => starsForTries(n, false))).toEqual([3, 2, 1, 1]);
    expect(starsForTries(1, true)).toBe(0);
  });

  it('moves a card up a box on 3 stars and spaces reviews further apart', () => {
    let card = newCard('coffee', T0);
    const gaps: number[] = [];
    let t = T0;
    for (let i = 0; i < 7; i++) {
      card = reviewCard(card, 3, t);
      gaps.push(card.dueAt - t);
      t = card.dueAt;
    }
    expect(card.box).toBe(TOP_BOX);
    expect(gaps.slice(0, 5)).toEqual(BOX_INTERVALS_MS.slice(1));
    expect(gaps[6]).toBe(BOX_INTERVALS_MS[TOP_BOX]);
  });

  it('keeps the box on 2 stars, drops one on 1 star, resets on a skip', () => {
    let card = newCard('pillow', T0);
    for (let i = 0; i < 3; i++) card = reviewCard(card, 3, T0);
    expect(card.box).toBe(3);
    expect(reviewCard(card, 2, T0).box).toBe(3);
    expect(reviewCard(card, 1, T0).box).toBe(2);
    const skipped = reviewCard(card, 0, T0);
    expect(skipped.box).toBe(0);
    expect(skipped.dueAt).toBe(T0);
  });

  it('lists due cards weakest first and leaves out cards not yet due', () => {
    const strong = { ...reviewCard(reviewCard(newCard('good', T0), 3, T0), 3, T0), dueAt: T0 - 1 };
    const weak = reviewCard(newCard('light', T0), 0, T0);
    const later = reviewCard(newCard('help', T0), 3, T0);
    const olderWeak = { ...weak, gloss: 'broken', dueAt: T0 - DAY_MS };
    expect(dueCards([strong, weak, later, olderWeak], T0).map((c) => c.gloss)).toEqual(['broken', 'light', 'good']);
  });
});
