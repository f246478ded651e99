/**
 * Recognition in the browser, for tests: the shared features of a recording (golden test
 * against Node) and the shipped model on a chosen backend (loads, predicts, leaks no
 * tensors, time per window). `signs bench` has its own page half, bench.tool.ts.
 */
import { computeFeatures } from '../lib/features/spec';
import { decodeRecording } from '../lib/recording/format';
import { initBackend, type BackendName } from '../lib/recognition/backend';
import { loadClassifier, loadTf } from '../lib/recognition/classifier';
import { createRecognizer } from '../lib/recognition/recognizer';
import type { RecognitionResult } from '../lib/recognition/types';

export function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** The feature tensor of an encoded recording, as plain numbers. */
export function recordingFeatures(recordingBase64: string, name = 'recording'): number[] {
  return Array.from(computeFeatures(decodeRecording(fromBase64(recordingBase64), name).frames));
}

export interface RecognitionBenchmarkRequest {
  backend: BackendName;
  modelUrl: string;
  recordingsBase64: string[];
  iterations: number;
}

export interface RecognitionBenchmark {
  backend: string;
  initialised: boolean;
  labels: string[];
  /** Class scores per recording (the whole recording as one window). */
  probs: number[][];
  /** The recogniser's verdict per recording, candidates = the model's signs. */
  results: RecognitionResult[];
  numTensorsBefore: number;
  numTensorsAfter: number;
  /** Model only, one window per call, after a warm-up call. */
  msPerWindow: number;
}

export async function recognitionBenchmark(req: RecognitionBenchmarkRequest): Promise<RecognitionBenchmark> {
  const tf = await loadTf();
  const initialised = await initBackend(tf, req.backend);
  const empty = { backend: tf.getBackend(), initialised, labels: [], probs: [], results: [], numTensorsBefore: 0, numTensorsAfter: 0, msPerWindow: NaN };
  if (!initialised) return empty;
  const recordings = req.recordingsBase64.map((b, i) => decodeRecording(fromBase64(b), `recording ${i}`));
  const windows = recordings.map((r) => ({ frames: r.frames }));
  const classifier = await loadClassifier(tf, req.modelUrl);
  const probs = (await classifier.predict(windows)).map((p) => Array.from(p.probs));
  // Warm-up at batch size 1: WebGL and WebGPU compile their programs per shape.
  await classifier.predict([windows[0]]);
  const numTensorsBefore = tf.memory().numTensors;
  const started = performance.now();
  for (let i = 0; i < req.iterations; i++) await classifier.predict([windows[i % windows.length]]);
  const msPerWindow = (performance.now() - started) / req.iterations;
  const numTensorsAfter = tf.memory().numTensors;
  const labels = classifier.manifest.labels;
  classifier.dispose();
  const recognizer = await createRecognizer({ modelUrl: req.modelUrl, tf });
  const results: RecognitionResult[] = [];
  for (const r of recordings) results.push(await recognizer.recognize(r.frames, recognizer.glosses));
  recognizer.dispose();
  return { backend: tf.getBackend(), initialised, labels, probs, results, numTensorsBefore, numTensorsAfter, msPerWindow };
}
