/**
 * `signs validate`: checks the files a teacher or researcher brings (a scene folder or
 * `.signscene` file, the glossary, a sign pack, a recording, a model folder, a progress export) with the same
 * schemas the game loads them with, plus what only holds across files (a pack's index
 * against its recordings, a model's labels against its outputs), and lists every problem.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileProblemError, type FileProblem } from '../../src/lib/files/problems';
import { RECORDING_EXTENSION } from '../../src/lib/recording/format';
import { PACK_FORMAT, PACK_INDEX_FILE, type PackIndex } from '../../src/lib/recording/pack';
import { checkModelOutputs, MODEL_FILE, MODEL_MANIFEST_FILE, MODEL_MANIFEST_FORMAT } from '../../src/lib/recognition/manifest';
import { modelOutputSizes, weightBytes } from '../../src/lib/recognition/model-json';
import { signEmbeddingsSizeProblem } from '../../src/lib/recognition/sign-embeddings';
import { readModelJson, readManifest } from '../model/model';
import { EXPORT_FORMAT, parseProgressExport, ProgressImportError } from '../../src/lib/progress/export-schema';
import { loadScenes, type SceneSources } from '../../src/lib/scenes/loader';
import { parseGlossaryFile, parseScene, SceneError } from '../../src/lib/scenes/validate';
import { checkSceneBundle, checkSceneSize, decodeSignscene, SIGNSCENE_EXTENSION } from '../../src/lib/scenes/bundle';
import { readPackIndexFile, readRecordingFile } from './recording-io';
import { readJsonOr, readTextOr } from './read-file';

export type FileKind = 'scenes' | 'scene' | 'signscene' | 'glossary' | 'pack' | 'recording' | 'model' | 'progress';

export interface Validation {
  path: string;
  /** What the path was checked as; undefined when it is none of the kinds. */
  kind?: FileKind;
  /** One line on what was checked, e.g. "40 recordings". */
  summary: string;
  problems: FileProblem[];
}

/** The shared glossary of this checkout, against which a lone scene folder is checked. */
export const DEFAULT_GLOSSARY = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/scenes/signs.yaml');
const SCENE_FILE = 'scene.yaml';
const GLOSSARY_FILE = 'signs.yaml';

export interface ValidateOptions {
  /** The glossary a scene folder's glosses are looked up in (default: this checkout's src/scenes/signs.yaml). */
  glossary?: string;
}

/** Runs `check`, turning the FileProblemErrors it throws into problems; other errors are bugs and propagate. */
function collect(problems: FileProblem[], check: () => void): boolean {
  try {
    check();
    return true;
  } catch (e) {
    if (!(e instanceof FileProblemError)) throw e;
    problems.push(...e.problems);
    return false;
  }
}

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

/** The kind of `path`, from its name or, for a JSON file, its `format`. */
function kindOf(path: string): FileKind | undefined {
  if (isDir(path)) {
    if (existsSync(join(path, SCENE_FILE))) return 'scene';
    if (existsSync(join(path, GLOSSARY_FILE))) return 'scenes';
    if (existsSync(join(path, MODEL_MANIFEST_FILE))) return 'model';
    if (existsSync(join(path, PACK_INDEX_FILE))) return 'pack';
    return undefined;
  }
  if (basename(path) === SCENE_FILE) return 'scene';
  if (extname(path) === SIGNSCENE_EXTENSION) return 'signscene';
  if (['.yaml', '.yml'].includes(extname(path))) return 'glossary';
  if (extname(path) === RECORDING_EXTENSION) return 'recording';
  if (basename(path) === PACK_INDEX_FILE) return 'pack';
  if (basename(path) === MODEL_MANIFEST_FILE) return 'model';
  if (extname(path) === '.json' && existsSync(path)) {
    let format: unknown;
    collect([], () => (format = (readJsonOr(path, FileProblemError) as { format?: unknown } | null)?.format));
    if (format === PACK_FORMAT) return 'pack';
    if (format === MODEL_MANIFEST_FORMAT) return 'model';
    if (format === EXPORT_FORMAT) return 'progress';
  }
  return undefined;
}

/** Art of a scene folder as the bundler sees it: its SVG files. */
function sceneArt(dir: string): SceneSources['art'] {
  return Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.svg')).map((f) => [join(dir, f), join(dir, f)]));
}

function validateScene(dir: string, glossaryFile: string, problems: FileProblem[]): string {
  const file = join(dir, SCENE_FILE);
  let glossary = {};
  if (!collect(problems, () => (glossary = parseGlossaryFile(readTextOr(glossaryFile, SceneError), glossaryFile)))) return 'the glossary has problems';
  const art = sceneArt(dir);
  let steps = 0;
  collect(problems, () => {
    steps = parseScene({ file, yaml: readTextOr(file, SceneError), art: (name) => art[join(dir, name)] }, glossary).script.length;
  });
  return `${steps} steps, glosses from ${glossaryFile}`;
}

function validateScenes(dir: string, problems: FileProblem[]): string {
  const folders = readdirSync(dir).filter((f) => existsSync(join(dir, f, SCENE_FILE)));
  const glossaryFile = join(dir, GLOSSARY_FILE);
  collect(problems, () => problems.push(...loadScenes({
    glossary: { file: glossaryFile, yaml: readTextOr(glossaryFile, SceneError) },
    scenes: Object.fromEntries(folders.map((f) => [join(dir, f, SCENE_FILE), readTextOr(join(dir, f, SCENE_FILE), SceneError)])),
    art: Object.assign({}, ...folders.map((f) => sceneArt(join(dir, f)))),
  }).problems));
  return `the glossary and ${folders.length} scenes`;
}

