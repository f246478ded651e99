/**
 * `signs embed`: writes a model folder's sign embeddings (every recording of its training
 * signers, through the model), which the game's recogniser checks verdicts against. `signs
 * train` writes them itself; this is for a model trained before, or on other data.
 */
import { printJson, UsageError, type Verb } from '../cli-kit';
import { backendOption, DEFAULT_GISLR_DIR, DEFAULT_MODEL_DIR } from '../model/cli-options';
import { loadSamples } from '../model/dataset';
import { loadModelFromDir } from '../model/model';
import { embedSignRecordings, writeSignEmbeddings } from '../model/sign-embeddings';
import { initNodeBackend, tf } from '../model/tf-node';
import { SIGN_EMBEDDINGS_FILE } from '../../src/lib/recognition/sign-embeddings';

const usage = `Usage: npm run signs -- embed [options]

Writes <model>/${SIGN_EMBEDDINGS_FILE}: the model's embedding of every recording of its own
signs by the signers it was trained on (the manifest's trainedSignerIds), and names it in
the manifest (signEmbeddings). The game then credits one of the model's signs only when the
attempt is nearer those recordings than its other signs' and than any other sign's
reference take.

Options:
  --model <dir>     the model folder (default: ${DEFAULT_MODEL_DIR})
  --data <dir>      the recordings it was trained on: GISLR int16 pack, Kaggle GISLR parquet
                    folder, sign pack or .signrec folder (default: ${DEFAULT_GISLR_DIR})
  --backend <name>  tensorflow | wasm | cpu (default: the fastest available)
  --json            one JSON line: {"model","counts"}`;

export const verb: Verb = {
  name: 'embed',
  summary: 'write a model\'s sign embeddings (its training signers\' recordings) beside it',
  usage,
  options: {
    model: { type: 'string' },
    data: { type: 'string' },
    backend: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }) {
    const modelDir = (values.model as string | undefined) ?? DEFAULT_MODEL_DIR;
    const dataDir = (values.data as string | undefined) ?? DEFAULT_GISLR_DIR;
    await initNodeBackend(backendOption(values, usage));
    const classifier = await loadModelFromDir(tf, modelDir);
    const signers = new Set(classifier.manifest.trainedSignerIds);
    if (!signers.size) throw new UsageError(`${modelDir}: its manifest lists no trainedSignerIds, so its training recordings cannot be told apart.`);
    const samples = (await loadSamples(dataDir)).filter((s) => signers.has(s.signerId));
    try {
      const manifest = writeSignEmbeddings(modelDir, await embedSignRecordings(classifier, samples));
      const counts = manifest.signEmbeddings!.counts;
      console.error(`signs embed: ${Object.entries(counts).map(([g, n]) => `${g} ${n}`).join(', ')} recordings of ${signers.size} signers, into ${modelDir}`);
      if (values.json) printJson({ model: modelDir, counts });
    } finally {
      classifier.dispose();
    }
  },
};
