/**
 * `signs bench`, browser half: the recogniser's cost per reading (through the game's
 * RecognitionService, in its Web Worker; the classifier per backend on this thread, as the
 * worker runs one backend), the main thread's share of a reading,
 * bare Holistic on the camera feed, and a Try's latency from a sign's last frame to its
 * verdict. The Node half (training/commands/bench.ts) turns these into ratios.
 */
import { CAMERA_CONSTRAINTS } from '../lib/camera/camera';
import { createHolisticLandmarker, type HolisticLandmarker } from '../lib/holistic/holistic';
import type { LandmarkFrame } from '../lib/landmarks/frame';
import { anyHand } from '../lib/features/spec';
import { decodeRecording } from '../lib/recording/format';
import { initBackend, type BackendName } from '../lib/recognition/backend';
import { loadTf } from '../lib/recognition/classifier';
import { createRecognizer } from '../lib/recognition/recognizer';
import { workerRecognition } from '../lib/recognition/worker';
import type { SignRecognizer } from '../lib/recognition/types';
import { createReplaySource } from '../lib/sources/replay';
import { createWebcamSource } from '../lib/sources/webcam';
import { Attempt } from '../game/attempt.svelte';

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** An encoded reference recording and its gloss, as the Node half sends them. */
export interface EncodedReference {
  gloss: string;
  recordingBase64: string;
}

const decodeFrames = (b64: string, name: string) => decodeRecording(fromBase64(b64), name).frames;

/** Recognition as the game runs it: in its Web Worker, on the backend the game would choose. */
const recognition = workerRecognition();
let backendChosen: Promise<unknown> | null = null;
async function gameRecognizer(setup: Parameters<typeof recognition.createRecognizer>[0]): Promise<SignRecognizer> {
  await (backendChosen ??= recognition.chooseBackend());
  return recognition.createRecognizer(setup);
}

/**
 * How much of `run`'s wall time the main thread was busy: a MessageChannel ping answers
 * within a fraction of a millisecond when the thread is free, so the gaps between pings
 * longer than BUSY_GAP_MS are time it was held (by recognition, on this thread).
 */
const BUSY_GAP_MS = 4;
async function mainThreadShare(run: () => Promise<unknown>): Promise<number> {
  const channel = new MessageChannel();
  let last = performance.now();
  let busy = 0;
  let pinging = true;
  channel.port1.onmessage = () => {
    const now = performance.now();
    if (now - last > BUSY_GAP_MS) busy += now - last;
    last = now;
    if (pinging) channel.port2.postMessage(0);
  };
  const started = performance.now();
  channel.port2.postMessage(0);
  await run();
  pinging = false;
  const end = performance.now();
  if (end - last > BUSY_GAP_MS) busy += end - last;
  channel.port1.close();
  return busy / (end - started);
}

export interface ReadingCost {
  /** Mean wall ms of one recognize() call, after one warm-up call. */
  msPerReading: number;
  /** The main thread's share of a reading's wall time, 0..1. */
  mainThreadShare: number;
}

async function readingCost(recognizer: SignRecognizer, frames: readonly LandmarkFrame[], iterations: number): Promise<ReadingCost> {
  const candidates = recognizer.glosses;
  await recognizer.recognize(frames, candidates);
  const started = performance.now();
  for (let i = 0; i < iterations; i++) await recognizer.recognize(frames, candidates);
  const msPerReading = (performance.now() - started) / iterations;
  const share = await mainThreadShare(async () => {
    for (let i = 0; i < iterations; i++) await recognizer.recognize(frames, candidates);
  });
  return { msPerReading, mainThreadShare: share };
}

export interface ReadingBenchRequest {
  /** The frames judged by each reading (a real attempt, so every window holds a hand). */
  attemptBase64: string;
  /** The classifier's backends to time, each with the model alone and every model sign as a candidate. */
  backends: BackendName[];
  modelUrl: string;
  /** Reference sets to time the matcher alone on, every reference gloss a candidate. */
  referenceSets: EncodedReference[][];
  iterations: number;
}

export interface ReadingBench {
  /** null where the backend does not start in this browser. */
  classifier: Record<string, (ReadingCost & { backend: string }) | null>;
  /** Keyed by the number of references. */
  matcher: Record<string, ReadingCost>;
  /** The game's recogniser (model and the largest reference set) on the default backend. */
  game: ReadingCost;
}

