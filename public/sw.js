// Keeps the game playable offline once loaded. On install it stores the game, its models
// and reference signs (precache.json, written by the build); after that every same-origin
// GET is answered from the network when possible and stored (Holistic's files among them,
// on the first camera start), and with no network from the store. Nothing is ever sent
// anywhere: the app has no server besides the one that serves these files.
const CACHE = 'signquest-v1';
const PRECACHE_LIST = 'precache.json';

async function precache() {
  const response = await fetch(PRECACHE_LIST, { cache: 'no-cache' });
  // A build without the list (or a dev server) still works, just not offline from the start.
  if (!response.ok) return;
  const urls = await response.json();
  const cache = await caches.open(CACHE);
  await cache.addAll(urls.map((u) => new Request(u, { cache: 'no-cache' })));
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)))).then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  // Range requests (media seeking) go straight to the network.
  if (request.headers.has('range')) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && response.type === 'basic') {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      // Precached entries were stored without the Origin header that module scripts send.
      .catch(() => caches.match(request, { ignoreVary: true }).then((cached) => cached ?? Response.error())),
  );
});
