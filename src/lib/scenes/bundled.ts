/** The scenes shipped in src/scenes/, bundled by Vite: adding a folder there adds a scene. */
import { loadScenes, type MoreScenes, type SceneLibrary, type SceneSources } from './loader';
import { SHIPPED_GLOSSARY } from './validate';

const sceneYaml = import.meta.glob<string>('/src/scenes/*/scene.yaml', { query: '?raw', import: 'default', eager: true });
const glossaryYaml = import.meta.glob<string>('/src/scenes/signs.yaml', { query: '?raw', import: 'default', eager: true });
const artUrls = import.meta.glob<string>('/src/scenes/*/*.svg', { query: '?url', import: 'default', eager: true });

/** Glob keys start with "/"; messages name files relative to the project. */
function relative<T>(files: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k.replace(/^\//, ''), v]));
}

export const BUNDLED_SCENES: SceneSources = {
  glossary: { file: SHIPPED_GLOSSARY, yaml: glossaryYaml['/' + SHIPPED_GLOSSARY] ?? '' },
  scenes: relative(sceneYaml),
  art: relative(artUrls),
};

/** The shipped scenes, and `more` (the scenes loaded in this browser) after them. */
export function loadBundledScenes(more?: MoreScenes): SceneLibrary {
  return loadScenes(BUNDLED_SCENES, more);
}
