/**
 * `signs play`: recordings played as learners' attempts in the game, with the game's own
 * recogniser and attempt rule; reports how many attempts the game judges right.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError, printJson, progressBar, type Verb } from '../cli-kit';
import { DEFAULT_GISLR_DIR, DEFAULT_MODEL_DIR, backendOption, gameMatchDistance, intOption, listOption } from '../model/cli-options';
import { loadSamples, signersOf, type Sample } from '../model/dataset';
import { formatConfusion } from '../model/evaluate';
import { loadModelFromDir } from '../model/model';
import { HANDS_OUT_OF_VIEW_MS, playAttempts } from '../model/play';
import { WRONG_SIGN_PASSES, playWrongSigns, sampleKey, type SceneSteps, type WrongSignReport, type WrongSignTally } from '../model/wrong-signs';
import { loadSceneFiles } from '../data/scene-files';
import { acceptedGlosses } from '../../src/lib/scenes/types';
import { DEFAULT_TUNING, OFF_STEP_SIGNS, VET_AGAINST, type RecognizerTuning } from '../../src/lib/recognition/recognizer';
import { MATCH_NEAREST } from '../../src/lib/recognition/matcher';
import { initNodeBackend, tf } from '../model/tf-node';
import { DEFAULT_INTERVAL_MS, DEFAULT_WINDOW_MS, LONGEST_SIGN_READINGS, MIN_FRAMES, QUIET_READINGS_TO_DECIDE, WRONG_READINGS_FOR_MISS } from '../../src/lib/attempt/rule';
import { PACK_INDEX_FILE } from '../../src/lib/recording/pack';

const SIGNS_DIR = 'public/signs';
/** More signs than this and the text output lists the misjudged attempts instead of a confusion matrix. */
const CONFUSION_MAX_ROWS = 8;

