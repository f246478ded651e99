/**
 * Credit for a wrong sign, measured: every recording played as an attempt at the step of
 * each sign it is not, through the game's recogniser and attempt rule. A learning game
 * that credits the wrong sign teaches it, so this is the share that must stay near zero.
 *
 * Three passes, each over every step:
 * - `scene`: the scenes' sign steps, with the scene's own signs as candidates;
 * - `glossary`: one step per glossary sign, every glossary sign a candidate;
 * - `unknown`: the same, but the attempt's own sign is not a candidate at all: a sign the
 *   game does not know, which is what a learner making a sign of their own presents.
 * Leave one out: an attempt's own recording is never among the references.
 */
import type { LandmarkFrame } from '../../src/lib/landmarks/frame';
import { NO_SIGN_LABEL } from '../../src/lib/recognition/manifest';
import type { RecognitionResult, SignRecognizer } from '../../src/lib/recognition/types';
import { playAttempt, playRecognizer, type PlaybackOptions, type RecognizerSetup } from './play';
import type { Sample } from './dataset';
import type { Progress } from '../cli-kit';

export const WRONG_SIGN_PASSES = ['scene', 'glossary', 'unknown'] as const;
export type WrongSignPass = (typeof WRONG_SIGN_PASSES)[number];
export type WrongSignMethod = RecognitionResult['method'];

/** A scene's sign steps (the glosses each accepts) and its signs, the step's candidates. */
export interface SceneSteps {
  id: string;
  steps: string[][];
  signs: string[];
}

export interface WrongSignOptions extends PlaybackOptions, RecognizerSetup {
  scenes: readonly SceneSteps[];
  /** Only the steps asking for one of these signs (default: every step). */
  steps?: readonly string[];
  /**
   * Signs the classifier was trained on as "no sign" (manifest otherSignsTrained): at its
   * steps it has seen them, so they are not played there; the matcher's steps still play them.
   */
  trainedAsNoSign?: ReadonlySet<string>;
  /** Ticks once per attempt played at all its steps. */
  progress?: Progress;
}

export interface Tally {
  n: number;
  /** Share of the n attempts credited. */
  credited: number;
}

export interface WrongSignTally extends Tally {
  /** By who judges the step's sign: the classifier (a step any of whose signs it knows) or the one-shot matcher. */
  by_method: Record<WrongSignMethod, Tally>;
}

export interface WrongSignReport extends WrongSignTally {
  passes: Record<WrongSignPass, WrongSignTally>;
  /** Every credit: the sign played, the step's sign(s) it was credited as, how often. */
  credits: Array<{ pass: WrongSignPass; played: string; asked: string; count: number }>;
}

/** A sample's identity across data sets (a reference pack and the data it was taken from). */
export const sampleKey = (s: Pick<Sample, 'signerId' | 'id'>) => `${s.signerId}/${s.id}`;

/**
 * The same attempt is played at many steps: every reading of its windows among the same
 * candidates is the same, so each is computed once. Valid for one attempt's playback only.
 */
export function rememberingReadings(recognizer: SignRecognizer): SignRecognizer {
  const readings = new Map<string, Promise<RecognitionResult>>();
  return {
    glosses: recognizer.glosses,
    recognize(frames: readonly LandmarkFrame[], candidates: readonly string[]) {
      const key = `${candidates.join(',')}|${frames.length}|${frames[0]?.timestampMs}|${frames.at(-1)?.timestampMs}`;
      let reading = readings.get(key);
      if (!reading) {
        reading = recognizer.recognize(frames, candidates);
        readings.set(key, reading);
      }
      return reading;
    },
    dispose: () => undefined,
  };
}

interface Counter { n: number; credited: number }
const counter = (): Counter => ({ n: 0, credited: 0 });
const share = (c: Counter): Tally => ({ n: c.n, credited: c.n ? c.credited / c.n : NaN });

