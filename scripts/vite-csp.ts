/**
 * The Content-Security-Policy of the built app: everything from our own origin, nothing
 * from anywhere else. It goes into every built page as a <meta> tag (so it holds on any
 * static host) and, with frame-ancestors (which a meta tag cannot carry), into the
 * headers of `vite preview`. The dev server has none: Vite's hot reload injects styles.
 */
import type { Plugin } from 'vite';

const DIRECTIVES: Record<string, string[]> = {
  'default-src': ["'self'"],
  // Holistic's and TF.js's WebAssembly are compiled from our own files; no JS eval.
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  // The teachers' video screen plays the chosen file from a blob: URL (the camera's
  // srcObject stream needs no source).
  // The recognition Web Worker (src/lib/recognition/worker.ts) is a script of our own.
  'worker-src': ["'self'"],
  'media-src': ["'self'", 'blob:'],
  // A scene loaded in the browser shows its SVG pictures as images from blob: URLs (an
  // SVG shown as an image runs no script).
  'img-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'none'"],
};

function serialise(directives: Record<string, string[]>): string {
  return Object.entries(directives).map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/** The policy as a built page's meta tag carries it. */
export const CONTENT_SECURITY_POLICY = serialise(DIRECTIVES);
/** The policy as the preview server sends it: the page may not be framed by another site. */
export const CONTENT_SECURITY_POLICY_HEADER = serialise({ ...DIRECTIVES, 'frame-ancestors': ["'none'"] });

export function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}
