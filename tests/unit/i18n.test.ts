import { describe, expect, it } from 'vitest';
import { GAME_STRINGS } from '../../src/lib/i18n/game';
import { STUDIO_STRINGS } from '../../src/lib/i18n/studio';
import { SHELL_STRINGS } from '../../src/lib/i18n/shell';
import { SIGN_LANGUAGE_NAMES, UI_LANGUAGES, type Localized, type LocalizedMessage } from '../../src/lib/i18n/languages';
import { formatMessage, formatText, messageForms, placeholders } from '../../src/lib/i18n/format';
import { loadBundledScenes } from '../../src/lib/scenes/bundled';

/** Every localized text of the app: UI strings (each plural form on its own), scenes and the glossary. */
function allTexts(): [string, Localized][] {
  const out: [string, Localized][] = [];
  const pushForms = (key: string, v: LocalizedMessage) => {
    const forms = Object.fromEntries(UI_LANGUAGES.map((l) => [l, messageForms(v[l])]));
    // Each English form against the other languages' `other` form (Japanese has no plural forms).
    messageForms(v.en).forEach((en, i) =>
      out.push([`${key}${i ? `#${i}` : ''}`, Object.fromEntries(UI_LANGUAGES.map((l) => [l, l === 'en' ? en : forms[l].at(-1)!])) as Localized]));
  };
  for (const [k, v] of Object.entries(GAME_STRINGS)) pushForms(`game.${k}`, v);
  for (const [k, v] of Object.entries(SHELL_STRINGS)) pushForms(`shell.${k}`, v);
  for (const [k, v] of Object.entries(STUDIO_STRINGS)) pushForms(`studio.${k}`, v);
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

  it('gives every plural text an `other` form, and a form for each category the language has', () => {
    const problems: string[] = [];
    for (const [table, strings] of [['game', GAME_STRINGS], ['shell', SHELL_STRINGS]] as const) {
      for (const [key, v] of Object.entries(strings as Record<string, LocalizedMessage>)) {
        for (const lang of UI_LANGUAGES) {
          const m = v[lang];
          if (typeof m === 'string') continue;
          if (!m.other) problems.push(`${table}.${key}.${lang}: no other form`);
          const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
          for (const c of categories) if (!(c in m)) problems.push(`${table}.${key}.${lang}: no ${c} form`);
          if (!placeholders(m.other).includes('count')) problems.push(`${table}.${key}.${lang}: plural forms need {count}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('picks the plural form for the count with Intl.PluralRules', () => {
    const due = GAME_STRINGS.reviewDue;
    expect(formatMessage(due.en, 'en', { count: 1, signs: 'hi' })).toBe('1 sign is due for practice: hi.');
    expect(formatMessage(due.en, 'en', { count: 2, signs: 'hi, coffee' })).toBe('2 signs are due for practice: hi, coffee.');
    expect(formatMessage(SHELL_STRINGS.slowTracking.en, 'en', { count: 0.8, min: 10 })).toMatch(/about 0.8 frames a second/);
    expect(formatMessage(SHELL_STRINGS.slowTracking.en, 'en', { count: 1, min: 10 })).toMatch(/about 1 frame a second/);
    expect(formatMessage(due.ja, 'ja', { count: 1, signs: 'こんにちは' })).toBe('練習の時期の手話が 1 個あります: こんにちは。');
  });

  it('counts in a UI text are plural forms, never a bare "{count} <plural noun>"', () => {
    // A plain English text that puts a count before a plural noun reads "1 signs" (the stars' {max} is always 3).
    const bare = [...Object.entries(GAME_STRINGS), ...Object.entries(SHELL_STRINGS)]
      .filter(([, v]) => typeof v.en === 'string' && /\{(count|frames|scenes|signs|total|done|tries)\} [a-z]+s\b/.test(v.en))
      .map(([k]) => k);
    expect(bare).toEqual([]);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(formatText('{stars} of {max} stars', { stars: 2, max: 3 })).toBe('2 of 3 stars');
    expect(formatText('One {sign}!', {})).toBe('One {sign}!');
  });
});
