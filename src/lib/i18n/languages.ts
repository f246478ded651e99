/** Interface languages. Scene files give every learner-facing text in each of them. */
export const UI_LANGUAGES = ['en', 'ja'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

/** A text in every interface language. */
export type Localized = Record<UiLanguage, string>;

export const LANGUAGE_NAMES: Localized = { en: 'English', ja: '日本語' };

export function isUiLanguage(value: unknown): value is UiLanguage {
  return (UI_LANGUAGES as readonly unknown[]).includes(value);
}

/** The name of a sign language (ISO 639-3 code) in `lang`, by the browser's own Intl data; the code when it has none. */
export function signLanguageName(code: string, lang: UiLanguage): string {
  return new Intl.DisplayNames([lang], { type: 'language', fallback: 'code' }).of(code) ?? code;
}