const usage = `Usage: npm run signs -- play [--data <dir>] [options]

Plays every recording of --data as a learner's attempt in the game and reports how many
the game judges right: the game's recogniser (the model for the signs it knows, the
one-shot matcher over the sign packs' reference recordings for all of them, each verdict
of the model checked against the references) and its attempt rule (the last
${DEFAULT_WINDOW_MS / 1000} s judged every ${DEFAULT_INTERVAL_MS} ms; the matcher's reading of a target credits at once; the
classifier's waits until the sign is over (${QUIET_READINGS_TO_DECIDE} readings accepting nothing, or ${LONGEST_SIGN_READINGS} accepting one)
and credits unless a better classifier reading of another sign came during it; a miss when
the sign over was read best as another sign, ${WRONG_READINGS_FOR_MISS} times or more; the whole attempt judged
once more at its end; fewer than ${MIN_FRAMES} frames are never judged).
Every sign the recogniser knows is a candidate unless --candidates says otherwise. Each
attempt is played as a camera stream: ${HANDS_OUT_OF_VIEW_MS / 1000} s with the hands out of view, the recording,
then ${HANDS_OUT_OF_VIEW_MS / 1000} s with the hands lowered out of view.

--no-sign N also plays N attempts in which the learner does not make the sign asked for
(its own recording's sign): the no-sign windows of \`signs eval\` cut from the recordings
(hands held still at rest, the first or last 15-35 % of the sign (stopping partway), a
hand moving along a random path, hands out of view); it reports how many the game
credits as the sign.

--wrong-signs also plays every recording of --data and of the sign packs (not by the
model's training signers) as an attempt at each other sign's step (a sign the model was
trained on as "no sign" only at the matcher's steps), and reports the share the game
credits, for the classifier's signs and the matcher's apart: with the scenes' steps and
each scene's signs as candidates, with every glossary sign as a candidate, and with every
glossary sign but the one made (a sign the game does not know). An attempt's own recording is never among
the references (leave one out).

Skipped and counted: recordings by a signer the model was trained on, the reference
recordings themselves (unless --include-references), and signs nothing knows.

Options:
  --data <dir>             recordings to play (default: ${DEFAULT_GISLR_DIR})
  --model <dir>            model folder (default: ${DEFAULT_MODEL_DIR}); "none" for the matcher alone
  --references <dirs>      comma-separated sign packs (default: every pack in ${SIGNS_DIR})
  --include-references     also play the reference recordings, against themselves: this checks
                           that mirroring and speed change nothing, not recognition
  --candidates <K>         K random candidates per attempt, including the right one
  --mirror                 play every recording mirrored (signed with the other hand)
  --speed <x>              playback speed, e.g. 0.8 = 25 % slower (default: 1)
  --fps <n>                keep at most n frames a second, as on a machine where Holistic
                           keeps up with fewer camera frames (default: every recorded frame)
  --window <ms>            the attempt rule's sliding window (default: ${DEFAULT_WINDOW_MS})
  --no-sign <N>            also play N no-sign attempts (above), the kinds in turn
  --wrong-signs            also play every recording at every other sign's step (above)
  --wrong-sign-steps <glosses>  only the steps asking for one of these signs (e.g. hello,thankyou)
  --off-step-signs <m>     drop | count | read: the model's signs a step does not offer drop out of
                           the total the candidates' shares are taken of, keep their score in it, or
                           are read like candidates, so that a reading may name one (a miss after 4)
                           (default: ${DEFAULT_TUNING.offStepSigns}, the game's)
  --reference-gate <s>     a classifier verdict needs its sign's references to score s on the
                           matcher's scale (default: ${DEFAULT_TUNING.referenceGate}, the game's)
  --vet-against <w>        candidates | every-sign | matcher-signs: an accepted sign's references
                           must be nearer than the step's other candidates', than every sign's with
                           references, or (a classifier verdict) than those of every sign the
                           matcher alone judges
                           (default: ${DEFAULT_TUNING.vetAgainst}, the game's)
  --embedding-vet <m>      on | off: where the model ships its training recordings' embeddings, a
                           verdict for its sign needs the window nearer one of them than its other
                           signs' and than any reference take it is vetted against
                           (default: ${DEFAULT_TUNING.embeddingVet ? 'on' : 'off'}, the game's)
  --nearest <k>            the matcher scores a sign by the mean of its k nearest references
                           (default: ${MATCH_NEAREST}, the game's)
  --seed <n>               candidate draws and no-sign attempts (default: 1)
  --backend <name>         tensorflow | wasm | cpu
  --json                   one JSON line {"accuracy","n","skipped","per_class","confusion",
                           "no_sign","wrong_sign":{"n","credited","by_method","passes","credits"},...}`;

function packDirs(values: Record<string, unknown>): string[] {
  const listed = listOption(values, 'references');
  if (listed) return listed;
  return readdirSync(SIGNS_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(SIGNS_DIR, e.name, PACK_INDEX_FILE)))
    .map((e) => join(SIGNS_DIR, e.name))
    .sort();
}

