import type { Message } from './format';

/** Interface languages. Scene files give every learner-facing text in each of them. */
export const UI_LANGUAGES = ['en', 'ja'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

/** A text in every interface language. */
export type Localized = Record<UiLanguage, string>;

/** A UI string in every interface language, each plain or with plural forms. */
export type LocalizedMessage = Record<UiLanguage, Message>;

export const LANGUAGE_NAMES: Localized = { en: 'English', ja: '日本語' };

export function isUiLanguage(value: unknown): value is UiLanguage {
  return (UI_LANGUAGES as readonly unknown[]).includes(value);
}

/** Names of common sign languages by ISO 639-3 code (browsers' Intl data often lacks them). */
export const SIGN_LANGUAGE_NAMES: Record<string, Localized> = {
  ase: { en: 'American Sign Language', ja: 'アメリカ手話' },
  bfi: { en: 'British Sign Language', ja: 'イギリス手話' },
  jsl: { en: 'Japanese Sign Language', ja: '日本手話' },
  fsl: { en: 'French Sign Language', ja: 'フランス手話' },
  gsg: { en: 'German Sign Language', ja: 'ドイツ手話' },
};

/** The name of a sign language (ISO 639-3 code) in `lang`: ours, else the browser's Intl data, else the code. */
export function signLanguageName(code: string, lang: UiLanguage): string {
  return SIGN_LANGUAGE_NAMES[code]?.[lang] ?? new Intl.DisplayNames([lang], { type: 'language', fallback: 'code' }).of(code) ?? code;
}
