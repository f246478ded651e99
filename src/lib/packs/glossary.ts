/** The glossary the game plays with: the shipped signs plus those local packs define. */
import type { SignDefinition, SignPack } from '../recording/signpack';
import type { Glossary, SignInfo } from '../scenes/types';

export function signInfoOf(sign: SignDefinition, pack: string): SignInfo {
  return { gloss: sign.gloss, name: sign.name, description: sign.description, reference: { pack } };
}

/** Shipped entries win: a local pack adds examples to a shipped sign, never replaces it. */
export function withLocalSigns(glossary: Glossary, packs: readonly SignPack[]): Glossary {
  const merged: Glossary = { ...glossary };
  for (const pack of packs) for (const sign of pack.signs) merged[sign.gloss] ??= signInfoOf(sign, pack.index.name);
  return merged;
}

/** Pack names the shipped glossary draws its references from. */
export function shippedPackNames(glossary: Glossary): Set<string> {
  return new Set(Object.values(glossary).map((s) => s.reference.pack));
}

/** Every pack a sign's reference may name here: the shipped ones and the local ones. */
export function packNamesHere(glossary: Glossary, packs: readonly SignPack[]): Set<string> {
  return new Set([...shippedPackNames(glossary), ...packs.map((p) => p.index.name)]);
}
