import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { selfHostedAssets } from './scripts/vite-self-hosted-assets.ts';
import { offlinePrecache } from './scripts/vite-offline-precache.ts';
import { CONTENT_SECURITY_POLICY_HEADER, contentSecurityPolicy } from './scripts/vite-csp.ts';
import { BUILD_DIRS, TEST_MODE } from './scripts/builds.ts';

/**
 * Two builds (scripts/builds.ts): production (`vite build`, into dist/) and the test build
 * (`vite build --mode test`, into dist-test/), which alone has tools.html (the in-browser
 * half of the signs CLI and of browser tests) and the game's test mode
 * (src/game/test-mode.ts). `vite preview --mode test` serves the test build.
 */
export default defineConfig(({ mode }) => {
  const testBuild = mode === TEST_MODE;
  const pages: Record<string, string> = testBuild ? { main: 'index.html', tools: 'tools.html' } : { main: 'index.html' };
  return {
    plugins: [svelte(), selfHostedAssets(), offlinePrecache(), contentSecurityPolicy()],
    // Relative base so the built game runs from any folder or static host.
    base: './',
    build: {
      target: 'es2022',
      outDir: testBuild ? BUILD_DIRS.test : BUILD_DIRS.production,
      chunkSizeWarningLimit: 4096,
      // Every image is a file of our own: no data: URLs for the CSP to allow.
      assetsInlineLimit: 0,
      rollupOptions: { input: pages },
    },
    // The recognition worker imports TF.js's backends on demand, which only module workers can.
    worker: { format: 'es' },
    preview: { headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER } },
    resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
    test: {
      include: ['tests/unit/**/*.test.ts', 'training/**/*.test.ts'],
      environment: 'node',
      testTimeout: 60_000,
    },
  };
});
