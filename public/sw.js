// Keeps the game playable offline once loaded: every same-origin GET is answered from
// the network when possible and stored; with no network, from the store. Nothing is
// ever sent anywhere: the app has no server besides the one that serves these files.
const CACHE = 'signquest-v1';

self.addEventListener('install', (event) => {
  event.waitUntil(self.skipWaiting());
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
      .catch(() => caches.match(request, { ignoreSearch: false }).then((cached) => cached ?? Response.error())),
  );
});
