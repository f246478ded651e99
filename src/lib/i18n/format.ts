/** Fills `{name}` placeholders; unknown placeholders are left as they are, so a typo shows. */
export function formatText(text: string, params?: Record<string, string | number>): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The placeholder names a text uses, sorted (for checking translations agree). */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

/**
 * A text whose wording follows the `{count}` placeholder, one form per plural category of
 * the language (Intl.PluralRules: English has `one` and `other`, Japanese only `other`).
 */
export type PluralText = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** A UI text: plain, or with plural forms. */
export type Message = string | PluralText;

const pluralRules = new Map<string, Intl.PluralRules>();

/** The form of `message` for `params.count` in `lang`, placeholders filled. */
export function formatMessage(message: Message, lang: string, params?: Record<string, string | number>): string {
  if (typeof message === 'string') return formatText(message, params);
  const count = params?.count;
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)));
  const category = typeof count === 'number' ? rules.select(count) : 'other';
  return formatText(message[category] ?? message.other, params);
}

/** Every wording of a message (each plural form), for checks over all texts. */
export function messageForms(message: Message): string[] {
  return typeof message === 'string' ? [message] : Object.values(message);
}
