import { mount } from 'svelte';
import './app.css';
import App from './app/App.svelte';
import { AppShell } from './app/app.svelte';
import { createWebcamSource } from './lib/sources/webcam';

const params = new URLSearchParams(location.search);

const shell = new AppShell(
  {
    env: { isSecureContext: window.isSecureContext, mediaDevices: navigator.mediaDevices, permissions: navigator.permissions },
    // Heavy libraries (Holistic, TF.js) load only when the camera opens.
    loadLandmarker: async (onProgress) => (await import('./lib/holistic/holistic')).createHolisticLandmarker({ onProgress }),
    createSource: createWebcamSource,
    chooseBackend: async (onFallback) => (await import('./lib/recognition/backend')).chooseBackend({ onFallback }),
    storage: (() => {
      try {
        return window.localStorage;
      } catch {
        return undefined; // storage blocked: nothing is remembered
      }
    })(),
  },
  params.get('debug') === '1',
);

mount(App, { target: document.getElementById('app')!, props: { shell } });
if (!shell.debug && !params.has('replay')) void shell.resume();

// Offline once loaded: the service worker keeps every file the app has fetched.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register(new URL('sw.js', document.baseURI)).catch(() => undefined);
  });
}
