/**
 * `signs match`: one-shot recognition, measured. Every test recording is judged among the
 * reference glosses (or K random candidates including the right one) by its nearest
 * reference recording, as the game's matcher does for signs the classifier lacks.
 */
import { UsageError, printJson, type Verb } from '../cli-kit';
import { DEFAULT_GISLR_DIR, backendOption, intOption } from '../model/cli-options';
import { GISLR_REFERENCE_SIGNERS } from '../data/reference-signers';
import { loadSamples, signersOf } from '../model/dataset';
import { formatConfusion } from '../model/evaluate';
import { loadModelFromDir, readManifest } from '../model/model';
import { evaluateOneShot, pickReferenceSigners, ONE_SHOT_REFERENCE_SIGNERS, type MatchMethod } from '../model/one-shot';
import { initNodeBackend, tf } from '../model/tf-node';
import { DEFAULT_MATCH_DISTANCE } from '../../src/lib/recognition/matcher';

const usage = `Usage: npm run signs -- match [--references <dir>] [--data <dir>] [options]

One-shot classification of every recording in --data among the glosses of --references.
When both are the same folder, references are the recordings of the game's GISLR
reference signers (${GISLR_REFERENCE_SIGNERS.join(', ')}, those of public/signs/gislr-hello-thankyou)
when the folder holds them, else of the first ${ONE_SHOT_REFERENCE_SIGNERS} signers by id, and tests
those of all the others. --data defaults to --references, --references to
${DEFAULT_GISLR_DIR}.

Options:
  --references <dir>  reference recordings (any layout signs train reads)
  --data <dir>        test recordings
  --candidates <K>    judge among K random candidates including the right one
                      (default: all reference glosses)
  --method <m>        dtw (default; what the game's matcher does) | embedding (needs --model)
  --model <dir>       model folder: its embedding (--method embedding) and calibrated match distance
  --seed <n>          candidate draws (default: 1)
  --backend <name>    tensorflow | wasm | cpu
  --json              one JSON line`;

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
    let references = await loadSamples(refDir);
    let tests = refDir === dataDir ? references : await loadSamples(dataDir);
    if (refDir === dataDir) {
      const refSigners = new Set(pickReferenceSigners(references, ONE_SHOT_REFERENCE_SIGNERS));
      tests = references.filter((s) => !refSigners.has(s.signerId));
      references = references.filter((s) => refSigners.has(s.signerId));
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
      matchDistance: modelDir ? readManifest(modelDir).thresholds.matchDistance : DEFAULT_MATCH_DISTANCE,
      seed: intOption(values, 'seed', 1, usage),
    });
    classifier?.dispose();
    if (values.json) {
      printJson(report);
      return;
    }
    console.log(`one-shot (${method}): accuracy ${report.accuracy.toFixed(4)} on ${report.n} recordings of ${signersOf(tests).length} signers, ${report.candidates} candidates`);
    console.log(`  references: ${report.references} recordings of signers ${report.referenceSigners.join(', ')}`);
    if (report.false_accept !== undefined) console.log(`  accepted as right: ${report.accepted_correct?.toFixed(4)}, no-sign false accepts: ${report.false_accept.toFixed(4)}`);
    console.log(formatConfusion(report.confusion).replace(/^/gm, '  '));
  },
};
