/**
 * Recognition in the game's Web Worker, for browser tests and `signs bench`: no tensor
 * leaks across the boundary, and what a reading costs the page's thread there and when
 * recognition runs on the page's thread itself.
 */
import type { LandmarkFrame } from '../lib/landmarks/frame';
import { decodeRecording } from '../lib/recording/format';
import type { RecognitionResult } from '../lib/recognition/types';
import { sameThreadRecognition, type RecognitionService } from '../lib/recognition/service';
import { workerRecognition } from '../lib/recognition/worker';
import { fromBase64 } from './recognition.tool';

export interface WorkerRecognitionRequest {
  modelUrl: string;
  /** Recordings, each the reference of its gloss and replayed as attempts. */
  recordingsBase64: string[];
}

interface Timing {
  backend: string;
  /** Mean ms per reading the page's thread is busy: in the worker the call's own part (sending the new frames), on the page's thread the whole reading. */
  pageMsPerReading: number;
  /** Mean ms from a reading's call to its verdict. */
  msPerReading: number;
}

export interface WorkerRecognitionReport {
  readings: number;
  /** Tensors in the worker: before its recogniser, once it has judged one reading, after all the readings, once disposed. */
  numTensors: { idle: number; ready: number; afterReadings: number; disposed: number };
  /** The verdict on each whole recording, in the worker. */
  results: RecognitionResult[];
  worker: Timing;
  sameThread: Timing;
}

/** An attempt's readings of a recording: every 8 frames (about 4 a second), the last 3 seconds. */
function readingsOf(frames: readonly LandmarkFrame[]): LandmarkFrame[][] {
  const out: LandmarkFrame[][] = [];
  for (let end = 8; end <= frames.length; end += 8) {
    const last = frames[end - 1].timestampMs;
    out.push(frames.slice(0, end).filter((f) => f.timestampMs > last - 3000));
  }
  return out;
}

async function timeReadings(recognition: RecognitionService, setup: Parameters<RecognitionService['createRecognizer']>[0], attempts: LandmarkFrame[][][]) {
  const backend = await recognition.chooseBackend();
  const recognizer = await recognition.createRecognizer(setup);
  await recognizer.recognize(attempts[0][0], recognizer.glosses);
  const warm = await recognition.numTensors();
  let page = 0;
  let total = 0;
  let n = 0;
  for (const readings of attempts) {
    recognizer.reset();
    for (const frames of readings) {
      const started = performance.now();
      const verdict = recognizer.recognize(frames, recognizer.glosses);
      page += performance.now() - started;
      await verdict;
      total += performance.now() - started;
      n++;
    }
  }
  return { recognizer, warm, timing: { backend, pageMsPerReading: page / n, msPerReading: total / n } };
}

export async function workerRecognitionReport(req: WorkerRecognitionRequest): Promise<WorkerRecognitionReport> {
  const recordings = req.recordingsBase64.map((b, i) => decodeRecording(fromBase64(b), `recording ${i}`));
  const setup = { modelUrl: req.modelUrl, references: recordings.map((r) => ({ gloss: r.meta.gloss, frames: r.frames })) };
  const attempts = recordings.map((r) => readingsOf(r.frames));
  const readings = attempts.reduce((n, a) => n + a.length, 0);

  const worker = workerRecognition();
  try {
    await worker.chooseBackend();
    const idle = await worker.numTensors();
    const { recognizer, warm: ready, timing } = await timeReadings(worker, setup, attempts);
    const results: RecognitionResult[] = [];
    for (const r of recordings) results.push(await recognizer.recognize(r.frames, recognizer.glosses));
    const afterReadings = await worker.numTensors();
    recognizer.dispose();
    const disposed = await worker.numTensors();

    const local = await timeReadings(sameThreadRecognition(), setup, attempts);
    local.recognizer.dispose();
    return { readings, numTensors: { idle, ready, afterReadings, disposed }, results, worker: timing, sameThread: local.timing };
  } finally {
    worker.close();
  }
}
