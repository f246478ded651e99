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