/** A `.signscene` file as the game's "Load a scene" reads it, against the glossary. */
function validateSignscene(path: string, glossaryFile: string, problems: FileProblem[]): string {
  let glossary = {};
  if (!collect(problems, () => (glossary = parseGlossaryFile(readTextOr(glossaryFile, SceneError), glossaryFile)))) return 'the glossary has problems';
  let steps = 0;
  collect(problems, () => {
    checkSceneSize(statSync(path).size, path);
    steps = checkSceneBundle(decodeSignscene(readFileSync(path), path), { glossary, glossSources: glossaryFile, takenIds: new Map() }).script.length;
  });
  return `${steps} steps, glosses from ${glossaryFile}`;
}

function validatePack(dir: string, problems: FileProblem[]): string {
  const indexFile = join(dir, PACK_INDEX_FILE);
  let index: PackIndex | undefined;
  collect(problems, () => (index = readPackIndexFile(dir)));
  if (!index) return 'index.json has problems';
  index.recordings.forEach((entry, i) => {
    collect(problems, () => {
      const recording = readRecordingFile(join(dir, entry.file));
      const mismatch = (field: string, listed: unknown, actual: unknown) =>
        problems.push({ file: indexFile, field: `recordings[${i}].${field}`, message: `is ${JSON.stringify(listed)}, but ${entry.file} has ${JSON.stringify(actual)} (run signs pack again to rebuild the index)` });
      if (entry.gloss !== recording.meta.gloss) mismatch('gloss', entry.gloss, recording.meta.gloss);
      if (entry.frameCount !== recording.frames.length) mismatch('frameCount', entry.frameCount, recording.frames.length);
      if (entry.signerId !== recording.meta.signerId) mismatch('signerId', entry.signerId, recording.meta.signerId);
    });
  });
  return `${index.recordings.length} recordings`;
}

function validateModel(dir: string, problems: FileProblem[]): string {
  const manifestFile = join(dir, MODEL_MANIFEST_FILE);
  const modelFile = join(dir, MODEL_FILE);
  let summary = 'the manifest or model.json has problems';
  collect(problems, () => {
    const manifest = readManifest(dir);
    const parsed = readModelJson(dir);
    const model = parsed.json;
    // A graph model's output sizes are in its GraphDef's ops, not stated: they are checked when it loads.
    if (parsed.kind === 'layers') collect(problems, () => checkModelOutputs(manifest, modelOutputSizes(parsed.json), manifestFile));
    const paths = model.weightsManifest.flatMap((g) => g.paths);
    const missing = paths.filter((p) => !existsSync(join(dir, p)));
    for (const p of missing) problems.push({ file: modelFile, field: 'weightsManifest', message: `names ${p}, which is not in the model folder (copy the weight files beside model.json)` });
    if (!missing.length) {
      const stored = paths.reduce((n, p) => n + statSync(join(dir, p)).size, 0);
      const expected = weightBytes(model);
      if (stored !== expected) {
        problems.push({ file: modelFile, field: 'weightsManifest', message: `describes ${expected} bytes of weights, but ${paths.join(', ')} ${paths.length === 1 ? 'holds' : 'hold'} ${stored} (save the model again; its files are from different runs)` });
      }
    }
    const embeddings = manifest.signEmbeddings;
    if (embeddings) {
      const file = join(dir, embeddings.file);
      const problem = existsSync(file) ? signEmbeddingsSizeProblem(manifest, statSync(file).size) : 'is not in the model folder (run signs embed)';
      if (problem) problems.push({ file, field: '', message: problem });
    }
    summary = `${manifest.labels.length} labels, ${paths.length} weight file${paths.length === 1 ? '' : 's'}${embeddings ? ', sign embeddings' : ''}`;
  });
  return summary;
}

/** Checks one path; never throws for a bad file, only lists its problems. */
export function validatePath(path: string, options: ValidateOptions = {}): Validation {
  const problems: FileProblem[] = [];
  const kind = kindOf(path);
  const result = (summary: string): Validation => ({ path, kind, summary, problems });
  switch (kind) {
    case 'scene':
      return result(validateScene(isDir(path) ? path : dirname(path), options.glossary ?? DEFAULT_GLOSSARY, problems));
    case 'scenes':
      return result(validateScenes(path, problems));
    case 'signscene':
      return result(validateSignscene(path, options.glossary ?? DEFAULT_GLOSSARY, problems));
    case 'glossary': {
      let signs = 0;
      collect(problems, () => (signs = Object.keys(parseGlossaryFile(readTextOr(path, SceneError), path)).length));
      return result(`${signs} signs`);
    }
    case 'pack':
      return result(validatePack(isDir(path) ? path : dirname(path), problems));
    case 'model':
      return result(validateModel(isDir(path) ? path : dirname(path), problems));
    case 'recording': {
      let frames = 0;
      collect(problems, () => (frames = readRecordingFile(path).frames.length));
      return result(`${frames} frames`);
    }
    case 'progress': {
      let counts = '';
      collect(problems, () => {
        const { scenes, signs } = parseProgressExport(readTextOr(path, ProgressImportError), path);
        counts = `${Object.keys(scenes).length} scenes, ${Object.keys(signs).length} signs`;
      });
      return result(counts);
    }
    case undefined:
      problems.push({
        file: path, field: '',
        message: existsSync(path)
          ? 'is none of the files signs validate knows (give a scene folder or scene.yaml, a .signscene file, the scenes folder, a glossary .yaml, a sign pack folder, a .signrec recording, a model folder, or a progress export .json)'
          : 'does not exist (check the path)',
      });
      return result('not checked');
  }
}
