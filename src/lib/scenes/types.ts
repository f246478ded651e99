import type { Localized } from '../i18n/languages';

/** Where a sign's reference recording lives: a pack folder under public/signs/. */
export interface SignReference {
  pack: string;
  /** Recording file inside the pack; when absent, the pack's first recording of the gloss. */
  file?: string;
}

/** A glossary entry: what the learner is told about one sign. */
export interface SignInfo {
  gloss: string;
  name: Localized;
  /** One plain line on how to make the sign. */
  description: Localized;
  /**
   * Set when the reference shows a one-handed variant of a two-handed sign: how the
   * citation (dictionary) form is made.
   */
  citation?: Localized;
  reference: SignReference;
}

export type Glossary = Record<string, SignInfo>;

export interface Character {
  id: string;
  name: Localized;
  /** URL of the character's SVG art. */
  art: string;
}

export interface SayStep {
  kind: 'say';
  character: string;
  /** May contain `{sign}`: the name of the sign the learner made in the last sign step. */
  text: Localized;
}

export interface SignStep {
  kind: 'sign';
  /** Glosses that complete the step (e.g. hi or hello for a greeting). */
  expect: string[];
  /** A menu: the learner picks which of these to sign; every choice is accepted. Empty when there is no menu. */
  choices: string[];
  prompt: Localized;
}

/** Checks that the camera sees the learner's face and hands before the first sign. */
export interface CameraCheckStep {
  kind: 'camera-check';
  prompt: Localized;
}

export type ScriptStep = SayStep | SignStep | CameraCheckStep;

export interface Scene {
  id: string;
  /** Source file, for messages. */
  file: string;
  /** Position in the scene list (lower first). */
  order: number;
  title: Localized;
  summary: Localized;
  /** ISO 639-3 code of the sign language taught (ase = ASL). */
  language: string;
  /** URL of the background SVG. */
  background: string;
  characters: Character[];
  script: ScriptStep[];
  /** Every sign the scene uses, from the shared glossary plus the scene's own `signs`. */
  signs: Glossary;
}

/** Glosses a sign step accepts: the menu when there is one, else `expect`. */
export function acceptedGlosses(step: SignStep): string[] {
  return step.choices.length ? step.choices : step.expect;
}
