/**
 * The game's services in the browser: references from the sign packs under signs/, the
 * recogniser, per-part comparison, and the frame feed for Try (the live camera, or in
 * the test build's `?replay=` mode a queue of recordings replayed instead of the camera).
 */
import { loadPackIndex, loadRecording, packFileUrl } from '../lib/recording/load';
import type { PackIndex } from '../lib/recording/pack';
import type { LandmarkFrame } from '../lib/landmarks';
import type { SignRecognizer } from '../lib/recognition/types';
import type { SignInfo } from '../lib/scenes/types';
import type { FrameSource } from '../lib/sources/types';
import { comparePartsOf } from '../lib/features/compare';
import type { GameServices } from './services';
import type { AttemptQueue } from './test-mode';

/** Where packs are served, relative to the page. */
export const SIGNS_FOLDER = 'signs/';

export function packUrl(pack: string): string {
  return new URL(`${SIGNS_FOLDER}${pack}/`, document.baseURI).href;
}

/** Reference recordings of glossary signs, each pack index read once. */
export class ReferenceLibrary {
  private indexes = new Map<string, Promise<PackIndex>>();
  private recordings = new Map<string, Promise<LandmarkFrame[]>>();

  /** The pack-relative file of a sign's reference: its `file`, else the pack's first recording of the gloss. */
  async referenceFile(sign: SignInfo): Promise<string> {
    const { pack, file } = sign.reference;
    if (file) return file;
    const index = await this.index(pack);
    const entry = index.recordings.find((r) => r.gloss === sign.gloss);
    if (!entry) throw new Error(`pack "${pack}" has no recording of "${sign.gloss}"`);
    return entry.file;
  }

  /** The reference shown to the learner. */
  async frames(sign: SignInfo): Promise<LandmarkFrame[]> {
    return this.load(sign.reference.pack, await this.referenceFile(sign));
  }

  /**
   * Every recording the recogniser may compare with: the named file, or all of the pack's
   * recordings of the gloss (several signers match new signers better than one).
   */
  async allFrames(sign: SignInfo): Promise<LandmarkFrame[][]> {
    const { pack, file } = sign.reference;
    if (file) return [await this.load(pack, file)];
    const index = await this.index(pack);
    const files = index.recordings.filter((r) => r.gloss === sign.gloss).map((r) => r.file);
    if (!files.length) throw new Error(`pack "${pack}" has no recording of "${sign.gloss}"`);
    return Promise.all(files.map((f) => this.load(pack, f)));
  }

  private load(pack: string, file: string): Promise<LandmarkFrame[]> {
    const url = packFileUrl(packUrl(pack), file);
    let frames = this.recordings.get(url);
    if (!frames) {
      frames = loadRecording(url).then((r) => r.frames);
      frames.catch(() => this.recordings.delete(url));
      this.recordings.set(url, frames);
    }
    return frames;
  }

  private index(pack: string): Promise<PackIndex> {
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
}): GameServices {
  const { attempts, references } = options;
  // One recogniser per set of signs (a scene's vocabulary) and backend, kept for replays of the scene.
  const recognizers = new Map<string, Promise<SignRecognizer>>();
  return {
    testMode: attempts !== null,
    reference: (sign) => references.frames(sign),
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
