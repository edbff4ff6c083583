// The service worker: keeps the stylesheet, the scripts and the field forms of the signed-in
// officer's sites, so that they open without a connection after one visit. Pages are asked of
// the network first (so a form is never older than it must be) and taken from the cache when
// there is no connection or it is too slow; static files, whose addresses carry their
// content's fingerprint, come from the cache. Nothing is sent from here: the page's script
// (field.js) sends the outbox.
"use strict";
const STATIC = "outreach-static-v1";
const PAGES = "outreach-pages-v1";
const SLOW_MS = 5000;
// the pages kept: the start page, the outbox, the site choice and the form of each kind
const KEEP = /^\/($|field\/outbox$|activities\/new\/\w+$|sites\/\d+\/activities\/new\/\w+$)/;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (e) =>
  e.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== STATIC && n !== PAGES).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  ),
);

self.addEventListener("message", (e) => {
  const d = e.data || {};
  if (Array.isArray(d.keep)) e.waitUntil(keep(d.keep).then((ok) => e.ports[0]?.postMessage(ok)));
  if (d.forget) e.waitUntil(caches.delete(PAGES));
});

async function keep(urls) {
  for (const url of urls) {
    const path = new URL(url, location.origin).pathname;
    const name = path.startsWith("/static/") ? STATIC : KEEP.test(path) ? PAGES : null;
    if (!name) continue;
    const cache = await caches.open(name);
    if (name === STATIC && (await cache.match(url))) continue;
    try {
      const r = await fetch(url, { credentials: "same-origin", redirect: "manual" });
      if (r.ok && r.type === "basic") await cache.put(url, r);
    } catch {
      return false; // no connection: try again another time
    }
  }
  return true;
}

self.addEventListener("fetch", (e) => {
  const r = e.request;
  const url = new URL(r.url);
  if (r.method !== "GET" || url.origin !== location.origin) return;
  if (url.pathname.startsWith("/static/")) e.respondWith(staticFile(r));
  else if (r.mode === "navigate" && KEEP.test(url.pathname)) e.respondWith(page(r, url));
});

async function staticFile(r) {
  const hit = await caches.match(r);
  if (hit) return hit;
  try {
    const res = await fetch(r);
    if (res.ok) (await caches.open(STATIC)).put(r, res.clone());
    return res;
  } catch (error) {
    const older = await caches.match(r, { ignoreSearch: true });
    if (older) return older;
    throw error;
  }
}

async function page(r, url) {
  const cache = await caches.open(PAGES);
  const key = url.origin + url.pathname;
  const net = fetch(r).then((res) => {
    if (res.ok && res.type === "basic" && !res.redirected) cache.put(key, res.clone());
    return res;
  });
  try {
    const first = await Promise.race([net, new Promise((ok) => setTimeout(ok, SLOW_MS, null))]);
    if (first) return first;
  } catch {}
  // no connection, or too slow: the kept page (or the outbox), else keep waiting
  const hit = (await cache.match(key)) || (await cache.match(`${url.origin}/field/outbox`));
  return hit || net;
}
