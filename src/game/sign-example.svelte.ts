/** A sign's example (its reference recording) loaded for showing: the frames, or why they are missing. */
import { mirrorFrame, type LandmarkFrame } from '../lib/landmarks';
import type { SignInfo } from '../lib/scenes/types';

export class SignExample {
  frames = $state.raw<LandmarkFrame[] | null>(null);
  problem = $state<string | null>(null);
  private showing: SignInfo | null = null;

  constructor(private readonly load: (sign: SignInfo) => Promise<LandmarkFrame[]>) {}

  /** Loads `sign`'s example; a later call wins over one still loading. */
  async show(sign: SignInfo): Promise<void> {
    this.showing = sign;
    this.frames = null;
    this.problem = null;
    try {
      const frames = await this.load(sign);
      if (this.showing === sign) this.frames = frames;
    } catch (e) {
      if (this.showing === sign) this.problem = (e as Error).message;
    }
  }
}

/** Frames as a left-handed learner signs them (mirrored), or as recorded. */
export function asSignedBy(frames: readonly LandmarkFrame[], leftHanded: boolean): LandmarkFrame[] {
  return leftHanded ? frames.map(mirrorFrame) : [...frames];
}
