// Field capture: drafts kept on the phone as they are typed, an outbox that sends each entry
// exactly once (a UUID made here is the Idempotency-Key), photos made smaller on the phone,
// "use my location", promises added one at a time, a keep-alive while typing, and the
// service worker that keeps the forms for use offline. Without this script every form still
// works as a plain HTML form. docs/field.md says how it fits together.
"use strict";
(() => {
  const $ = (s, r = document) => r.querySelector(s);
  const $$ = (s, r = document) => [...r.querySelectorAll(s)];
  const T = JSON.parse($("#field-text")?.textContent || "{}");
  const t = (k, n) => String(T[k] || k).replace("%n", n);
  const uuid = () => crypto.randomUUID();
  const LOCK = "outreach-outbox";
  const PHOTO_SIDE = 1600;
  const PHOTO_BYTES = 400 * 1024;

  // ---- IndexedDB: drafts (by page path) and the outbox (by UUID) ----
  let opened;
  const idb = () =>
    (opened ||= new Promise((ok, ko) => {
      const r = indexedDB.open("outreach-field", 1);
      r.onupgradeneeded = () => {
        r.result.createObjectStore("drafts", { keyPath: "path" });
        r.result.createObjectStore("outbox", { keyPath: "id" });
      };
      r.onsuccess = () => ok(r.result);
      r.onerror = () => ko(r.error);
    }));
  const tx = async (store, mode, fn) => {
    const d = await idb();
    return new Promise((ok, ko) => {
      const x = d.transaction(store, mode);
      const req = fn(x.objectStore(store));
      x.oncomplete = () => ok(req && req.result);
      x.onerror = x.onabort = () => ko(x.error);
    });
  };
  const get = (s, k) => tx(s, "readonly", (o) => o.get(k));
  const put = (s, v) => tx(s, "readwrite", (o) => o.put(v));
  const del = (s, k) => tx(s, "readwrite", (o) => o.delete(k));
  const all = (s) => tx(s, "readonly", (o) => o.getAll());

  // ---- the session: alive (user + CSRF token), ended (null), or no connection (throws) ----
  let lastProbe = 0;
  async function probe(ms = 8000) {
    const c = new AbortController();
    const timer = setTimeout(() => c.abort(), ms);
    lastProbe = Date.now();
    try {
      const r = await fetch("/field/session", {
        redirect: "manual",
        cache: "no-store",
        credentials: "same-origin",
        signal: c.signal,
      });
      if (r.ok) return await r.json();
      if (r.status === 401 || r.type === "opaqueredirect") return null;
      throw new Error(String(r.status));
    } finally {
      clearTimeout(timer);
    }
  }

  const say = (el, text, cls = "") => {
    if (!el) return;
    el.hidden = !text;
    el.className = `field-status ${cls}`;
    el.textContent = text || "";
    return el;
  };
  const signInLink = (el) => {
    const a = document.createElement("a");
    a.href = `/login?next=${encodeURIComponent(location.pathname)}`;
    a.textContent = t("sign_in");
    el.append(" ", a);
  };

  // ---- reading and filling a form ----
  const SKIP = new Set(["csrf_token", "version", "draft", "action"]);
  function readForm(form) {
    const v = {};
    for (const el of form.elements) {
      if (!el.name || SKIP.has(el.name) || /^(file|submit|button)$/.test(el.type)) continue;
      if (el.type === "checkbox" || el.type === "radio") {
        v[el.name] ||= [];
        if (el.checked) v[el.name].push(el.value);
      } else v[el.name] = el.value;
    }
    return v;
  }
  function fillForm(form, v) {
    const rows = Object.keys(v).map((k) => +(k.match(/^new_commitments-(\d+)-/) || [0, -1])[1]);
    while ($$(".commitment-row", form).length <= Math.max(-1, ...rows)) addPromise(form);
    for (const el of form.elements) {
      if (!(el.name in v) || el.type === "file") continue;
      const x = v[el.name];
      if (el.type === "checkbox" || el.type === "radio") el.checked = x.includes(el.value);
      else el.value = x;
    }
  }
  // the JSON the API takes: the form's field names, promises as a list
  function payload(form, v, action) {
    const p = { kind: form.dataset.kind, site_id: +form.dataset.site, submit: action === "submit" };
    const promises = [];
    for (const [k, x] of Object.entries(v)) {
      const m = k.match(/^new_commitments-(\d+)-(\w+)$/);
      if (m) (promises[m[1]] ||= {})[m[2]] = x || null;
      else if (k === "partner_ids") p[k] = x.map(Number);
      else if (k === "beneficiary_id") p[k] = x ? +x : null;
      else if (k !== "attachment_is_receipt") p[k] = x === "" ? null : x;
    }
    const kept = promises.filter((r) => r && r.description);
    if (kept.length) p.commitments = kept;
    return p;
  }
  // the server's field errors next to the fields (the API's names mapped to the form's)
  function showErrors(form, errors, status) {
    $$(".field-error", form).forEach((e) => e.remove());
    const rest = [];
    for (const [name, msgs] of Object.entries(errors || {})) {
      const m = name.match(/^commitments\W(\d+)\W+(\w+)$/);
      const el = form.elements[m ? `new_commitments-${m[1]}-${m[2]}` : name];
      const box = (el && (el.closest ? el : el[0]))?.closest(".field");
      if (!box) {
        rest.push(...msgs);
        continue;
      }
      const p = document.createElement("p");
      p.className = "error field-error";
      p.setAttribute("role", "alert");
      p.textContent = msgs.join(" ");
      box.classList.add("has-error");
      box.append(p);
    }
    say(status, [t("fix_fields"), ...rest].join(" "), "flash flash-error");
  }

  // ---- photos: smaller on the phone, metadata dropped, GPS kept for empty coordinates ----
  function exifGps(buf) {
    const d = new DataView(buf);
    if (d.byteLength < 4 || d.getUint16(0) !== 0xffd8) return null;
    for (let o = 2; o + 10 < d.byteLength; ) {
      const mark = d.getUint16(o);
      if (mark === 0xffe1 && d.getUint32(o + 4) === 0x45786966) return tiffGps(d, o + 10);
      if ((mark & 0xff00) !== 0xff00 || mark === 0xffda) return null;
      o += 2 + d.getUint16(o + 2);
    }
    return null;
  }
  function tiffGps(d, t0) {
    try {
      const le = d.getUint16(t0) === 0x4949;
      const u16 = (o) => d.getUint16(t0 + o, le);
      const u32 = (o) => d.getUint32(t0 + o, le);
      const ifd = (o) => {
        const tags = {};
        for (let i = 0, n = u16(o); i < n; i++) tags[u16(o + 2 + i * 12)] = o + 2 + i * 12;
        return tags;
      };
      const gpsAt = ifd(u32(4))[0x8825];
      if (!gpsAt) return null;
      const g = ifd(u32(gpsAt + 8));
      if (!g[2] || !g[4]) return null;
      const deg = (e) => {
        const o = u32(e + 8);
        let v = 0;
        for (let i = 0; i < 3; i++) v += u32(o + i * 8) / u32(o + i * 8 + 4) / 60 ** i;
        return v;
      };
      const ref = (e) => (e ? String.fromCharCode(d.getUint8(t0 + e + 8)) : "");
      const lat = deg(g[2]) * (ref(g[1]) === "S" ? -1 : 1);
      const lon = deg(g[4]) * (ref(g[3]) === "W" ? -1 : 1);
      return Number.isFinite(lat) && Number.isFinite(lon) ? { lat, lon } : null;
    } catch {
      return null;
    }
  }
  const toBlob = (c, q) => new Promise((ok) => c.toBlob(ok, "image/jpeg", q));
  async function shrink(file) {
    const name = file.name || "photo.jpg";
    if (!/^image\/(jpeg|png|webp)$/.test(file.type)) return { blob: file, name };
    const gps = file.type === "image/jpeg" ? exifGps(await file.slice(0, 262144).arrayBuffer()) : null;
    const bmp = await createImageBitmap(file, { imageOrientation: "from-image" });
    let scale = Math.min(1, PHOTO_SIDE / Math.max(bmp.width, bmp.height));
    let q = 0.82;
    let blob;
    const c = document.createElement("canvas");
    for (let i = 0; i < 8; i++) {
      c.width = Math.round(bmp.width * scale);
      c.height = Math.round(bmp.height * scale);
      c.getContext("2d").drawImage(bmp, 0, 0, c.width, c.height);
      blob = await toBlob(c, q);
      if (blob.size <= PHOTO_BYTES) break;
      if (q > 0.6) q -= 0.1;
      else scale *= 0.8;
    }
    const side = 160 / Math.max(c.width, c.height);
    const th = document.createElement("canvas");
    th.width = Math.round(c.width * side);
    th.height = Math.round(c.height * side);
    th.getContext("2d").drawImage(c, 0, 0, th.width, th.height);
    bmp.close?.();
    return { blob, name: name.replace(/\.\w+$/, "") + ".jpg", gps, thumb: th.toDataURL("image/jpeg", 0.6) };
  }

  // ---- the form on the page ----
  function addPromise(form) {
    const rows = $$(".commitment-row", form);
    const last = rows[rows.length - 1];
    if (!last) return;
    const row = last.cloneNode(true);
    const n = rows.length;
    for (const el of $$("[name],[id],[for]", row)) {
      for (const a of ["name", "id", "for"]) {
        const v = el.getAttribute(a);
        if (v) el.setAttribute(a, v.replace(/new_commitments-\d+-/, `new_commitments-${n}-`));
      }
      if (el.value !== undefined && el.tagName !== "LABEL") el.value = "";
    }
    $$(".error", row).forEach((e) => e.remove());
    $$(".has-error", row).forEach((e) => e.classList.remove("has-error"));
    last.after(row);
    const btn = $(".add-promise", form);
    if (btn && n + 1 >= 20) btn.hidden = true;
    return row;
  }

  function enhanceForm(form) {
    const path = location.pathname;
    const status = $(".field-status", form);
    const outbox = "outbox" in form.dataset;
    const fileInput = form.elements.attachment;
    const list = $(".photos", form);
    let draft = { path, id: uuid(), values: {}, photos: [] };
    let saving;
    const idInput = Object.assign(document.createElement("input"), { type: "hidden", name: "draft" });
    form.append(idInput);

    const drawPhotos = () => {
      if (!list) return;
      list.replaceChildren(
        ...draft.photos.map((p, i) => {
          const li = document.createElement("li");
          if (p.thumb) li.append(Object.assign(new Image(), { src: p.thumb, alt: p.name }));
          const kb = Math.round(p.blob.size / 1024);
          li.append(`${p.name} (${kb} KB) `);
          const b = Object.assign(document.createElement("button"), { type: "button", className: "secondary", textContent: t("remove") });
          b.onclick = () => {
            draft.photos.splice(i, 1);
            drawPhotos();
            save();
          };
          li.append(b);
          return li;
        }),
      );
    };
    const save = () => {
      clearTimeout(saving);
      delete form.dataset.kept;
      saving = setTimeout(() => {
        draft.values = readForm(form);
        draft.at = Date.now();
        put("drafts", draft).then(() => (form.dataset.kept = draft.at), () => {});
      }, 250);
    };

    // restore what was typed (a reload, a crash, a sign-in in between)
    get("drafts", path).then((d) => {
      if (d && d.values && Object.keys(d.values).length) {
        draft = d;
        fillForm(form, d.values);
        drawPhotos();
        if (d.errors) showErrors(form, d.errors, status);
        else say(status, t("restored"));
      } else if (outbox && form.elements.activity_date) {
        // a form kept offline since another day still starts at today's date
        const el = form.elements.activity_date;
        const now = new Date(Date.now() - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 10);
        if (el.value && el.value < now) el.value = el.max = now;
      }
      idInput.value = draft.id;
      form.dataset.ready = ""; // what was kept is back in the form
    });

    // typing counts as activity: a light request at most once a minute keeps the session open
    form.addEventListener("input", () => {
      save();
      if (Date.now() - lastProbe > 60000)
        probe().then((s) => s || (say(status, t("session_ended_typing"), "flash flash-warning"), signInLink(status)), () => {});
    });
    form.addEventListener("change", save);

    // promises one at a time
    const add = $(".add-promise", form);
    if (add) {
      add.type = "button";
      add.removeAttribute("name");
      add.onclick = () => {
        $("input", addPromise(form))?.focus();
        save();
      };
    }

    // use my location
    const locate = $(".locate", form);
    if (locate && navigator.geolocation) {
      locate.hidden = false;
      const hint = $(".hint", locate);
      $("button", locate).onclick = () => {
        hint.textContent = t("locating");
        navigator.geolocation.getCurrentPosition(
          (p) => {
            form.elements.latitude.value = p.coords.latitude.toFixed(6);
            form.elements.longitude.value = p.coords.longitude.toFixed(6);
            hint.textContent = t("accuracy", Math.round(p.coords.accuracy));
            save();
          },
          (e) => (hint.textContent = t(e.code === 1 ? "location_refused" : "location_failed")),
          { enableHighAccuracy: true, timeout: 30000, maximumAge: 60000 },
        );
      };
    }

    // photos: several, smaller, their GPS into empty coordinates
    if (fileInput) {
      fileInput.multiple = true;
      const limit = +(fileInput.dataset.max || 0);
      fileInput.addEventListener("change", async () => {
        const files = [...fileInput.files];
        fileInput.value = "";
        for (const f of files) {
          if (!/^(image\/(jpeg|png|webp)|application\/pdf)$/.test(f.type)) {
            say(status, `${f.name}: ${t("not_a_photo")}`, "flash flash-error");
            continue;
          }
          if (limit && !f.type.startsWith("image/") && f.size > limit) {
            say(status, `${f.name}: ${t("too_large")}`, "flash flash-error");
            continue;
          }
          say(status, t("preparing", f.name));
          try {
            const p = await shrink(f);
            draft.photos.push(p);
            const lat = form.elements.latitude;
            if (p.gps && lat && !lat.value && !form.elements.longitude.value) {
              lat.value = p.gps.lat.toFixed(6);
              form.elements.longitude.value = p.gps.lon.toFixed(6);
              say(status, t("gps_from_photo"));
            } else say(status, "");
          } catch {
            say(status, `${f.name}: ${t("not_a_photo")}`, "flash flash-error");
          }
        }
        drawPhotos();
        save();
      });
    }

    form.addEventListener("submit", async (e) => {
      const action = e.submitter?.value || "submit";
      if (form.dataset.sending) return;
      e.preventDefault();
      // an edit: the plain form, with the photos made smaller and a fresh CSRF token
      const plain = async () => {
        try {
          const s = await probe(5000);
          if (!s) throw new Error("signed out");
          form.elements.csrf_token.value = s.csrf_token;
        } catch {
          say(status, t("kept_not_sent"), "flash flash-warning");
          return;
        }
        attachPhotos(fileInput, draft.photos);
        form.dataset.sending = "1";
        form.requestSubmit(e.submitter);
      };
      if (!outbox) return plain();
      clearTimeout(saving);
      const values = readForm(form);
      const entry = {
        id: draft.id,
        user: +document.body.dataset.user || null,
        url: path,
        title: values.title || $("h1")?.textContent,
        kind: $("h1")?.textContent,
        site: $("p.muted a")?.textContent,
        values,
        // with photos, the entry is sent for review once they are attached (files are added
        // only while an entry can be changed)
        data: payload(form, values, draft.photos.length ? "draft" : action),
        submit: action === "submit" && draft.photos.length > 0,
        receipt: (values.attachment_is_receipt || []).length > 0,
        photos: draft.photos.map((p, i) => ({ blob: p.blob, name: p.name, key: `${draft.id}.${i}`, sent: false })),
        state: "waiting",
        created: Date.now(),
      };
      await put("outbox", entry);
      await del("drafts", path);
      const result = await sync(entry.id, status);
      if (result === "no_api") {
        await del("outbox", entry.id);
        await put("drafts", draft);
        return plain();
      }
      if (result === "sent") {
        const done = await get("outbox", entry.id);
        sessionStorage.setItem("field-flash", t(action === "submit" ? "sent_for_review" : "saved_draft"));
        location.assign(`/activities/${done.activityId}`);
      } else if (result === "refused") {
        const back = await get("outbox", entry.id);
        await del("outbox", entry.id);
        draft = { path, id: uuid(), values, photos: draft.photos, errors: back.errors };
        idInput.value = draft.id;
        await put("drafts", draft);
        showErrors(form, back.errors, status);
        if (back.detail) say(status, back.detail, "flash flash-error");
      } else {
        // kept in the outbox: the form is ready for the next entry
        later(result);
        form.reset();
        $$(".commitment-row", form).slice(1).forEach((r) => r.remove());
        draft = { path, id: uuid(), values: {}, photos: [] };
        idInput.value = draft.id;
        drawPhotos();
        say(status, t(result === "signed_out" ? "queued_signed_out" : "queued_offline"), "flash flash-info");
        if (result === "signed_out") signInLink(status);
        const a = Object.assign(document.createElement("a"), { href: "/field/outbox", textContent: t("outbox") });
        status.append(" ", a);
        status.scrollIntoView({ block: "center" });
        countOutbox();
      }
    });
  }

  function attachPhotos(input, photos) {
    if (!input || !photos.length) return;
    const dt = new DataTransfer();
    for (const p of photos) dt.items.add(new File([p.blob], p.name, { type: p.blob.type }));
    input.files = dt.files;
  }

  // ---- the outbox: sent by one tab at a time, each entry once ----
  const withLock = (fn) =>
    navigator.locks ? navigator.locks.request(LOCK, { ifAvailable: true }, (lock) => (lock ? fn() : "busy")) : fn();

  function send(method, url, body, headers, onProgress) {
    return new Promise((ok) => {
      const x = new XMLHttpRequest();
      x.open(method, url);
      x.timeout = 120000;
      for (const [k, v] of Object.entries(headers)) x.setRequestHeader(k, v);
      if (onProgress) x.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
      x.onload = () => {
        let json = {};
        try {
          json = JSON.parse(x.responseText);
        } catch {}
        // a session that ended may be sent to the sign-in page: the same as 401
        const login = /\/login$/.test(new URL(x.responseURL || url, location.href).pathname);
        ok({ status: login ? 401 : x.status, json, retry: !!x.getResponseHeader("Retry-After") });
      };
      x.onerror = x.ontimeout = x.onabort = () => ok({ status: 0, json: {} });
      x.send(body);
    });
  }

  // "sent", "refused", "signed_out", "offline" (or "busy": another tab is sending)
  function sync(only, status) {
    return withLock(async () => {
      let s;
      try {
        s = await probe();
      } catch {
        return "offline";
      }
      if (!s) return "signed_out";
      let last = "sent";
      const entries = (await all("outbox")).filter(
        (x) => (!only || x.id === only) && /waiting|sending/.test(x.state) && (!x.user || x.user === s.user),
      );
      entries.sort((a, b) => a.created - b.created);
      for (const entry of entries) {
        last = await sendEntry(entry, s, status);
        drawOutbox();
        changes?.postMessage(entry.id);
        if (/offline|signed_out|no_api/.test(last)) break;
      }
      drawOutbox();
      countOutbox();
      return last;
    });
  }

  async function sendEntry(entry, s, status) {
    const headers = { "X-CSRFToken": s.csrf_token, Accept: "application/json" };
    entry.state = "sending";
    await put("outbox", entry);
    const bar = status && Object.assign(document.createElement("progress"), { max: 1, value: 0 });
    if (status) {
      say(status, t("sending", entry.title));
      status.append(bar);
    }
    if (!entry.activityId) {
      const r = await send("POST", "/api/v1/activities", JSON.stringify(entry.data), {
        ...headers,
        "Content-Type": "application/json",
        "Idempotency-Key": entry.id,
      });
      if ((r.status === 200 || r.status === 201) && r.json.id) {
        entry.activityId = r.json.id;
      } else {
        return settle(entry, r);
      }
      await put("outbox", entry);
    }
    const total = entry.photos.reduce((n, p) => n + (p.sent ? 0 : p.blob.size), 0) || 1;
    let done = 0;
    for (const p of entry.photos) {
      if (p.sent) continue;
      const body = new FormData();
      body.append("file", p.blob, p.name);
      if (entry.receipt) body.append("is_receipt", "true");
      const r = await send("POST", `/api/v1/activities/${entry.activityId}/attachments`, body, { ...headers, "Idempotency-Key": p.key }, (f) => bar && (bar.value = (done + f * p.blob.size) / total));
      if (transient(r)) return settle(entry, r);
      done += p.blob.size;
      p.sent = true;
      if (r.status >= 400) p.refused = problemText(r.json);
      p.blob = null; // sent: no need to keep it on the phone
      await put("outbox", entry);
    }
    if (entry.submit) {
      // the entry's own "Submit for review" (a repeat finds it submitted and changes nothing)
      const r = await send("POST", `/api/v1/activities/${entry.activityId}/submit`, null, {
        ...headers,
        "Idempotency-Key": `${entry.id}:submit`,
      });
      if (transient(r)) return settle(entry, r);
      entry.submit = false;
    }
    entry.state = "sent";
    entry.sent = Date.now();
    delete entry.data;
    delete entry.values;
    await put("outbox", entry);
    return "sent";
  }

  // worth trying again later: no answer, a server error, an ended session, "retry shortly"
  const transient = (r) => r.status === 0 || r.status >= 500 || r.status === 401 || r.status === 429 || r.retry;
  const problemText = (j) => [j.detail || j.title, ...Object.values(j.errors || {}).flat()].filter(Boolean).join(" ");

  async function settle(entry, r) {
    if (r.status === 404 && !r.json.status) {
      // this server has no API (yet): the entry waits; the page sends it as a plain form
      entry.state = "waiting";
      await put("outbox", entry);
      return "no_api";
    }
    if (transient(r)) {
      entry.state = "waiting";
      await put("outbox", entry);
      return r.status === 401 ? "signed_out" : "offline";
    }
    entry.state = "refused";
    entry.errors = r.json.errors || {};
    entry.detail = r.json.detail || t(r.status === 403 ? "refused_403" : r.status === 409 ? "refused_409" : "refused");
    await put("outbox", entry);
    return "refused";
  }

  // ---- the outbox page, and the count in the menu ----
  async function countOutbox() {
    const n = (await all("outbox")).filter((x) => x.state !== "sent").length;
    let a = $(".outbox-link");
    if (!a && n) {
      a = Object.assign(document.createElement("a"), { className: "outbox-link", href: "/field/outbox" });
      $(".topbar")?.append(a);
    }
    if (a) {
      a.hidden = !n;
      a.textContent = t("outbox_n", n);
    }
    return n;
  }

  async function drawOutbox() {
    const ul = $("#outbox");
    if (!ul) return;
    const entries = (await all("outbox")).sort((a, b) => b.created - a.created);
    // sent entries are listed a week, then forgotten
    for (const x of entries) if (x.state === "sent" && Date.now() - x.sent > 7 * 864e5) await del("outbox", x.id);
    ul.replaceChildren();
    if (!entries.length) ul.append(Object.assign(document.createElement("li"), { className: "muted", textContent: ul.dataset.none }));
    $("#send-now").hidden = !entries.some((x) => x.state === "waiting");
    for (const x of entries) {
      const li = document.createElement("li");
      li.dataset.state = x.state;
      const head = document.createElement("p");
      const state = Object.assign(document.createElement("span"), { className: "state", textContent: t(`state_${x.state}`) });
      head.append(state, ` · ${x.title || ""} · ${x.site || ""} · ${new Date(x.created).toLocaleString()}`);
      li.append(head);
      if (x.detail) li.append(Object.assign(document.createElement("p"), { className: "error", textContent: x.detail }));
      for (const [k, m] of Object.entries(x.errors || {}))
        li.append(Object.assign(document.createElement("p"), { className: "error", textContent: `${k}: ${m.join(" ")}` }));
      for (const p of x.photos || [])
        if (p.refused) li.append(Object.assign(document.createElement("p"), { className: "error", textContent: `${p.name}: ${p.refused}` }));
      if (x.activityId && x.state === "sent") {
        li.append(Object.assign(document.createElement("a"), { href: `/activities/${x.activityId}`, textContent: t("open") }));
      }
      if (x.state === "refused") {
        const fix = Object.assign(document.createElement("button"), { type: "button", textContent: t("fix") });
        fix.onclick = async () => {
          const photos = (x.photos || []).filter((p) => p.blob).map((p) => ({ blob: p.blob, name: p.name }));
          await put("drafts", { path: x.url, id: uuid(), values: x.values, photos, errors: x.errors });
          await del("outbox", x.id);
          location.assign(x.url);
        };
        li.append(fix);
      }
      if (x.state !== "sent") {
        const rm = Object.assign(document.createElement("button"), { type: "button", className: "secondary", textContent: t("discard") });
        rm.onclick = async () => {
          if (confirm(t("discard_confirm"))) await del("outbox", x.id);
          drawOutbox();
          countOutbox();
        };
        li.append(" ", rm);
      }
      ul.append(li);
    }
  }

  // after a failed attempt while the phone believes it is online: again in 3 s, 6 s, … 1 min
  let backoff = 0;
  let retry;
  function later(result) {
    clearTimeout(retry);
    if ((result === "offline" || result === "busy") && navigator.onLine) {
      backoff = Math.min(60000, (backoff || 1500) * 2);
      retry = setTimeout(trySync, backoff);
    } else backoff = 0;
  }

  // the other tabs redraw when one of them has sent (or refused) an entry
  const changes = "BroadcastChannel" in self ? new BroadcastChannel("outreach-outbox") : null;
  if (changes) changes.onmessage = () => (drawOutbox(), countOutbox());

  async function trySync() {
    if (!(await countOutbox())) return drawOutbox(); // another tab may have sent them meanwhile
    const status = $(".field-status");
    const r = await sync(null, $("#outbox") ? status : null);
    later(r);
    if (status && $("#outbox")) {
      say(status, r === "signed_out" ? t("queued_signed_out") : r === "offline" ? t("queued_offline") : "");
      if (r === "signed_out") signInLink(status);
    }
  }

  // ---- start ----
  function start() {
    const saved = location.hash.match(/^#saved-([0-9a-f-]{36})$/);
    if (saved)
      all("drafts").then((ds) => ds.filter((d) => d.id === saved[1]).forEach((d) => del("drafts", d.path)));
    const flash = sessionStorage.getItem("field-flash");
    if (flash) {
      sessionStorage.removeItem("field-flash");
      const p = Object.assign(document.createElement("p"), { className: "flash flash-success", textContent: flash });
      p.setAttribute("role", "status");
      $("main")?.prepend(p);
    }
    $$("form[data-draft]").forEach(enhanceForm);
    // signing out forgets the pages kept for this user (the outbox stays until it is sent)
    $$('form[action$="/logout"]').forEach((f) =>
      f.addEventListener("submit", () => {
        navigator.serviceWorker?.controller?.postMessage({ forget: true });
        localStorage.removeItem(`field-kept-${document.body.dataset.user}`);
      }),
    );
    drawOutbox();
    const now = $("#send-now");
    if (now) now.onclick = trySync;
    trySync();
    addEventListener("online", trySync);
    setInterval(() => navigator.onLine && trySync(), 30000);
    if ("serviceWorker" in navigator && document.body.dataset.user) {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(keepOffline, () => {});
    }
  }

  // the service worker keeps the pages of the user's forms, once a day, after the page is shown;
  // <html data-offline="ready"> says they are kept
  const tell = (sw, keep) =>
    new Promise((ok) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = (e) => ok(e.data);
      sw.postMessage({ keep }, [ch.port2]);
    });
  async function keepOffline() {
    const day = new Date().toISOString().slice(0, 10);
    const mark = `field-kept-${document.body.dataset.user}`;
    const sw = (await navigator.serviceWorker.ready).active;
    const assets = $$("link[rel=stylesheet],script[src],link[rel=icon]").map((e) => e.getAttribute("href") || e.getAttribute("src"));
    await tell(sw, assets);
    if (localStorage.getItem(mark) !== day) {
      await new Promise((ok) => setTimeout(ok, 1000));
      try {
        const r = await fetch("/field/offline-pages", { redirect: "manual", credentials: "same-origin" });
        if (!r.ok || !(await tell(sw, (await r.json()).pages))) return;
        localStorage.setItem(mark, day);
      } catch {
        return;
      }
    }
    document.documentElement.dataset.offline = "ready";
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
