import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { selfHostedAssets } from './scripts/vite-self-hosted-assets.ts';
import { offlinePrecache } from './scripts/vite-offline-precache.ts';

export default defineConfig({
  plugins: [svelte(), selfHostedAssets(), offlinePrecache()],
  // Relative base so the built game runs from any folder or static host.
  base: './',
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    // tools.html is the in-browser half of the signs CLI and of browser tests.
    rollupOptions: { input: { main: 'index.html', tools: 'tools.html' } },
  },
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
  test: {
    include: ['tests/unit/**/*.test.ts', 'training/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
