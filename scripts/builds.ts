/**
 * The app's two builds: production (`vite build`) and the test build (`vite build --mode
 * test`), which alone has tools.html and the game's test mode (src/game/test-mode.ts).
 */
export const TEST_MODE = 'test';
export const BUILD_DIRS = { production: 'dist', test: 'dist-test' } as const;
