/**
 * `signs match`: one-shot recognition, measured. Every test recording is judged among the
 * reference glosses (or K random candidates including the right one) by its nearest
 * reference recording, as the game's matcher does for signs the classifier lacks.
 */
import { UsageError, printJson, type Verb } from '../cli-kit';
import { DEFAULT_GISLR_DIR, DEFAULT_MODEL_DIR, backendOption, gameMatchDistance, intOption, listOption } from '../model/cli-options';
import { GISLR_REFERENCE_SIGNERS } from '../data/reference-signers';
import { HELD_OUT_SIGNERS, loadSamples, signersOf, type Sample } from '../model/dataset';
import { formatConfusion } from '../model/evaluate';
import { loadModelFromDir } from '../model/model';
import { calibrateOneShot, evaluateOneShot, pickReferenceSigners, ONE_SHOT_REFERENCE_SIGNERS, type Calibration, type MatchMethod } from '../model/one-shot';
import { initNodeBackend, tf } from '../model/tf-node';
import { MATCH_NEAREST } from '../../src/lib/recognition/matcher';
import { createRng } from '../model/rng';

const usage = `Usage: npm run signs -- match [--references <dir>] [--data <dir>] [options]

One-shot classification of every recording in --data among the glosses of --references.
When both are the same folder, references are the recordings of the game's GISLR
reference signers (${GISLR_REFERENCE_SIGNERS.join(', ')}, those of public/signs/gislr-hello-thankyou)
when the folder holds them, else of the first ${ONE_SHOT_REFERENCE_SIGNERS} signers by id, and tests
those of all the others. --data defaults to --references, --references to
${DEFAULT_GISLR_DIR}.

--reference-signers and --test-signers choose the signers instead (same folder only), e.g.
references from 1, 2 or 3 training signers and the held-out signers as tests; --calibrate
then sets the match distance on the remaining signers (neither references nor tests),
references drawn from as many signers with as many takes as the run's own.

Options:
  --references <dir>  reference recordings (any layout signs train reads)
  --data <dir>        test recordings
  --reference-signers <ids>  comma-separated signers whose recordings are the references
  --takes <T>         at most T recordings per reference signer and sign (default: all)
  --test-signers <ids>  comma-separated test signers, or "held-out" (${HELD_OUT_SIGNERS.join(', ')});
                      default: every signer that is not a reference signer
  --nearest <k>       a sign's distance is the mean of its k nearest references (default: ${MATCH_NEAREST})
  --calibrate         calibrate the match distance (above) instead of the model's
  --candidates <K>    judge among K random candidates including the right one
                      (default: all reference glosses)
  --method <m>        dtw (default; what the game's matcher does) | embedding (needs --model)
  --model <dir>       model folder: its embedding (--method embedding) and calibrated match distance
                      (default: ${DEFAULT_MODEL_DIR}'s match distance, the game's)
  --seed <n>          candidate draws (default: 1)
  --backend <name>    tensorflow | wasm | cpu
  --json              one JSON line, with every test recording's verdict and distances
                      ("recordings") and the figures per test signer ("per_signer")`;

/** Test draws for --calibrate (each gives a same-sign, an other-sign and a no-sign distance). */
const CALIBRATION_DRAWS = 600;

/** At most `takes` recordings of each signer and sign, the first by id: a fixed choice every run repeats. */
function firstTakes(samples: readonly Sample[], takes: number): Sample[] {
  const count = new Map<string, number>();
  return [...samples].sort((a, b) => a.id.localeCompare(b.id)).filter((s) => {
    const key = `${s.signerId}/${s.gloss}`;
    count.set(key, (count.get(key) ?? 0) + 1);
    return count.get(key)! <= takes;
  });
}

function countsPerSignerAndSign(samples: readonly Sample[]): number[] {
  const count = new Map<string, number>();
  for (const s of samples) count.set(`${s.signerId}/${s.gloss}`, (count.get(`${s.signerId}/${s.gloss}`) ?? 0) + 1);
  return [...count.values()];
}

