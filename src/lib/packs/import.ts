/**
 * Bringing a `.signpack` file into the local packs without losing anything: the file is
 * decoded and checked in full first (decodeSignpack), then its clashes with what is
 * stored are listed, and only the user's answers decide what is written. A stored pack is
 * replaced only when the user says so; a sign the glossary already has is either merged
 * (its recordings become extra examples of that sign) or renamed.
 */
import { encodeRecording } from '../recording/format';
import { makeSignPack, SignpackError, type SignDefinition, type SignPack } from '../recording/signpack';

export interface ImportClashes {
  /** The file's pack name is used already (by a stored or a shipped pack): it needs another, unless replacing. */
  nameTaken: boolean;
  /** A local pack of the same name is stored (and may be replaced). */
  packExists: boolean;
  /** Pack names that cannot be used: the shipped packs and the stored local ones. */
  takenNames: string[];
  /** Signs the file defines that the glossary or another local pack already has. */
  glosses: string[];
}

/** What to do with a gloss the game already knows. */
export type GlossChoice = { kind: 'merge' } | { kind: 'rename'; gloss: string };

export interface ImportChoices {
  /** Keep the file's pack name (only when no pack has it, or with `replace`), or store it under another. */
  packName: string;
  /** Replace the stored pack of the same name (asked for explicitly). */
  replace: boolean;
  glosses: Record<string, GlossChoice>;
}

export interface KnownSigns {
  /** Glosses of the shipped glossary. */
  glossary: ReadonlySet<string>;
  /** Names of the shipped packs (public/signs/). */
  shippedPacks: ReadonlySet<string>;
  stored: readonly SignPack[];
}

/** Glosses defined by local packs other than `except`. */
function localGlosses(known: KnownSigns, except?: string): Set<string> {
  return new Set(known.stored.filter((p) => p.index.name !== except).flatMap((p) => p.signs.map((s) => s.gloss)));
}

export function importClashes(pack: SignPack, known: KnownSigns): ImportClashes {
  const name = pack.index.name;
  const packExists = known.stored.some((p) => p.index.name === name);
  const others = localGlosses(known, name);
  const takenNames = [...known.shippedPacks, ...known.stored.map((p) => p.index.name)];
  return {
    nameTaken: takenNames.includes(name),
    packExists,
    takenNames,
    glosses: pack.signs.map((s) => s.gloss).filter((g) => known.glossary.has(g) || others.has(g)),
  };
}

/**
 * The pack as it will be stored, with the user's choices applied. Throws SignpackError
 * (naming the file) when a choice is missing or would overwrite something unasked.
 */
export function resolveImport(pack: SignPack, choices: ImportChoices, known: KnownSigns, fileName: string): SignPack {
  const fail = (problem: string): never => {
    throw new SignpackError(fileName, problem);
  };
  const name = choices.packName;
  if (known.shippedPacks.has(name)) fail(`the pack name "${name}" belongs to a pack the game ships: choose another`);
  if (known.stored.some((p) => p.index.name === name) && !(choices.replace && name === pack.index.name)) fail(`a local pack "${name}" is already stored: choose another name or replace it`);
  const clashes = importClashes(pack, known).glosses;
  const renames = new Map<string, string>();
  const signs: SignDefinition[] = [];
  const taken = new Set([...known.glossary, ...localGlosses(known, choices.replace ? name : undefined), ...pack.signs.map((s) => s.gloss)]);
  for (const sign of pack.signs) {
    if (!clashes.includes(sign.gloss)) {
      signs.push(sign);
      continue;
    }
    const choice = choices.glosses[sign.gloss] ?? fail(`"${sign.gloss}" is already a sign here: choose to merge or rename it`);
    if (choice.kind === 'merge') continue;
    if (taken.has(choice.gloss)) fail(`"${sign.gloss}" cannot be renamed to "${choice.gloss}": that sign exists too`);
    taken.add(choice.gloss);
    renames.set(sign.gloss, choice.gloss);
    signs.push({ ...sign, gloss: choice.gloss });
  }
  const glossesHere = new Set([...known.glossary, ...localGlosses(known, choices.replace ? name : undefined), ...signs.map((s) => s.gloss)]);
  const recordings = pack.recordings.map((r) => {
    const gloss = renames.get(r.recording.meta.gloss);
    if (!gloss) return r;
    const recording = { ...r.recording, meta: { ...r.recording.meta, gloss } };
    return { file: r.file, bytes: encodeRecording(recording), recording };
  });
  recordings.forEach((r, i) => {
    if (!glossesHere.has(r.recording.meta.gloss)) fail(`recordings[${i}] (${r.file}): the sign "${r.recording.meta.gloss}" is neither in the glossary nor defined by the pack`);
  });
  // The file's own README is kept: it may say more than the generated one.
  return { ...makeSignPack({ ...pack.index, name }, signs, recordings, fileName), readme: pack.readme };
}
