/**
 * Recognition in the game's Web Worker, for browser tests and `signs bench`: no tensor
 * leaks across the boundary, and what a reading costs, there or (to compare) on the
 * page's thread. The page's thread's busy time is for the caller to read from outside
 * (Chrome's Performance metrics), since the page cannot time its own idle.
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
  /** Where recognition runs: the game's worker, or (to compare) the page's thread. Default worker. */
  where?: 'worker' | 'same-thread';
  /** How many times every attempt is replayed (default 1): the difference between two runs is the readings' cost alone. */
  passes?: number;
}

export interface WorkerRecognitionReport {
  backend: string;
  /** Readings timed: an attempt's, replaying each recording. */
  readings: number;
  /** Tensors where recognition runs: before the recogniser, once it has judged a reading, after all the readings, once disposed. */
  numTensors: { idle: number; ready: number; afterReadings: number; disposed: number };
  /** The verdict on each whole recording. */
  results: RecognitionResult[];
  /** Mean ms per reading spent in the call itself (in the worker: sending the new frames; on the page's thread: the reading up to its first await). */
  callMsPerReading: number;
  /** Mean ms from a reading's call to its verdict. */
  msPerReading: number;
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

export async function workerRecognitionReport(req: WorkerRecognitionRequest): Promise<WorkerRecognitionReport> {
  const recordings = req.recordingsBase64.map((b, i) => decodeRecording(fromBase64(b), `recording ${i}`));
  const attempts = recordings.map((r) => readingsOf(r.frames));
  const recognition: RecognitionService = req.where === 'same-thread' ? sameThreadRecognition() : workerRecognition();
  try {
    const backend = await recognition.chooseBackend();
    const idle = await recognition.numTensors();
    const recognizer = await recognition.createRecognizer({ modelUrl: req.modelUrl, references: recordings.map((r) => ({ gloss: r.meta.gloss, frames: r.frames })) });
    await recognizer.recognize(attempts[0][0], recognizer.glosses);
    const ready = await recognition.numTensors();
    let call = 0;
    let total = 0;
    let readings = 0;
    for (let pass = 0; pass < (req.passes ?? 1); pass++) for (const attempt of attempts) {
      for (const frames of attempt) {
        const started = performance.now();
        const verdict = recognizer.recognize(frames, recognizer.glosses);
        call += performance.now() - started;
        await verdict;
        total += performance.now() - started;
        readings++;
      }
    }
    const results: RecognitionResult[] = [];
    for (const r of recordings) results.push(await recognizer.recognize(r.frames, recognizer.glosses));
    const afterReadings = await recognition.numTensors();
    recognizer.dispose();
    const disposed = await recognition.numTensors();
    return { backend, readings, numTensors: { idle, ready, afterReadings, disposed }, results, callMsPerReading: call / readings, msPerReading: total / readings };
  } finally {
    recognition.close();
  }
}
