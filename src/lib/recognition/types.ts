import type { LandmarkFrame } from '../landmarks/frame';

/** How well one candidate sign matches the learner's recent frames. */
export interface SignScore {
  gloss: string;
  /** 0..1, calibrated so that `acceptThreshold` separates accept from reject. */
  score: number;
}

export type FeaturePart = 'handShape' | 'handLocation' | 'movement' | 'face';

export interface RecognitionResult {
  /** The accepted sign, or null for "no sign" / "not one of the candidates". */
  accepted: string | null;
  /** Every candidate's score, best first. */
  scores: SignScore[];
  /** 0..1: how sure we are that no candidate sign was made. */
  noSign: number;
  /** Which recogniser produced the scores. */
  method: 'classifier' | 'one-shot';
}

/**
 * Recognises signs among a step's candidate glosses from a window of recent frames.
 * The classifier handles its own classes; the one-shot matcher handles the rest.
 */
export interface SignRecognizer {
  /** Glosses this recogniser can judge (classifier labels, or reference glosses). */
  readonly glosses: readonly string[];
  /**
   * A pure function of its arguments: the same frames and candidates give the same result
   * (the attempt rule reuses a reading while no new frame has come).
   */
  recognize(frames: readonly LandmarkFrame[], candidates: readonly string[]): Promise<RecognitionResult>;
  /** Frees tensors and other owned resources. */
  dispose(): void;
}
