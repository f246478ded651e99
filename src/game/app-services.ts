/**
 * The game's services in the browser: references from the sign packs under signs/, the
 * recogniser, per-part comparison, and the frame feed for Try (the live camera, or in
 * the test build's `?replay=` mode a queue of recordings replayed instead of the camera).
 */
import { loadPackIndex, loadRecording, packFileUrl } from '../lib/recording/load';
import type { PackIndex } from '../lib/recording/pack';
import type { SignPack } from '../lib/recording/signpack';
import type { LandmarkFrame } from '../lib/landmarks';
import type { SignRecognizer } from '../lib/recognition/types';
import type { SignInfo } from '../lib/scenes/types';
import type { FrameSource } from '../lib/sources/types';
import { comparePartsOf } from '../lib/features/compare';
import type { ExampleRef, GameServices } from './services';
import type { AttemptQueue } from './test-mode';

/** Where packs are served, relative to the page. */
export const SIGNS_FOLDER = 'signs/';

export function packUrl(pack: string): string {
  return new URL(`${SIGNS_FOLDER}${pack}/`, document.baseURI).href;
}

/** The local packs as the library reads them (LocalPackStore, or a fake in tests). */
export interface LocalPacks {
  readonly packs: readonly SignPack[];
}

/**
 * Reference recordings of glossary signs, from the shipped packs (each pack index read
 * once) and from the local packs in this browser, which are read as they are at each call
 * so a pack saved or imported a moment ago is used at once.
 */
export class ReferenceLibrary {
  private indexes = new Map<string, Promise<PackIndex>>();
  private recordings = new Map<string, Promise<LandmarkFrame[]>>();

  constructor(private readonly local: Promise<LocalPacks | null> = Promise.resolve(null)) {}

  /** The pack-relative file of a sign's reference: its `file`, else the pack's first recording of the gloss. */
  async referenceFile(sign: SignInfo): Promise<string> {
    const { pack, file } = sign.reference;
    if (file) return file;
    const index = await this.index(pack);
    const entry = index.recordings.find((r) => r.gloss === sign.gloss);
    if (!entry) throw new Error(`pack "${pack}" has no recording of "${sign.gloss}"`);
    return entry.file;
  }

  /** Every example the learner may watch: the sign's own reference first, then those of the local packs. */
  async examples(sign: SignInfo): Promise<ExampleRef[]> {
    const own = { pack: sign.reference.pack, file: await this.referenceFile(sign) };
    const local = (await this.localPacks()).flatMap((p) => p.index.recordings.filter((r) => r.gloss === sign.gloss).map((r) => ({ pack: p.index.name, file: r.file })));
    return [own, ...local.filter((e) => e.pack !== own.pack || e.file !== own.file)];
  }

  /** The reference shown to the learner: the chosen example, else the sign's own. */
  async frames(sign: SignInfo, example?: ExampleRef): Promise<LandmarkFrame[]> {
    return this.load(example?.pack ?? sign.reference.pack, example?.file ?? (await this.referenceFile(sign)));
  }

  /**
   * Every recording the recogniser may compare with: the named file, or all of the pack's
   * recordings of the gloss (several signers match new signers better than one), and every
   * local pack's recordings of the gloss.
   */
  async allFrames(sign: SignInfo): Promise<LandmarkFrame[][]> {
    const { pack, file } = sign.reference;
    const local = await this.localPacks();
    const localFrames = local.filter((p) => p.index.name !== pack).flatMap((p) => p.recordings.filter((r) => r.recording.meta.gloss === sign.gloss).map((r) => r.recording.frames));
    try {
      return [...(await this.packFrames(pack, sign.gloss, file)), ...localFrames];
    } catch (e) {
      // A shipped pack that cannot be read does not hide the examples taught in this browser.
      if (localFrames.length) return localFrames;
      throw e;
    }
  }

  /** The named file of a pack, or all of its recordings of the gloss. */
  private async packFrames(pack: string, gloss: string, file: string | undefined): Promise<LandmarkFrame[][]> {
    if (file) return [await this.load(pack, file)];
    const index = await this.index(pack);
    const files = index.recordings.filter((r) => r.gloss === gloss).map((r) => r.file);
    if (!files.length) throw new Error(`pack "${pack}" has no recording of "${gloss}"`);
    return Promise.all(files.map((f) => this.load(pack, f)));
  }

  private async localPacks(): Promise<readonly SignPack[]> {
    return (await this.local)?.packs ?? [];
  }

  private async load(pack: string, file: string): Promise<LandmarkFrame[]> {
    const local = (await this.localPacks()).find((p) => p.index.name === pack);
    if (local) {
      const found = local.recordings.find((r) => r.file === file);
      if (!found) throw new Error(`local pack "${pack}" has no recording "${file}"`);
      return found.recording.frames;
    }
    const url = packFileUrl(packUrl(pack), file);
    let frames = this.recordings.get(url);
    if (!frames) {
      frames = loadRecording(url).then((r) => r.frames);
      frames.catch(() => this.recordings.delete(url));
      this.recordings.set(url, frames);
    }
    return frames;
  }

  private async index(pack: string): Promise<PackIndex> {
    const local = (await this.localPacks()).find((p) => p.index.name === pack);
    if (local) return local.index;
    let index = this.indexes.get(pack);
    if (!index) {
      index = loadPackIndex(packUrl(pack));
      index.catch(() => this.indexes.delete(pack));
      this.indexes.set(pack, index);
    }
    return index;
  }
}

export function createAppServices(options: {
  liveSource: () => FrameSource | null;
  /** The test build's replayed attempts (test-mode.ts); null plays the live camera. */
  attempts: AttemptQueue | null;
  references: ReferenceLibrary;
  createRecognizer: (signs: readonly SignInfo[], references: ReferenceLibrary) => Promise<SignRecognizer>;
  /** The TF.js backend in use: a recogniser is built again on a new one (its weights lived in the old). */
  backend: () => string;
  /** Calls back whenever a local pack changes (the recognisers built so far are then rebuilt at their next use). */
  onReferencesChange?: (listener: () => void) => void;
}): GameServices {
  const { attempts, references } = options;
  // One recogniser per set of signs (a scene's vocabulary) and backend, kept for replays of the scene.
  const recognizers = new Map<string, Promise<SignRecognizer>>();
  options.onReferencesChange?.(() => recognizers.clear());
  return {
    testMode: attempts !== null,
    reference: (sign, example) => references.frames(sign, example),
    examples: (sign) => references.examples(sign),
    recognizer(signs) {
      const key = `${options.backend()}:${signs.map((s) => s.gloss).sort().join(',')}`;
      let recognizer = recognizers.get(key);
      if (!recognizer) {
        recognizer = options.createRecognizer(signs, references);
        recognizer.catch(() => recognizers.delete(key));
        recognizers.set(key, recognizer);
      }
      return recognizer;
    },
    compareParts: comparePartsOf,
    async attemptFeed() {
      if (attempts) return attempts.next();
      const source = options.liveSource();
      // The camera belongs to the shell: a Try only listens to it.
      return source ? { source, begin: async () => {}, release: () => {} } : null;
    },
  };
}
