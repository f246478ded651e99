// Keeps the game playable offline once loaded. The build writes this file as sw.js,
// preceded by `const BUILD = { revision, precache, runtimeRevision }`
// (scripts/vite-offline-precache.ts). On install it stores the build's files, each under
// its revision, taking unchanged ones from the previous build's cache; it then waits until
// the page asks it to take over (the "new version" banner), and drops the old caches.
// Precached files are answered from the store; every other same-origin GET (Holistic's
// files among them, on the first camera start) from the network when possible, else from
// the runtime store. Nothing is ever sent anywhere: the app has no server besides the one
// that serves these files.
const CACHE_PREFIX = 'signquest-';
const PRECACHE = `${CACHE_PREFIX}precache-${BUILD.revision}`;
const RUNTIME = `${CACHE_PREFIX}runtime-${BUILD.runtimeRevision}`;

const scope = new URL(self.registration.scope);
/** Absolute URL -> the key its current revision is stored under. */
const precacheKeys = new Map(
  BUILD.precache.map(({ url, revision }) => {
    const absolute = new URL(url, scope).href;
    const key = new URL(absolute);
    key.searchParams.set('__revision', revision);
    return [absolute, key.href];
  }),
);

async function precache() {
  const cache = await caches.open(PRECACHE);
  const older = (await caches.keys()).filter((k) => k.startsWith(`${CACHE_PREFIX}precache-`) && k !== PRECACHE);
  const oldCaches = await Promise.all(older.map((k) => caches.open(k)));
  await Promise.all(
    [...precacheKeys].map(async ([url, key]) => {
      if (await cache.match(key)) return;
      for (const old of oldCaches) {
        const kept = await old.match(key);
        if (kept) return cache.put(key, kept);
      }
      const response = await fetch(url, { cache: 'no-cache' });
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      await cache.put(key, response);
    }),
  );
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache());
});

// The page sends this when the learner chooses to reload into the new version.
self.addEventListener('message', (event) => {
  if (event.data?.type === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(CACHE_PREFIX) && k !== PRECACHE && k !== RUNTIME).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

/** The key of a precached request: its URL, or the game's page for any visit to it. */
function precacheKey(request) {
  const url = new URL(request.url);
  if (request.mode === 'navigate' && (url.pathname === scope.pathname || url.pathname === `${scope.pathname}index.html`)) return precacheKeys.get(scope.href);
  return precacheKeys.get(url.href);
}

async function fromPrecache(request, key) {
  // Precached entries were stored without the Origin header that module scripts send.
  const cached = await caches.open(PRECACHE).then((cache) => cache.match(key, { ignoreVary: true }));
  return cached ?? fetch(request);
}

async function fromNetwork(request) {
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic') {
      const copy = response.clone();
      caches.open(RUNTIME).then((cache) => cache.put(request, copy));
    }
    return response;
  } catch {
    const cached = await caches.open(RUNTIME).then((cache) => cache.match(request, { ignoreVary: true }));
    return cached ?? Response.error();
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  // Range requests (media seeking) go straight to the network.
  if (request.headers.has('range')) return;
  const key = precacheKey(request);
  event.respondWith(key ? fromPrecache(request, key) : fromNetwork(request));
});