export async function readingBench(req: ReadingBenchRequest): Promise<ReadingBench> {
  const frames = decodeFrames(req.attemptBase64, 'attempt');
  const tf = await loadTf();
  const classifier: ReadingBench['classifier'] = {};
  for (const backend of req.backends) {
    if (!(await initBackend(tf, backend))) {
      classifier[backend] = null;
      continue;
    }
    const recognizer = await createRecognizer({ modelUrl: req.modelUrl, tf });
    try {
      classifier[backend] = { backend: tf.getBackend(), ...(await readingCost(recognizer, frames, req.iterations)) };
    } finally {
      recognizer.dispose();
    }
  }
  const referenceSets = req.referenceSets.map((set) => set.map((r, i) => ({ gloss: r.gloss, frames: decodeFrames(r.recordingBase64, `reference ${i}`) })));
  const matcher: ReadingBench['matcher'] = {};
  for (const references of referenceSets) {
    const recognizer = await gameRecognizer({ references });
    matcher[String(references.length)] = await readingCost(recognizer, frames, req.iterations);
    recognizer.dispose();
  }
  const game = await gameRecognizer({ modelUrl: req.modelUrl, references: referenceSets.at(-1) });
  try {
    return { classifier, matcher, game: await readingCost(game, frames, req.iterations) };
  } finally {
    game.dispose();
  }
}

export interface LatencyRequest {
  attemptBase64: string;
  gloss: string;
  modelUrl: string;
  references: EncodedReference[];
}

export interface Latency {
  status: string;
  /** Frame intervals of the recording from its last frame with a hand to the painted verdict (0: the verdict came before). */
  frames: number;
}

/**
 * A Try (the game's Attempt) on a replay of a real attempt, with the game's recogniser: the
 * time from the sign's last frame (its last frame with a hand) to the next painted frame
 * after the verdict, in the recording's frame intervals.
 */
export async function verdictLatency(req: LatencyRequest): Promise<Latency> {
  const references = req.references.map((r, i) => ({ gloss: r.gloss, frames: decodeFrames(r.recordingBase64, `reference ${i}`) }));
  const recognizer = await gameRecognizer({ modelUrl: req.modelUrl, references });
  const frames = decodeFrames(req.attemptBase64, 'attempt');
  const source = createReplaySource(frames);
  let lastHand = frames.length - 1;
  while (lastHand > 0 && !anyHand(frames[lastHand].data)) lastHand--;
  let lastHandAt = Infinity;
  let delivered = 0;
  source.onFrame(() => {
    if (delivered++ === lastHand) lastHandAt = performance.now();
  });
  const attempt = new Attempt(source, recognizer, { targets: [req.gloss], candidates: recognizer.glosses, leftHanded: false });
  try {
    attempt.start(source.ended);
    await source.start();
    const end = await attempt.done;
    await new Promise(requestAnimationFrame);
    const interval = (frames.at(-1)!.timestampMs - frames[0].timestampMs) / (frames.length - 1);
    return { status: end.status, frames: Math.max(0, (performance.now() - lastHandAt) / interval) };
  } finally {
    attempt.cancel();
    source.close();
    recognizer.dispose();
  }
}

/**
 * Bare Holistic on the camera feed, kept running until stopBareHolistic(): the app's webcam
 * source and tracker, no recogniser, nothing drawn. Like the game it pauses while the page
 * is hidden, so the bench can take turns between this page and the game's. Resolves after
 * the first frame (which builds Holistic's graph).
 */
let running: { landmarker: HolisticLandmarker; close(): Promise<void> } | null = null;
export async function startBareHolistic(): Promise<void> {
  if (running) throw new Error('bare Holistic is already running');
  const stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: CAMERA_CONSTRAINTS });
  const landmarker = await createHolisticLandmarker();
  const source = createWebcamSource(stream, landmarker);
  running = {
    landmarker,
    async close() {
      source.close();
      await landmarker.close();
    },
  };
  const first = new Promise<void>((resolve) => source.onFrame(() => resolve()));
  await source.start();
  await first;
}

/** Bare Holistic switches to the lite pose model, as the game does on a slow machine. */
export function liteBareHolistic(): void {
  running?.landmarker.setModelComplexity(0);
}

export async function stopBareHolistic(): Promise<void> {
  await running?.close();
  running = null;
}
