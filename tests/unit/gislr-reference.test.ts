import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { presenceShares } from '../../src/lib/recording/pack';
import { GISLR_ATTRIBUTION, readGislrInt16Pack } from '../../training/data/gislr-pack';
import { GISLR_SUBSET_DIR } from '../../training/shared-data';
import { referenceRank } from '../../training/data/gislr-import';
import { readPack } from '../../training/data/recording-io';
import { GISLR_REFERENCE_PACK, GISLR_REFERENCE_SIGNERS, isGislrReferenceSigner, rankSignersByHandPresence } from '../../training/data/reference-signers';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const PACK_DIR = join(REPO, 'public/signs', GISLR_REFERENCE_PACK);
const SHARED_GISLR = GISLR_SUBSET_DIR;
/** The --min-frames the pack was made with (see its README). */
const MIN_FRAMES = 15;

describe('the committed GISLR reference pack', () => {
  const { index, recordings } = readPack(PACK_DIR);

  it('holds hello and thankyou from each reference signer, with CC BY 4.0 attribution', () => {
    expect(index.license).toBe('CC-BY-4.0');
    expect(index.attribution).toBe(GISLR_ATTRIBUTION);
    const pairs = index.recordings.map((r) => `${r.signerId}:${r.gloss}`).sort();
    expect(pairs).toEqual(GISLR_REFERENCE_SIGNERS.flatMap((s) => [`${s}:hello`, `${s}:thankyou`]).sort());
    for (const r of recordings) {
      expect(isGislrReferenceSigner(r.meta.signerId!)).toBe(true);
      expect(r.meta).toMatchObject({ source: 'gislr', license: 'CC-BY-4.0', attribution: GISLR_ATTRIBUTION, language: 'ase' });
    }
  });

  it('index presence shares agree with the recordings, and every reference shows a hand in most frames', () => {
    index.recordings.forEach((entry, i) => {
      expect(entry.presence).toEqual(presenceShares(recordings[i].frames));
      expect(entry.frameCount).toBe(recordings[i].frames.length);
      expect(entry.frameCount).toBeGreaterThanOrEqual(MIN_FRAMES);
      expect(entry.presence.anyHand).toBeGreaterThanOrEqual(0.9);
    });
  });

  it('its README names every chosen sequence and participant, and carries the attribution', () => {
    const readme = readFileSync(join(PACK_DIR, 'README.md'), 'utf8');
    for (const r of index.recordings) {
      expect(readme).toContain(r.sequenceId!);
      expect(readme).toContain(r.signerId!);
    }
    expect(readme).toContain('CC BY 4.0');
    expect(readme).toContain('Deaf Professional Arts Network');
  });
});

describe.runIf(existsSync(join(SHARED_GISLR, 'landmarks.i16.gz')))('reference choice, re-derived from the data', () => {
  let loaded: ReturnType<typeof readGislrInt16Pack> | undefined;
  // Loaded on first use: a skipped describe still runs its body when collecting tests.
  const data = () => (loaded ??= readGislrInt16Pack(SHARED_GISLR));

  it('the reference signers are the three with the highest mean hand presence', () => {
    const ranked = rankSignersByHandPresence(data());
    expect(ranked).toHaveLength(21);
    expect(ranked.slice(0, 3).map((r) => r.participantId)).toEqual([...GISLR_REFERENCE_SIGNERS]);
  });

  it('each reference is its signer and sign\'s best-ranked sequence of at least MIN_FRAMES frames', () => {
    const { index } = readPack(PACK_DIR);
    for (const entry of index.recordings) {
      const best = data()
        .filter((s) => s.participantId === entry.signerId && s.sign === entry.gloss && s.frames.length >= MIN_FRAMES)
        .map((s) => ({ sequenceId: s.sequenceId, frameCount: s.frames.length, presence: presenceShares(s.frames) }))
        .sort(referenceRank)[0];
      expect(entry.sequenceId).toBe(best.sequenceId);
    }
  });
});
