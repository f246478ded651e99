/**
 * A scene from outside the build: a folder (scene.yaml and its SVG pictures) picked or
 * dropped in the browser, or one `.signscene` file, a UTF-8 JSON document holding the text
 * of scene.yaml and of each picture (no zip, so no dependency, as for `.signpack`). It is
 * checked with the bundled scenes' own rules and messages (parseScene). Its pictures are
 * shown as <img> (or CSS backgrounds) from blob: URLs, never put into the page's DOM, so a
 * scene file cannot run script.
 */
import * as v from 'valibot';
import { readBundleJson, checkBundleSize, type JsonBundleKind } from '../files/json-bundle';
import { parseFile, type FileProblem } from '../files/problems';
import { isFileName } from '../files/paths';
import { idTaken, parseScene, SceneError, SHIPPED_GLOSSARY, type SceneFiles } from './validate';
import type { Glossary, Scene } from './types';

export const SIGNSCENE_FORMAT = 'signquest-signscene';
export const SIGNSCENE_VERSION = 1;
export const SIGNSCENE_EXTENSION = '.signscene';
/** Larger files (or folders) are refused before they are read: SVG pictures are small. */
export const SIGNSCENE_MAX_BYTES = 5 * 1024 * 1024;
export const SCENE_FILE = 'scene.yaml';
const PICTURE_EXTENSION = '.svg';
const SIGNSCENE_KIND: JsonBundleKind = { format: SIGNSCENE_FORMAT, version: SIGNSCENE_VERSION, extension: SIGNSCENE_EXTENSION, maxBytes: SIGNSCENE_MAX_BYTES, what: 'a scene file' };

/** Where a scene played in the browser finds its signs, as an unknown gloss's message names it. */
export const BROWSER_GLOSS_SOURCES = `${SHIPPED_GLOSSARY}, the sign packs in this browser`;

/** A scene's files, read. */
export interface SceneBundle {
  /** Where it came from, as messages name it: `market.signscene`, or the folder `market`. */
  source: string;
  /** The text of scene.yaml. */
  yaml: string;
  /** The text of each SVG picture, by file name. */
  art: Record<string, string>;
}

/** An SVG document: its root element is <svg>, after an optional XML declaration, comments and doctype. */
const SVG_ROOT = /^\uFEFF?\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)\s*)*<svg[\s>]/i;
const NOT_SVG = 'is not an SVG picture (its root element must be <svg>)';

const pictureName = v.pipe(
  v.string(),
  v.check((name) => isFileName(name) && name.endsWith(PICTURE_EXTENSION), (issue) => `${JSON.stringify(issue.input)} must be an .svg file name (no folders, no "..")`),
);
const pictureText = v.pipe(v.string(NOT_SVG), v.regex(SVG_ROOT, NOT_SVG));

const SignsceneFileSchema = v.object({
  format: v.literal(SIGNSCENE_FORMAT),
  version: v.literal(SIGNSCENE_VERSION),
  scene: v.string(`must be the text of ${SCENE_FILE}`),
  art: v.record(pictureName, pictureText, 'must map each picture\'s file name to its SVG text'),
});

/** The path messages give for the bundle's scene.yaml: `market.signscene/scene.yaml`, `market/scene.yaml`. */
export function sceneFileOf(bundle: Pick<SceneBundle, 'source'>): string {
  return `${bundle.source}/${SCENE_FILE}`;
}

/** Refuses a file or folder too large to be a scene, before it is read. */
export function checkSceneSize(bytes: number, source: string): void {
  checkBundleSize(bytes, source, SIGNSCENE_KIND, SceneError);
}

/** Reads a `.signscene` file; throws SceneError naming the file and every problem of its form. */
export function decodeSignscene(input: Uint8Array | string, fileName: string): SceneBundle {
  const file = parseFile(SignsceneFileSchema, readBundleJson(input, fileName, SIGNSCENE_KIND, SceneError), fileName, SceneError);
  return { source: fileName, yaml: file.scene, art: file.art };
}

export function encodeSignscene(bundle: SceneBundle): string {
  return JSON.stringify({ format: SIGNSCENE_FORMAT, version: SIGNSCENE_VERSION, scene: bundle.yaml, art: bundle.art });
}

/** The name an exported scene's file gets. */
export function signsceneFileName(sceneId: string): string {
  return sceneId + SIGNSCENE_EXTENSION;
}

/**
 * A scene folder's files (names inside the folder, and text) as a bundle: scene.yaml and the
 * SVG pictures; other files (a README, the editor's backups) are left out. Throws SceneError
 * when there is no scene.yaml or a picture is not an SVG.
 */
export function bundleFromFolder(folder: string, files: Record<string, string>): SceneBundle {
  const yaml = files[SCENE_FILE];
  if (yaml === undefined) throw new SceneError(folder, `has no ${SCENE_FILE} (a scene folder holds ${SCENE_FILE} and its SVG pictures)`);
  const art = Object.fromEntries(Object.entries(files).filter(([name]) => isFileName(name) && name.toLowerCase().endsWith(PICTURE_EXTENSION)));
  const problems: FileProblem[] = Object.entries(art)
    .filter(([, text]) => !SVG_ROOT.test(text))
    .map(([name]) => ({ file: `${folder}/${name}`, field: '', message: NOT_SVG }));
  if (problems.length) throw new SceneError(folder, problems);
  return { source: folder, yaml, art };
}

/** The bundle as the scene checker reads it, with `artUrl` giving each picture's URL. */
export function sceneFilesOf(bundle: SceneBundle, artUrl: (name: string) => string): SceneFiles {
  return { file: sceneFileOf(bundle), yaml: bundle.yaml, art: (name) => (Object.hasOwn(bundle.art, name) ? artUrl(name) : undefined) };
}

/** What a bundle is checked against: the signs it may name and where they come from, the packs its own signs may use. */
export interface BundleContext {
  glossary: Glossary;
  glossSources: string;
  packs?: ReadonlySet<string>;
  /** Ids of the scenes it may not replace, with their files. */
  takenIds: ReadonlyMap<string, string>;
}

/** Checks a bundle before it is kept: every rule of a bundled scene. Throws SceneError listing every problem. */
export function checkSceneBundle(bundle: SceneBundle, { glossary, glossSources, packs, takenIds }: BundleContext): Scene {
  const scene = parseScene(sceneFilesOf(bundle, (name) => name), glossary, glossSources, packs);
  const other = takenIds.get(scene.id);
  if (other) throw new SceneError(scene.file, [idTaken(scene.id, other)]);
  return scene;
}
