/**
 * What the game needs from the rest of the app, as one small interface so lessons can be
 * tested with fakes and so the source for "Try" can be swapped (camera, or replays in
 * test mode).
 */
import type { LandmarkFrame } from '../lib/landmarks';
import type { FeaturePart, SignRecognizer } from '../lib/recognition/types';
import type { SignInfo } from '../lib/scenes/types';
import type { FrameSource } from '../lib/sources/types';

/** One example recording of a sign: a file of a shipped or local pack. */
export interface ExampleRef {
  pack: string;
  file: string;
}

/** The frames for one Try. */
export interface AttemptFeed {
  source: FrameSource;
  /** Resolves when a replay has played to its end; undefined for the live camera. */
  ended?: Promise<void>;
  /** Shown to the learner in test mode: which recording is replayed. */
  testLabel?: string;
  /** Starts delivery once listeners are attached (plays a replay; the camera is already running). */
  begin(): Promise<void>;
  /** Gives the source back (closes a replay; leaves the camera running). */
  release(): void;
}

export interface GameServices {
  /** The reference recording of a sign, from its pack, or the chosen one of its examples. */
  reference(sign: SignInfo, example?: ExampleRef): Promise<LandmarkFrame[]>;
  /** The sign's examples the learner may watch (its own reference first, then the local packs'). */
  examples(sign: SignInfo): Promise<ExampleRef[]>;
  /** A recogniser that can judge these signs (built once per set of signs). */
  recognizer(signs: readonly SignInfo[]): Promise<SignRecognizer>;
  /** Per part, how far an attempt is from the reference (larger = differs more). */
  compareParts(attempt: LandmarkFrame[], reference: LandmarkFrame[]): Record<FeaturePart, number>;
  /**
   * Frames for the next Try: the live camera, or in test mode the next queued replay.
   * Null when the camera is not on yet (or no replay is queued in test mode).
   */
  attemptFeed(): Promise<AttemptFeed | null>;
  /** True in `?replay=` test mode. */
  readonly testMode: boolean;
}
