/**
 * The interface language, shared by the shell and the game so one switch changes both.
 * Remembered in localStorage; the first visit follows the browser's language.
 */
import { isUiLanguage, UI_LANGUAGES, type Localized, type UiLanguage } from './languages';
import { formatText } from './format';

const STORAGE_KEY = 'signquest.lang';

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

function initialLanguage(): UiLanguage {
  const stored = storage()?.getItem(STORAGE_KEY);
  if (isUiLanguage(stored)) return stored;
  const preferred = globalThis.navigator?.language?.slice(0, 2);
  return isUiLanguage(preferred) ? preferred : UI_LANGUAGES[0];
}

class Locale {
  lang = $state<UiLanguage>(initialLanguage());

  set(lang: UiLanguage): void {
    this.lang = lang;
    try {
      storage()?.setItem(STORAGE_KEY, lang);
    } catch {
      // Storage blocked: the choice lasts for this visit.
    }
  }

  /** A localized text in the current language, with `{name}` placeholders filled. */
  pick(text: Localized, params?: Record<string, string | number>): string {
    return formatText(text[this.lang], params);
  }
}

export const locale = new Locale();