export const verb: Verb = {
  name: 'match',
  summary: 'measure one-shot recognition against reference recordings',
  usage,
  options: {
    references: { type: 'string' },
    data: { type: 'string' },
    candidates: { type: 'string' },
    method: { type: 'string' },
    model: { type: 'string' },
    'reference-signers': { type: 'string' },
    takes: { type: 'string' },
    'test-signers': { type: 'string' },
    nearest: { type: 'string' },
    calibrate: { type: 'boolean' },
    seed: { type: 'string' },
    backend: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }) {
    const refDir = (values.references as string | undefined) ?? DEFAULT_GISLR_DIR;
    const dataDir = (values.data as string | undefined) ?? refDir;
    const method = ((values.method as string | undefined) ?? 'dtw') as MatchMethod;
    if (method !== 'dtw' && method !== 'embedding') throw new UsageError(`--method must be dtw or embedding.\n\n${usage}`);
    const modelDir = values.model as string | undefined;
    const all = await loadSamples(refDir);
    let references = all;
    let tests = refDir === dataDir ? all : await loadSamples(dataDir);
    const chosenRefs = listOption(values, 'reference-signers');
    const chosenTests = listOption(values, 'test-signers');
    if ((chosenRefs || chosenTests || values.calibrate) && refDir !== dataDir) throw new UsageError(`--reference-signers, --test-signers and --calibrate need --references and --data to be one folder.\n\n${usage}`);
    if (refDir === dataDir) {
      const refSigners = new Set(chosenRefs ?? pickReferenceSigners(all, ONE_SHOT_REFERENCE_SIGNERS));
      const testSigners = chosenTests?.[0] === 'held-out' ? HELD_OUT_SIGNERS : chosenTests;
      tests = all.filter((s) => !refSigners.has(s.signerId) && (!testSigners || testSigners.includes(s.signerId)));
      references = all.filter((s) => refSigners.has(s.signerId));
    }
    const takes = values.takes === undefined ? Infinity : intOption(values, 'takes', 1, usage);
    references = firstTakes(references, takes);
    const nearest = values.nearest === undefined ? MATCH_NEAREST : intOption(values, 'nearest', MATCH_NEAREST, usage);
    const seed = intOption(values, 'seed', 1, usage);
    let calibration: Calibration | undefined;
    if (values.calibrate) {
      const used = new Set([...references, ...tests].map((s) => s.signerId));
      calibration = calibrateOneShot(all.filter((s) => !used.has(s.signerId)), {
        referenceSigners: signersOf(references).length, takes: Number.isFinite(takes) ? takes : Math.max(...countsPerSignerAndSign(references)), nearest, draws: CALIBRATION_DRAWS,
      }, createRng(seed));
    }
    let classifier;
    if (modelDir) {
      const backend = await initNodeBackend(backendOption(values, usage));
      console.error(`signs match: backend ${backend}`);
      classifier = await loadModelFromDir(tf, modelDir);
    }
    const candidates = values.candidates === undefined ? undefined : intOption(values, 'candidates', 0, usage);
    const report = await evaluateOneShot(references, tests, {
      method,
      candidates,
      classifier,
      matchDistance: calibration?.distance ?? gameMatchDistance(modelDir),
      nearest,
      seed,
    });
    classifier?.dispose();
    if (values.json) {
      printJson({ ...report, calibration });
      return;
    }
    console.log(`one-shot (${method}): accuracy ${report.accuracy.toFixed(4)} on ${report.n} recordings of ${signersOf(tests).length} signers, ${report.candidates} candidates`);
    console.log(`  references: ${report.references} recordings of signers ${report.referenceSigners.join(', ')}`);
    if (calibration) console.log(`  match distance ${calibration.distance.toFixed(4)}, calibrated on ${calibration.draws} draws of the other signers (balanced error ${calibration.error.toFixed(4)}; against other signs' references it would be ${calibration.distanceOtherSign.toFixed(4)}, error ${calibration.errorOtherSign.toFixed(4)})`);
    if (report.false_accept !== undefined) {
      console.log(`  accepted as right: ${report.accepted_correct?.toFixed(4)}, as another sign: ${report.accepted_wrong?.toFixed(4)}, as another sign when its own is no candidate: ${report.unknown_accepted?.toFixed(4)}, no-sign false accepts: ${report.false_accept.toFixed(4)}`);
    }
    console.log(formatConfusion(report.confusion).replace(/^/gm, '  '));
  },
};