class PassCounter {
  readonly all = counter();
  readonly byMethod: Record<WrongSignMethod, Counter> = { classifier: counter(), 'one-shot': counter() };
  add(method: WrongSignMethod, credited: boolean): void {
    for (const c of [this.all, this.byMethod[method]]) {
      c.n++;
      if (credited) c.credited++;
    }
  }
  tally(): WrongSignTally {
    return { ...share(this.all), by_method: { classifier: share(this.byMethod.classifier), 'one-shot': share(this.byMethod['one-shot']) } };
  }
}

/** The steps of one pass an attempt at `played` is played at: targets and candidates. */
function stepsFor(pass: WrongSignPass, played: string, glossary: readonly string[], scenes: readonly SceneSteps[]): Array<{ targets: string[]; candidates: string[] }> {
  if (pass === 'scene') {
    return scenes.flatMap((scene) => scene.steps.filter((targets) => !targets.includes(played)).map((targets) => ({ targets, candidates: scene.signs })));
  }
  const candidates = pass === 'unknown' ? glossary.filter((g) => g !== played) : [...glossary];
  return glossary.filter((g) => g !== played).map((g) => ({ targets: [g], candidates }));
}

/**
 * Plays every attempt at every other sign's step in each pass. `attempts` may include
 * reference recordings: each is then judged by a matcher without it (leave one out).
 */
export async function playWrongSigns(attempts: readonly Sample[], opts: WrongSignOptions): Promise<WrongSignReport> {
  const shared = playRecognizer(opts);
  const referenceKeys = new Set(opts.references.map(sampleKey));
  const glossary = [...shared.glosses].sort();
  const classes = opts.classifier?.manifest.labels.filter((l) => l !== NO_SIGN_LABEL) ?? [];
  const methodOf = (targets: readonly string[]): WrongSignMethod => (targets.some((t) => classes.includes(t)) ? 'classifier' : 'one-shot');
  const total = new PassCounter();
  const passes = Object.fromEntries(WRONG_SIGN_PASSES.map((p) => [p, new PassCounter()])) as Record<WrongSignPass, PassCounter>;
  const credits = new Map<string, WrongSignReport['credits'][number]>();
  for (const attempt of attempts) {
    const key = sampleKey(attempt);
    const base = referenceKeys.has(key)
      ? playRecognizer({ ...opts, references: opts.references.filter((r) => sampleKey(r) !== key) })
      : shared;
    const recognizer = rememberingReadings(base);
    const seenByClassifier = opts.trainedAsNoSign?.has(attempt.gloss) ?? false;
    for (const pass of WRONG_SIGN_PASSES) {
      const steps = stepsFor(pass, attempt.gloss, glossary, opts.scenes)
        .filter(({ targets }) => (!opts.steps || targets.some((t) => opts.steps!.includes(t))) && !(seenByClassifier && methodOf(targets) === 'classifier'));
      for (const { targets, candidates } of steps) {
        const outcome = await playAttempt(recognizer, attempt.frames, targets, candidates, opts);
        const method = methodOf(targets);
        passes[pass].add(method, outcome.success);
        total.add(method, outcome.success);
        if (!outcome.success) continue;
        const asked = targets.join('|');
        const entry = credits.get(`${pass}:${attempt.gloss}:${asked}`) ?? { pass, played: attempt.gloss, asked, count: 0 };
        entry.count++;
        credits.set(`${pass}:${attempt.gloss}:${asked}`, entry);
      }
    }
    opts.progress?.tick();
    // The readings resolve without leaving the microtask queue: let the progress bar's timer run.
    await new Promise((resolve) => setImmediate(resolve));
  }
  opts.progress?.done();
  return {
    ...total.tally(),
    passes: Object.fromEntries(WRONG_SIGN_PASSES.map((p) => [p, passes[p].tally()])) as Record<WrongSignPass, WrongSignTally>,
    credits: [...credits.values()].sort((a, b) => b.count - a.count || a.played.localeCompare(b.played)),
  };
}
