/**
 * Serves @mediapipe/holistic's own files (script, wasm, graph, packed models) from our
 * app at `mediapipe/holistic/`, in dev and in the production build, so no CDN is ever
 * contacted. The package is a closure-compiled script that sets globals; bundling it
 * yields an empty module ("Holistic is not a constructor"), so it is loaded as a
 * plain script beside its assets (src/lib/holistic/holistic.ts) and never imported.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

export const HOLISTIC_PUBLIC_DIR = 'mediapipe/holistic';

/** The heavy pose model (modelComplexity 2) is not shipped: the app uses 0 or 1. */
const SKIPPED = new Set(['README.md', 'index.d.ts', 'package.json', 'pose_landmark_heavy.tflite']);

export function holisticPackageDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('@mediapipe/holistic/package.json'));
}

export function holisticAssetFiles(): string[] {
  return readdirSync(holisticPackageDir()).filter((f) => !SKIPPED.has(f));
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.data': 'application/octet-stream',
  '.binarypb': 'application/octet-stream',
  '.tflite': 'application/octet-stream',
};

export function mediapipeAssets(): Plugin {
  const dir = holisticPackageDir();
  const files = new Set(holisticAssetFiles());
  return {
    name: 'mediapipe-holistic-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = (req.url ?? '').split('?')[0];
        const prefix = `/${HOLISTIC_PUBLIC_DIR}/`;
        if (!url.startsWith(prefix)) return next();
        const file = url.slice(prefix.length);
        if (!files.has(file)) return next();
        const ext = file.slice(file.lastIndexOf('.'));
        res.setHeader('Content-Type', CONTENT_TYPES[ext] ?? 'application/octet-stream');
        res.end(readFileSync(join(dir, file)));
      });
    },
    generateBundle() {
      for (const file of files) {
        this.emitFile({ type: 'asset', fileName: `${HOLISTIC_PUBLIC_DIR}/${file}`, source: readFileSync(join(dir, file)) });
      }
    },
  };
}
