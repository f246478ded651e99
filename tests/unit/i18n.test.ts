import { describe, expect, it } from 'vitest';
import { GAME_STRINGS } from '../../src/lib/i18n/game';
import { STUDIO_STRINGS } from '../../src/lib/i18n/studio';
import { SHELL_STRINGS } from '../../src/lib/i18n/shell';
import { SIGN_LANGUAGE_NAMES, UI_LANGUAGES, type Localized } from '../../src/lib/i18n/languages';
import { formatText, placeholders } from '../../src/lib/i18n/format';
import { loadBundledScenes } from '../../src/lib/scenes/bundled';

/** Every localized text of the app: UI strings, scenes and the glossary. */
function allTexts(): [string, Localized][] {
  const out: [string, Localized][] = [];
  for (const [k, v] of Object.entries(GAME_STRINGS)) out.push([`game.${k}`, v]);
  for (const [k, v] of Object.entries(SHELL_STRINGS)) out.push([`shell.${k}`, v]);
  for (const [k, v] of Object.entries(STUDIO_STRINGS)) out.push([`studio.${k}`, v]);
  for (const [k, v] of Object.entries(SIGN_LANGUAGE_NAMES)) out.push([`signLanguage.${k}`, v]);
  const { scenes, glossary } = loadBundledScenes();
  for (const s of scenes) {
    out.push([`${s.id}.title`, s.title], [`${s.id}.summary`, s.summary]);
    s.characters.forEach((c) => out.push([`${s.id}.${c.id}.name`, c.name]));
    s.script.forEach((step, i) => out.push([`${s.id}.script[${i}]`, step.kind === 'say' ? step.text : step.prompt]));
  }
  for (const g of Object.values(glossary)) {
    out.push([`signs.${g.gloss}.name`, g.name], [`signs.${g.gloss}.description`, g.description]);
    if (g.citation) out.push([`signs.${g.gloss}.citation`, g.citation]);
  }
  return out;
}

describe('i18n', () => {
  const texts = allTexts();

  it('has every text in every interface language', () => {
    const missing = texts.flatMap(([key, v]) => UI_LANGUAGES.filter((l) => typeof v[l] !== 'string' || !v[l].trim()).map((l) => `${key}.${l}`));
    expect(missing).toEqual([]);
    expect(texts.length).toBeGreaterThan(150);
  });

  it('uses the same placeholders in every language', () => {
    const mismatched = texts.filter(([, v]) => UI_LANGUAGES.some((l) => placeholders(v[l]).join() !== placeholders(v.en).join())).map(([k]) => k);
    expect(mismatched).toEqual([]);
  });

  it('has no Japanese text that is just the English copied', () => {
    const copied = texts.filter(([, v]) => /[a-z]{4}/i.test(v.en) && v.ja === v.en).map(([k]) => k);
    expect(copied).toEqual([]);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(formatText('{stars} of {max} stars', { stars: 2, max: 3 })).toBe('2 of 3 stars');
    expect(formatText('One {sign}!', {})).toBe('One {sign}!');
  });
});
