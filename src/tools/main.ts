/**
 * tools.html: the in-browser half of the `signs` CLI and of browser tests (extraction,
 * features, inference benchmarks). Each `*.tool.ts` beside this file exports functions
 * that are gathered onto `window.signquestTools`, so it is one production-built page
 * running the app's own code paths.
 */
const modules = import.meta.glob<Record<string, unknown>>('./*.tool.ts', { eager: true });

const tools: Record<string, unknown> = {};
for (const mod of Object.values(modules)) Object.assign(tools, mod);

declare global {
  interface Window {
    signquestTools: Record<string, unknown>;
  }
}
window.signquestTools = tools;
document.body.dataset.toolsReady = 'true';
