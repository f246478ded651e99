/** Options of the Holistic landmarker, with documented defaults. */
export interface HolisticOptions {
  /**
   * URL of the folder that serves @mediapipe/holistic's files (see
   * scripts/vite-self-hosted-assets.ts). Default: `mediapipe/holistic/` beside the page.
   */
  assetBaseUrl?: string;
  /** Pose model size: 0 = lite, 1 = full. Default 1 (the heavy model is not shipped). Changeable later with setModelComplexity. */
  modelComplexity?: 0 | 1;
  /** Temporal smoothing of landmarks. Default true for live video, false for files. */
  smoothLandmarks?: boolean;
  /** Default 0.5. */
  minDetectionConfidence?: number;
  /** Default 0.5. */
  minTrackingConfidence?: number;
  /** Download progress of the model files, 0..1. */
  onProgress?: (fraction: number) => void;
}

export const DEFAULT_HOLISTIC_OPTIONS = {
  modelComplexity: 1,
  smoothLandmarks: true,
  minDetectionConfidence: 0.5,
  minTrackingConfidence: 0.5,
} as const;

export function defaultAssetBaseUrl(): string {
  return new URL('mediapipe/holistic/', document.baseURI).href;
}
