/**
 * Writes the service worker (src/service-worker.js) into the build as sw.js, preceded by
 * this build's precache list: every file the game needs offline (the build, its models and
 * reference signs), each with a revision (a hash of its content). A build that changes any
 * file is a new sw.js, which the browser installs beside the old one: it fetches only the
 * files whose revision changed, and drops the old caches once it takes over. Holistic's
 * files are left to the worker's runtime cache (the browser fetches only the variant it
 * can run, on the first camera start); that cache is named after a hash of those files,
 * so it outlives builds that do not change Holistic.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin, ResolvedConfig } from 'vite';

export const SERVICE_WORKER_FILE = 'sw.js';
const SERVICE_WORKER_SOURCE = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'service-worker.js');
/** Public folders whose files are precached (content the game fetches lazily). */
const PRECACHED_PUBLIC_DIRS = ['models', 'signs'];
/** Pages that are not the game (the test build's tools page). */
const NOT_PRECACHED = new Set(['tools.html']);
/** Files left to the runtime cache. */
const RUNTIME_CACHED_PREFIX = 'mediapipe/';

export interface PrecacheEntry {
  url: string;
  revision: string;
}

/** What sw.js is told about its build. */
export interface ServiceWorkerBuild {
  /** Names the precache: changes whenever any precached file does. */
  revision: string;
  precache: PrecacheEntry[];
  /** Names the runtime cache: changes when Holistic's files do. */
  runtimeRevision: string;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function hash(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

/** The service worker's view of a build: built files (name -> content) and the public folder. */
export function serviceWorkerBuild(built: Map<string, string | Uint8Array>, publicDir: string): ServiceWorkerBuild {
  const files = new Map(built);
  for (const d of PRECACHED_PUBLIC_DIRS) {
    let found: string[] = [];
    try {
      found = filesUnder(join(publicDir, d));
    } catch {
      // A checkout without models or signs still builds.
    }
    for (const f of found) files.set(relative(publicDir, f).split(sep).join('/'), readFileSync(f));
  }
  const precache: PrecacheEntry[] = [];
  const runtime: string[] = [];
  for (const [name, content] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    if (NOT_PRECACHED.has(name)) continue;
    if (name.startsWith(RUNTIME_CACHED_PREFIX)) runtime.push(name, hash(content));
    // The page is requested as the folder ("./").
    else precache.push({ url: name === 'index.html' ? './' : name, revision: hash(content) });
  }
  return {
    revision: hash(precache.map((e) => `${e.url} ${e.revision}`).join('\n')),
    precache,
    runtimeRevision: hash(runtime.join('\n')),
  };
}

export function offlinePrecache(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'offline-precache',
    apply: 'build',
    // After Vite's own plugins, so the pages are in the bundle.
    enforce: 'post',
    configResolved(resolved) {
      config = resolved;
    },
    generateBundle(_options, bundle) {
      const built = new Map(Object.values(bundle).map((f) => [f.fileName, f.type === 'chunk' ? f.code : f.source] as const));
      const build = serviceWorkerBuild(built, config.publicDir);
      const source = `const BUILD = ${JSON.stringify(build)};\n${readFileSync(SERVICE_WORKER_SOURCE, 'utf8')}`;
      this.emitFile({ type: 'asset', fileName: SERVICE_WORKER_FILE, source });
    },
  };
}
