/**
 * Loads every scene folder (src/scenes/<name>/scene.yaml + its SVG art) and the shared
 * glossary (src/scenes/signs.yaml). Vite bundles the files (see bundled.ts); this part
 * only needs their text and URLs, so tests can feed it files directly.
 */
import type { FileProblem } from '../files/problems';
import { checkSceneSet, parseGlossaryFile, parseScene, SceneError } from './validate';
import type { Glossary, Scene } from './types';

export interface SceneSources {
  glossary: { file: string; yaml: string };
  /** scene.yaml files by path, e.g. `src/scenes/hotel/scene.yaml`. */
  scenes: Record<string, string>;
  /** Art file URLs by path, e.g. `src/scenes/hotel/background.svg`. */
  art: Record<string, string>;
}

export interface SceneLibrary {
  scenes: Scene[];
  glossary: Glossary;
}

function folderOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1);
}

/** Validates every file; throws one SceneError listing the problems of all files. */
export function loadScenes(sources: SceneSources): SceneLibrary {
  const glossary = parseGlossaryFile(sources.glossary.yaml, sources.glossary.file);
  const problems: FileProblem[] = [];
  const scenes: Scene[] = [];
  for (const [file, yaml] of Object.entries(sources.scenes).sort(([a], [b]) => a.localeCompare(b))) {
    const folder = folderOf(file);
    try {
      scenes.push(parseScene({ file, yaml, art: (name) => sources.art[folder + name] }, glossary));
    } catch (e) {
      if (!(e instanceof SceneError)) throw e;
      problems.push(...e.problems);
    }
  }
  if (problems.length) throw new SceneError(problems[0].file, problems);
  checkSceneSet(scenes);
  scenes.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  return { scenes, glossary };
}
