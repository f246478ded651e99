/**
 * Loads every scene folder (src/scenes/<name>/scene.yaml + its SVG art) and the shared
 * glossary (src/scenes/signs.yaml), plus the scenes loaded in this browser. Vite bundles
 * the files (see bundled.ts); this part only needs their text and URLs, so tests can feed
 * it files directly. A broken scene never takes the others down: the library holds every
 * good scene and every problem of every file.
 */
import type { FileProblem } from '../files/problems';
import { idTaken, parseGlossaryFile, parseScene, SceneError, type SceneFiles } from './validate';
import type { Glossary, Scene } from './types';

export interface SceneSources {
  glossary: { file: string; yaml: string };
  /** scene.yaml files by path, e.g. `src/scenes/hotel/scene.yaml`. */
  scenes: Record<string, string>;
  /** Art file URLs by path, e.g. `src/scenes/hotel/background.svg`. */
  art: Record<string, string>;
}

/** Scenes from outside the build, and the signs beyond the shipped glossary that scenes may name. */
export interface MoreScenes {
  /** Checked after the bundled scenes: one whose id is taken is refused. */
  files: readonly SceneFiles[];
  /** The glossary scenes are checked against, from the shipped one (e.g. with the local packs' signs). */
  signs: (shipped: Glossary) => Glossary;
  /** Where those signs are looked up, as an unknown gloss's message names it. */
  glossSources: string;
  /** The sign packs a scene's own signs may take their reference from, from the shipped glossary. */
  packs: (shipped: Glossary) => ReadonlySet<string>;
}

export interface SceneLibrary {
  /** The good scenes, in list order. */
  scenes: Scene[];
  /** The shipped glossary. */
  glossary: Glossary;
  /** Every problem of every file; empty when all are good. */
  problems: FileProblem[];
}

function folderOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1);
}

function bundledFiles(sources: SceneSources): SceneFiles[] {
  return Object.entries(sources.scenes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, yaml]) => ({ file, yaml, art: (name: string) => sources.art[folderOf(file) + name] }));
}

/** Validates every file; a file's problems are listed, never thrown, so the other scenes stay playable. */
export function loadScenes(sources: SceneSources, more?: MoreScenes): SceneLibrary {
  let shipped: Glossary;
  try {
    shipped = parseGlossaryFile(sources.glossary.yaml, sources.glossary.file);
  } catch (e) {
    if (!(e instanceof SceneError)) throw e;
    // Without the glossary no gloss can be checked: its problems come first, unmixed with the unknown glosses they would cause.
    return { scenes: [], glossary: {}, problems: [...e.problems] };
  }
  const glossary = more ? more.signs(shipped) : shipped;
  const glossSources = more?.glossSources ?? sources.glossary.file;
  const packs = more?.packs(shipped);
  const problems: FileProblem[] = [];
  const scenes: Scene[] = [];
  const idsUsed = new Map<string, string>();
  for (const files of [...bundledFiles(sources), ...(more?.files ?? [])]) {
    try {
      const scene = parseScene(files, glossary, glossSources, packs);
      const other = idsUsed.get(scene.id);
      if (other) problems.push({ file: scene.file, ...idTaken(scene.id, other) });
      else {
        idsUsed.set(scene.id, scene.file);
        scenes.push(scene);
      }
    } catch (e) {
      if (!(e instanceof SceneError)) throw e;
      problems.push(...e.problems);
    }
  }
  scenes.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  return { scenes, glossary: shipped, problems };
}
