/**
 * A sign's examples loaded for showing: which recordings there are (shipped and local
 * packs), the one chosen, and its frames or why they are missing.
 */
import { mirrorFrame, type LandmarkFrame } from '../lib/landmarks';
import type { SignInfo } from '../lib/scenes/types';
import type { ExampleRef, GameServices } from './services';

export class SignExample {
  frames = $state.raw<LandmarkFrame[] | null>(null);
  problem = $state<string | null>(null);
  /** The sign's recordings the learner may watch (its own reference first). */
  choices = $state.raw<ExampleRef[]>([]);
  chosen = $state.raw<ExampleRef | null>(null);
  private sign: SignInfo | null = null;
  /** Bumped by every show or choose: a later call wins over one still loading. */
  private request = 0;

  constructor(private readonly services: Pick<GameServices, 'reference' | 'examples'>) {}

  /** Loads `sign`'s examples and shows the first. */
  async show(sign: SignInfo): Promise<void> {
    const request = this.start(sign);
    this.choices = [];
    this.chosen = null;
    try {
      const choices = await this.services.examples(sign);
      if (request !== this.request) return;
      this.choices = choices;
      this.chosen = choices[0] ?? null;
      await this.loadFrames(request, sign, this.chosen ?? undefined);
    } catch (e) {
      if (request === this.request) this.problem = (e as Error).message;
    }
  }

  /** Shows another of the sign's examples. */
  async choose(example: ExampleRef): Promise<void> {
    const sign = this.sign;
    if (!sign || !this.choices.includes(example)) return;
    const request = this.start(sign);
    this.chosen = example;
    try {
      await this.loadFrames(request, sign, example);
    } catch (e) {
      if (request === this.request) this.problem = (e as Error).message;
    }
  }

  private start(sign: SignInfo): number {
    this.sign = sign;
    this.frames = null;
    this.problem = null;
    return ++this.request;
  }

  private async loadFrames(request: number, sign: SignInfo, example: ExampleRef | undefined): Promise<void> {
    const frames = await this.services.reference(sign, example);
    if (request === this.request) this.frames = frames;
  }
}

/** Frames as a left-handed learner signs them (mirrored), or as recorded. */
export function asSignedBy(frames: readonly LandmarkFrame[], leftHanded: boolean): LandmarkFrame[] {
  return leftHanded ? frames.map(mirrorFrame) : [...frames];
}
