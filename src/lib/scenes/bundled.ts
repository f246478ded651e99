/** The scenes shipped in src/scenes/, bundled by Vite: adding a folder there adds a scene. */
import { loadScenes, type SceneLibrary } from './loader';

const GLOSSARY_FILE = 'src/scenes/signs.yaml';

const sceneYaml = import.meta.glob<string>('/src/scenes/*/scene.yaml', { query: '?raw', import: 'default', eager: true });
const glossaryYaml = import.meta.glob<string>('/src/scenes/signs.yaml', { query: '?raw', import: 'default', eager: true });
const artUrls = import.meta.glob<string>('/src/scenes/*/*.svg', { query: '?url', import: 'default', eager: true });

/** Glob keys start with "/"; messages name files relative to the project. */
function relative<T>(files: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k.replace(/^\//, ''), v]));
}

export function loadBundledScenes(): SceneLibrary {
  return loadScenes({
    glossary: { file: GLOSSARY_FILE, yaml: glossaryYaml['/' + GLOSSARY_FILE] ?? '' },
    scenes: relative(sceneYaml),
    art: relative(artUrls),
  });
}
