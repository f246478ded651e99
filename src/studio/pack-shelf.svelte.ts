/**
 * The local packs as files: export one as a `.signpack`, import one from a file picker or
 * a drop. An import is read and checked in full before anything is stored; when it
 * clashes with what is stored the user answers first (keep both or replace; merge or
 * rename each sign the game already has).
 */
import { importClashes, resolveImport, type GlossChoice, type ImportClashes, type KnownSigns } from '../lib/packs/import';
import type { LocalPackStore } from '../lib/packs/local-store';
import { checkSignpackSize, decodeSignpack, encodeSignpack, signpackFileName, type SignPack } from '../lib/recording/signpack';
import { shippedPackNames } from '../lib/packs/glossary';
import type { Glossary } from '../lib/scenes/types';

export type ShelfState =
  | { kind: 'idle' }
  | { kind: 'reading'; file: string }
  | { kind: 'asking'; file: string; pack: SignPack; clashes: ImportClashes }
  | { kind: 'imported'; pack: string; recordings: number }
  | { kind: 'deleted'; pack: string }
  | { kind: 'failed'; error: string };

export class PackShelf {
  state = $state<ShelfState>({ kind: 'idle' });
  /** Answers to an import's clashes, edited by the view while asking. */
  packName = $state('');
  replace = $state(false);
  glossChoices = $state<Record<string, GlossChoice>>({});
  /** Why the last answers were refused (shown while still asking). */
  lastError = $state<string | null>(null);

  constructor(private readonly store: LocalPackStore, private readonly glossary: Glossary) {}

  private known(): KnownSigns {
    return { glossary: new Set(Object.keys(this.glossary)), shippedPacks: shippedPackNames(this.glossary), stored: this.store.packs };
  }

  exportFile(name: string): File {
    const pack = this.store.get(name);
    if (!pack) throw new Error(`no local pack "${name}"`);
    return new File([encodeSignpack(pack)], signpackFileName(pack), { type: 'application/json' });
  }

  async remove(name: string): Promise<void> {
    await this.store.remove(name);
    this.state = { kind: 'deleted', pack: name };
  }

  /** Reads and checks a file; stores it at once when nothing clashes, else asks. */
  async importFile(file: File): Promise<void> {
    this.state = { kind: 'reading', file: file.name };
    this.lastError = null;
    try {
      checkSignpackSize(file.size, file.name);
      const pack = decodeSignpack(new Uint8Array(await file.arrayBuffer()), file.name);
      const clashes = importClashes(pack, this.known());
      this.packName = clashes.nameTaken ? freeName(pack.index.name, clashes.takenNames) : pack.index.name;
      this.replace = false;
      this.glossChoices = Object.fromEntries(clashes.glosses.map((g): [string, GlossChoice] => [g, { kind: 'merge' }]));
      if (clashes.nameTaken || clashes.glosses.length) this.state = { kind: 'asking', file: file.name, pack, clashes };
      else await this.put(pack, file.name);
    } catch (e) {
      this.state = { kind: 'failed', error: (e as Error).message };
    }
  }

  /** Applies the answers to the clashes and stores the pack; a refused answer keeps the question open. */
  async confirm(): Promise<void> {
    if (this.state.kind !== 'asking') return;
    try {
      await this.put(this.state.pack, this.state.file);
    } catch (e) {
      this.lastError = (e as Error).message;
    }
  }

  cancel(): void {
    this.lastError = null;
    this.state = { kind: 'idle' };
  }

  private async put(pack: SignPack, file: string): Promise<void> {
    const name = this.replace ? pack.index.name : this.packName.trim();
    const resolved = resolveImport(pack, { packName: name, replace: this.replace, glosses: this.glossChoices }, this.known(), file);
    await this.store.put(resolved);
    this.lastError = null;
    this.state = { kind: 'imported', pack: resolved.index.name, recordings: resolved.recordings.length };
  }
}

/** `name-2`, `name-3`, … : the first not taken. */
function freeName(name: string, taken: readonly string[]): string {
  for (let n = 2; ; n++) if (!taken.includes(`${name}-${n}`)) return `${name}-${n}`;
}
