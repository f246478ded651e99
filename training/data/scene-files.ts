/**
 * The game's scenes read from src/scenes/ on disk, with the app's own loader and checks
 * (src/lib/scenes/loader.ts), so the command line plays the steps the game plays.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenes, type SceneLibrary } from '../../src/lib/scenes/loader';
import { SceneError } from '../../src/lib/scenes/validate';

export const SCENES_DIR = 'src/scenes';
const GLOSSARY_FILE = 'signs.yaml';
const SCENE_FILE = 'scene.yaml';

export function loadSceneFiles(dir: string = SCENES_DIR): SceneLibrary {
  const folders = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && existsSync(join(dir, e.name, SCENE_FILE)));
  const scenes: Record<string, string> = {};
  const art: Record<string, string> = {};
  for (const folder of folders) {
    const base = join(dir, folder.name);
    scenes[join(base, SCENE_FILE)] = readFileSync(join(base, SCENE_FILE), 'utf8');
    for (const file of readdirSync(base)) if (file.endsWith('.svg')) art[join(base, file)] = join(base, file);
  }
  const glossaryFile = join(dir, GLOSSARY_FILE);
  const library = loadScenes({ glossary: { file: glossaryFile, yaml: readFileSync(glossaryFile, 'utf8') }, scenes, art });
  // The game plays on without a broken scene; a measurement must not: it stops, naming every problem.
  if (library.problems.length) throw new SceneError(library.problems[0].file, library.problems);
  return library;
}
