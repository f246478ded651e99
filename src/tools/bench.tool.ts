/**
 * `signs bench`, browser half: what a window of recognition costs besides the model,
 * i.e. turning landmark frames into the shared features.
 */
import { computeFeatures } from '../lib/features/spec';
import { decodeRecording } from '../lib/recording/format';

/** Mean ms of computeFeatures over the whole recording, after one warm-up call. */
export function featureMsPerWindow(recordingBase64: string, iterations: number): number {
  const frames = decodeRecording(Uint8Array.from(atob(recordingBase64), (c) => c.charCodeAt(0)), 'bench recording').frames;
  computeFeatures(frames);
  const started = performance.now();
  for (let i = 0; i < iterations; i++) computeFeatures(frames);
  return (performance.now() - started) / iterations;
}
