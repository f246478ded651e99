/**
 * Writes precache.json into the build: the files the service worker (public/sw.js) stores
 * when it installs, so the game, its models and its reference signs work with no network
 * once the page has loaded. Holistic's files are left to the worker's runtime cache: the
 * browser fetches only the variant it can run (SIMD or not, one pose model), and the
 * worker stores them on the first camera start.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';

export const PRECACHE_FILE = 'precache.json';
/** Public folders whose files are precached (content the game fetches lazily). */
const PRECACHED_PUBLIC_DIRS = ['models', 'signs'];
/** Pages that are not the game (the CLI's and tests' tools page). */
const NOT_PRECACHED = new Set(['tools.html']);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

export function offlinePrecache(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'offline-precache',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    generateBundle(_options, bundle) {
      const built = Object.keys(bundle).filter((f) => !NOT_PRECACHED.has(f) && !f.startsWith('mediapipe/'));
      const publicFiles = PRECACHED_PUBLIC_DIRS.flatMap((d) => {
        const dir = join(config.publicDir, d);
        try {
          return filesUnder(dir).map((f) => relative(config.publicDir, f).split(sep).join('/'));
        } catch {
          return [];
        }
      });
      // "./" is the page itself as the browser requests it.
      const urls = ['./', ...built, ...publicFiles].sort();
      this.emitFile({ type: 'asset', fileName: PRECACHE_FILE, source: JSON.stringify(urls, null, 1) });
    },
  };
}
