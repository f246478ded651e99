/**
 * Serves the runtime files of packages that fetch their own assets (MediaPipe Holistic's
 * script, wasm, graph and packed models) from our app,
 * in dev and in the production build, so no CDN is ever contacted and the app works
 * offline. Holistic is a closure-compiled script that sets globals: bundling it yields
 * an empty module ("Holistic is not a constructor"), so it is loaded as a plain script
 * beside its assets (src/lib/holistic/holistic.ts) and never imported.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

export interface SelfHostedAssets {
  /** npm package whose files are served. */
  packageName: string;
  /** Folder inside the package. */
  from: string;
  /** Folder of the app they are served at. */
  to: string;
  /** Which files to serve. */
  include: (file: string) => boolean;
}

export const SELF_HOSTED: SelfHostedAssets[] = [
  {
    packageName: '@mediapipe/holistic',
    from: '',
    to: 'mediapipe/holistic',
    // The heavy pose model (modelComplexity 2) is not shipped: the app uses 0 or 1.
    include: (f) => !['README.md', 'index.d.ts', 'package.json', 'pose_landmark_heavy.tflite'].includes(f),
  },
];

function packageDir(packageName: string): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve(`${packageName}/package.json`));
}

/** Public path -> file on disk, for every self-hosted asset. */
export function selfHostedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const spec of SELF_HOSTED) {
    const dir = join(packageDir(spec.packageName), spec.from);
    for (const f of readdirSync(dir).filter(spec.include)) files.set(`${spec.to}/${f}`, join(dir, f));
  }
  return files;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
};

export function selfHostedAssets(): Plugin {
  const files = selfHostedFiles();
  return {
    name: 'self-hosted-package-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0].replace(/^\//, '');
        const file = files.get(path);
        if (!file) return next();
        const ext = path.slice(path.lastIndexOf('.'));
        res.setHeader('Content-Type', CONTENT_TYPES[ext] ?? 'application/octet-stream');
        res.end(readFileSync(file));
      });
    },
    generateBundle() {
      for (const [fileName, file] of files) this.emitFile({ type: 'asset', fileName, source: readFileSync(file) });
    },
  };
}
