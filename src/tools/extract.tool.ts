/**
 * `signs extract`, browser half: runs the app's own video-file source (real Holistic)
 * over a video URL and returns the recording, encoded in the shared format.
 */
import { createHolisticLandmarker, type HolisticLandmarker } from '../lib/holistic/holistic';
import { encodeRecording, type RecordingMeta } from '../lib/recording/format';
import { presenceShares, type PartPresence } from '../lib/recording/pack';
import { createVideoFileSource } from '../lib/sources/video-file';

let landmarker: Promise<HolisticLandmarker> | null = null;

declare global {
  interface Window {
    /** Set by the CLI (page.exposeFunction) to receive progress. */
    signquestExtractProgress?: (processed: number, total: number) => void;
  }
}

export interface ExtractRequest {
  url: string;
  meta: RecordingMeta;
  fps?: number;
  /** Stop after this many frames (tests check the path on a few frames). */
  maxFrames?: number;
}

export interface ExtractResult {
  /** The encoded .signrec file, base64. */
  recordingBase64: string;
  frameCount: number;
  fps: number;
  presence: PartPresence;
  /** Mean Holistic ms per frame after the first (which also builds the graph). */
  holisticMsWarm: number;
}

export async function extractVideo(request: ExtractRequest): Promise<ExtractResult> {
  // Each frame is judged on its own for a file: smoothing across frames would smear signs.
  landmarker ??= createHolisticLandmarker({ smoothLandmarks: false });
  const holistic = await landmarker;
  const source = createVideoFileSource(request.url, holistic, {
    fps: request.fps,
    maxFrames: request.maxFrames,
    onProgress: (done, total) => window.signquestExtractProgress?.(done, total),
  });
  const timings: number[] = [];
  const frames: Parameters<typeof encodeRecording>[0]['frames'] = [];
  source.onFrame((frame, timing) => {
    frames.push(frame);
    timings.push(timing.holisticMs);
  });
  await source.start();
  const { fps } = await source.finished;
  source.close();
  const warm = timings.slice(1);
  const bytes = encodeRecording({ meta: request.meta, fps, frames });
  return {
    recordingBase64: toBase64(bytes),
    frameCount: frames.length,
    fps,
    presence: presenceShares(frames),
    holisticMsWarm: warm.length ? warm.reduce((a, b) => a + b, 0) / warm.length : (timings[0] ?? 0),
  };
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}
