import { mount } from 'svelte';
import './app.css';
import App from './app/App.svelte';
import { AppShell } from './app/app.svelte';
import { AppUpdate } from './app/app-update.svelte';
import { createWebcamSource } from './lib/sources/webcam';
import { replayParam, watchPaintPace } from './game/test-mode';
import { workerRecognition } from './lib/recognition/worker';

const params = new URLSearchParams(location.search);
// Features, the sign model and the matcher run in a Web Worker, started when first needed.
const recognition = workerRecognition();

const shell = new AppShell(
  {
    env: { isSecureContext: window.isSecureContext, mediaDevices: navigator.mediaDevices, permissions: navigator.permissions },
    // Heavy libraries (Holistic, TF.js) load only when the camera opens.
    loadLandmarker: async (onProgress) => (await import('./lib/holistic/holistic')).createHolisticLandmarker({ onProgress }),
    createSource: (stream, landmarker) => watchPaintPace(createWebcamSource(stream, landmarker)),
    chooseBackend: (onFallback) => recognition.chooseBackend(onFallback),
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

const update = 'serviceWorker' in navigator ? new AppUpdate({ container: navigator.serviceWorker, reload: () => location.reload() }) : null;

mount(App, { target: document.getElementById('app')!, props: { shell, update, recognition } });
if (!shell.debug && replayParam(location.search) === null) void shell.resume();

// Offline once loaded: the service worker keeps the game's files, and says when a new version is ready.
if (import.meta.env.PROD && update) {
  window.addEventListener('load', () => {
    update.register(new URL('sw.js', document.baseURI).href).catch(() => undefined);
  });
}