/** Wrong-sign attempts: the recordings of the data and of the packs, once each, none by a training signer. */
function wrongSignAttempts(data: readonly Sample[], references: readonly Sample[], trained: ReadonlySet<string>): Sample[] {
  const seen = new Set<string>();
  return [...data, ...references].filter((s) => {
    const key = sampleKey(s);
    if (trained.has(s.signerId) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sceneSteps(): SceneSteps[] {
  return loadSceneFiles().scenes.map((scene) => ({
    id: scene.id,
    steps: scene.script.flatMap((step) => (step.kind === 'sign' ? [acceptedGlosses(step)] : [])),
    signs: Object.keys(scene.signs),
  }));
}

const pct = (v: number) => `${(100 * v).toFixed(2)} %`;
const tallyLine = (t: WrongSignTally) =>
  `${pct(t.credited)} of ${t.n} (classifier's signs ${pct(t.by_method.classifier.credited)} of ${t.by_method.classifier.n}, matcher's ${pct(t.by_method['one-shot'].credited)} of ${t.by_method['one-shot'].n})`;
/** The most frequent credits listed in the text output. */
const CREDITS_LISTED = 12;

function printWrongSigns(r: WrongSignReport): void {
  console.log(`  wrong-sign attempts credited: ${tallyLine(r)}`);
  for (const pass of WRONG_SIGN_PASSES) console.log(`    ${pass}: ${tallyLine(r.passes[pass])}`);
  if (r.credits.length) console.log(`    most credited (pass: played -> step): ${r.credits.slice(0, CREDITS_LISTED).map((c) => `${c.pass}: ${c.played} -> ${c.asked} ${c.count}`).join(', ')}`);
}

function scoreOption(values: Record<string, unknown>, name: 'reference-gate', fallback: number): number {
  const v = values[name];
  if (v === undefined) return fallback;
  const x = Number(v);
  if (!(x >= 0 && x <= 1)) throw new UsageError(`--${name} must be a score from 0 to 1, got "${String(v)}".\n\n${usage}`);
  return x;
}

/** A two-way option: `yes` or `no` given, else `fallback`. */
function switchOption(values: Record<string, unknown>, name: 'embedding-vet', [yes, no]: [string, string], fallback: boolean): boolean {
  const v = values[name];
  if (v === undefined) return fallback;
  if (v !== yes && v !== no) throw new UsageError(`--${name} must be ${yes} or ${no}, got "${String(v)}".\n\n${usage}`);
  return v === yes;
}

/** One of `choices`, else `fallback`. */
function choiceOption<T extends string>(values: Record<string, unknown>, name: 'vet-against' | 'off-step-signs', choices: readonly T[], fallback: T): T {
  const v = values[name];
  if (v === undefined) return fallback;
  const known = choices.find((c) => c === v);
  if (!known) throw new UsageError(`--${name} must be ${choices.join(', ')}, got "${String(v)}".\n\n${usage}`);
  return known;
}

function positiveOption(values: Record<string, unknown>, name: 'speed' | 'fps' | 'window', fallback: number): number {
  const v = values[name];
  if (v === undefined) return fallback;
  const x = Number(v);
  if (!(x > 0)) throw new UsageError(`--${name} must be a positive number, got "${String(v)}".\n\n${usage}`);
  return x;
}

export const verb: Verb = {
  name: 'play',
  summary: 'play recordings as attempts in the game and count what it judges right',
  usage,
  options: {
    data: { type: 'string' },
    model: { type: 'string' },
    references: { type: 'string' },
    'include-references': { type: 'boolean' },
    candidates: { type: 'string' },
    mirror: { type: 'boolean' },
    'no-sign': { type: 'string' },
    'wrong-signs': { type: 'boolean' },
    'reference-gate': { type: 'string' },
    'wrong-sign-steps': { type: 'string' },
    'off-step-signs': { type: 'string' },
    'vet-against': { type: 'string' },
    'embedding-vet': { type: 'string' },
    nearest: { type: 'string' },
    speed: { type: 'string' },
    fps: { type: 'string' },
    window: { type: 'string' },
    seed: { type: 'string' },
    backend: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }) {
    const dataDir = (values.data as string | undefined) ?? DEFAULT_GISLR_DIR;
    const modelDir = (values.model as string | undefined) ?? DEFAULT_MODEL_DIR;
    const speed = positiveOption(values, 'speed', 1);
    const fps = positiveOption(values, 'fps', Infinity);
    const windowMs = positiveOption(values, 'window', DEFAULT_WINDOW_MS);
    const backend = await initNodeBackend(backendOption(values, usage));
    console.error(`signs play: backend ${backend}`);
    const classifier = modelDir === 'none' ? null : await loadModelFromDir(tf, modelDir);
    const matchDistance = gameMatchDistance(modelDir === 'none' ? undefined : modelDir);
    const nearest = intOption(values, 'nearest', MATCH_NEAREST, usage);
    const tuning: RecognizerTuning = {
      referenceGate: scoreOption(values, 'reference-gate', DEFAULT_TUNING.referenceGate),
      offStepSigns: choiceOption(values, 'off-step-signs', OFF_STEP_SIGNS, DEFAULT_TUNING.offStepSigns),
      vetAgainst: choiceOption(values, 'vet-against', VET_AGAINST, DEFAULT_TUNING.vetAgainst),
      embeddingVet: switchOption(values, 'embedding-vet', ['on', 'off'], DEFAULT_TUNING.embeddingVet),
    };
    const references: Sample[] = [];
    for (const dir of packDirs(values)) references.push(...(await loadSamples(dir)));
    const referenceKeys = new Set(references.map((r) => `${r.signerId}/${r.id}`));
    const trained = new Set(classifier?.manifest.trainedSignerIds ?? []);
    const all = await loadSamples(dataDir);
    const attempts = all.filter((s) => !trained.has(s.signerId) && (values['include-references'] || !referenceKeys.has(`${s.signerId}/${s.id}`)));
    try {
      const report = await playAttempts(attempts, {
        classifier,
        references,
        matchDistance,
        nearest,
        tuning,
        candidates: values.candidates === undefined ? undefined : intOption(values, 'candidates', 0, usage),
        mirror: Boolean(values.mirror),
        noSign: intOption(values, 'no-sign', 0, usage),
        speed,
        fps,
        windowMs,
        seed: intOption(values, 'seed', 1, usage),
      });
      const skipped = all.length - report.n;
      const wrongSignPlayed = values['wrong-signs'] ? wrongSignAttempts(all, references, trained) : [];
      const wrongSign = values['wrong-signs'] ? await playWrongSigns(wrongSignPlayed, {
        classifier, references, matchDistance, nearest, tuning, scenes: sceneSteps(), steps: listOption(values, 'wrong-sign-steps'), mirror: Boolean(values.mirror), speed, fps,
        trainedAsNoSign: new Set(classifier?.manifest.otherSignsTrained ?? []),
        progress: progressBar('wrong signs', wrongSignPlayed.length),
      }) : undefined;
      if (values.json) {
        printJson({ ...report, skipped, mirror: Boolean(values.mirror), speed, fps: Number.isFinite(fps) ? fps : null, window_ms: windowMs, nearest, tuning, wrong_sign: wrongSign });
        return;
      }
      console.log(`played ${report.n} attempts by ${signersOf(attempts).length} signers (${skipped} recordings skipped), ${report.candidates} candidates each${values.mirror ? ', mirrored' : ''}${speed !== 1 ? `, at ${speed}x speed` : ''}${Number.isFinite(fps) ? `, at most ${fps} frames a second` : ''}${windowMs !== DEFAULT_WINDOW_MS ? `, a ${windowMs} ms window` : ''}`);
      console.log(`  judged right: ${report.accuracy.toFixed(4)}`);
      if (report.no_sign) {
        const byKind = Object.entries(report.no_sign.credited_by_kind).map(([kind, v]) => `${kind} ${v.toFixed(3)}`).join(', ');
        console.log(`  no-sign attempts credited as the sign asked for: ${report.no_sign.credited.toFixed(4)} of ${report.no_sign.n} (${byKind})`);
      }
      if (wrongSign) printWrongSigns(wrongSign);
      const { rows, columns, counts } = report.confusion;
      if (rows.length <= CONFUSION_MAX_ROWS) {
        const used = columns.filter((_, j) => counts.some((row) => row[j] > 0));
        console.log(formatConfusion({ rows, columns: used, counts: counts.map((row) => used.map((c) => row[columns.indexOf(c)])) }).replace(/^/gm, '  '));
        return;
      }
      const wrong = rows.flatMap((r, i) => columns.flatMap((c, j) => (c !== r && counts[i][j] ? [`  ${r} -> ${c}: ${counts[i][j]}`] : [])));
      console.log(wrong.length ? `  misjudged (played -> ended on):\n${wrong.join('\n')}` : '  no attempt misjudged');
    } finally {
      classifier?.dispose();
    }
  },
};
