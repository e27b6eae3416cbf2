/* Household visits on the phone (issue 24): the team's households, the visit
   form drawn from the campaign's questions, drafts and the outbox in
   IndexedDB (idb), photos resized here before they are kept, and a sync that
   sends the outbox one visit at a time under the visit's own UUID, so a resend
   after a lost answer never stores a visit twice. Nothing is removed from the
   phone until the server has answered for it. */
(() => {
  "use strict";
  const CONFIG = JSON.parse(document.getElementById("field-config").textContent);
  const T = JSON.parse(document.getElementById("field-text").textContent);
  const app = document.getElementById("app");
  const SHELL_CACHE = "field-shell-v1";
  const DB_NAME = "field-capture";
  const PHOTO_MAX_SIDE = 1600;
  const PHOTO_QUALITY = 0.8;
  const OPEN = ["draft", "pending", "refused"]; // not yet stored on the server

  const dbPromise = idb.openDB(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore("households", { keyPath: "key" });
      db.createObjectStore("meta");
      db.createObjectStore("visits", { keyPath: "key" }).createIndex("slug", "slug");
    },
  });

  // --- small helpers ---------------------------------------------------------

  const esc = (value) =>
    String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

  function uuid4() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  function csrfToken() {
    const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
    if (cookie) return decodeURIComponent(cookie.split("=")[1]);
    return document.querySelector("#logout-form [name=csrfmiddlewaretoken]").value;
  }

  function officialDate(iso) {
    const d = new Date(iso);
    return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
  }

  function flash(text, kind = "info") {
    const box = document.createElement("div");
    box.className = `alert alert-${kind} field-flash`;
    box.setAttribute("role", kind === "danger" ? "alert" : "status");
    box.textContent = text;
    // Outside #app: a page drawn after the sync must not wipe what the sync said.
    document.getElementById("field-flashes").replaceChildren(box);
  }

  const STATUS_CLASS = { draft: "secondary", pending: "warning", sent: "success", refused: "danger" };
  const badge = (status) =>
    `<span class="badge text-bg-${STATUS_CLASS[status] || "light"}" data-status="${status}">${esc(T[status] || T.notVisited)}</span>`;

  // --- the phone's data ------------------------------------------------------

  async function formOf() {
    return (await (await dbPromise).get("meta", `form:${CONFIG.slug}`)) || null;
  }

  async function households() {
    const all = await (await dbPromise).getAll("households");
    return all.filter((h) => h.slug === CONFIG.slug);
  }

  async function visits() {
    return (await dbPromise).getAllFromIndex("visits", "slug", CONFIG.slug);
  }

  async function saveVisit(visit) {
    await (await dbPromise).put("visits", visit);
  }

  /* Another user's households and drafts never stay on a phone someone else
     logs in to (a logout normally clears them already). */
  async function forgetOtherUsers() {
    const db = await dbPromise;
    const owner = await db.get("meta", "user");
    if (owner && owner !== CONFIG.user) {
      await Promise.all(["households", "meta", "visits"].map((store) => db.clear(store)));
    }
    await db.put("meta", CONFIG.user, "user");
  }

  async function download() {
    const response = await fetch(CONFIG.households_url, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (response.redirected || !response.ok) throw new Error("download");
    const data = await response.json();
    const db = await dbPromise;
    const tx = db.transaction(["households", "meta"], "readwrite");
    const store = tx.objectStore("households");
    for (const key of await store.getAllKeys()) {
      if (key.startsWith(`${CONFIG.slug}:`)) await store.delete(key);
    }
    for (const h of data.households) await store.put({ ...h, key: `${CONFIG.slug}:${h.id}`, slug: CONFIG.slug });
    await tx.objectStore("meta").put(
      { questions: data.questions, title: data.campaign.title, loadedAt: new Date().toISOString() },
      `form:${CONFIG.slug}`
    );
    await tx.done;
  }

  // --- photos: resized on the phone before they are kept ------------------------

  async function resizePhoto(file) {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    return new Promise((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("photo"))), "image/jpeg", PHOTO_QUALITY)
    );
  }

  // --- sync: one visit at a time, under its own key ------------------------------

  let syncing = false;

  async function sendOne(visit) {
    const body = new FormData();
    body.append("key", visit.key);
    body.append("visited_at", visit.visitedAt);
    body.append("answers", JSON.stringify(visit.answers));
    body.append("propose", JSON.stringify(visit.propose || []));
    for (const [question, blob] of Object.entries(visit.photos || {})) {
      body.append(`photo:${question}`, blob, `${question}.jpg`);
    }
    let response;
    try {
      response = await fetch(CONFIG.visit_url.replace("{id}", visit.sampled), {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
        redirect: "manual",
      });
    } catch (error) {
      return "network";
    }
    if (response.type === "opaqueredirect" || response.status === 403) return "login";
    if (response.status === 200 || response.status === 201) {
      const data = await response.json();
      // Stored on the server: the photos need not stay on the phone.
      await saveVisit({ ...visit, status: "sent", photos: {}, errors: {}, serverId: data.id, sentAt: new Date().toISOString() });
      return "sent";
    }
    if (response.status === 400 || response.status === 404) {
      let errors = { __all__: [T.refused] };
      try {
        errors = (await response.json()).errors || errors;
      } catch (error) {
        /* keep the general message */
      }
      await saveVisit({ ...visit, status: "refused", errors });
      return "refused";
    }
    return "network"; // a server error: try again later, nothing lost
  }

  async function sync() {
    if (syncing || !navigator.onLine) return;
    syncing = true;
    try {
      const queue = (await visits()).filter((v) => v.status === "pending").sort((a, b) => a.savedAt.localeCompare(b.savedAt));
      for (const visit of queue) {
        const outcome = await sendOne(visit);
        if (outcome === "login") {
          flash(T.loginAgain, "warning");
          break;
        }
        if (outcome === "network") {
          flash(T.networkLost, "warning");
          break;
        }
      }
    } finally {
      syncing = false;
      await showOutboxCount();
      if (!location.hash.startsWith("#/h/") && !location.hash.startsWith("#/v/")) await route();
    }
  }

  // --- pages -------------------------------------------------------------------

  async function showOutboxCount() {
    const waiting = (await visits()).filter((v) => OPEN.includes(v.status)).length;
    document.getElementById("outbox-count").textContent = waiting ? String(waiting) : "";
  }

  function showNetwork() {
    const net = document.getElementById("net");
    net.textContent = navigator.onLine ? T.online : T.offline;
    net.className = `badge ${navigator.onLine ? "text-bg-success" : "text-bg-dark"}`;
  }

  function markTab(name) {
    document.querySelectorAll(".field-tabs a").forEach((a) => a.classList.toggle("active", a.dataset.tab === name));
  }

  async function latestByHousehold() {
    const latest = {};
    for (const v of await visits()) {
      if (!latest[v.sampled] || latest[v.sampled].savedAt < v.savedAt) latest[v.sampled] = v;
    }
    return latest;
  }

  async function listPage() {
    markTab("list");
    const [rows, form, latest] = await Promise.all([households(), formOf(), latestByHousehold()]);
    if (!form) {
      app.innerHTML = `<p class="text-secondary">${esc(T.noHouseholds)}</p>`;
      return;
    }
    if (!rows.length) {
      app.innerHTML = `<p class="text-secondary">${esc(T.noneAssigned)}</p>`;
      return;
    }
    let html = `<p class="small text-secondary">${esc(T.loadedAt)} ${esc(officialDate(form.loadedAt))}
      ${navigator.onLine ? `· <button class="btn btn-link btn-sm p-0 align-baseline" id="reload">${esc(T.reload)}</button>` : ""}</p>`;
    let village = null;
    for (const h of rows) {
      if (h.village !== village) {
        if (village !== null) html += "</div>";
        village = h.village;
        html += `<h2 class="h6 mt-3">${esc(h.town)} ${esc(h.village)}</h2><div class="list-group">`;
      }
      const visit = latest[h.id];
      html += `<a class="list-group-item list-group-item-action field-household d-flex justify-content-between align-items-center"
        href="#/h/${h.id}" data-household="${h.id}"><span><strong>${esc(h.head)}</strong><br>
        <span class="small text-secondary">${esc(h.number)} · ${h.members.length}人</span></span>${badge(visit ? visit.status : "")}</a>`;
    }
    app.innerHTML = html + "</div>";
    const reload = document.getElementById("reload");
    if (reload) reload.addEventListener("click", () => download().then(route).catch(() => flash(T.loginAgain, "warning")));
  }

  async function outboxPage() {
    markTab("outbox");
    const [rows, latest] = await Promise.all([households(), visits()]);
    const byId = Object.fromEntries(rows.map((h) => [h.id, h]));
    latest.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
    if (!latest.length) {
      app.innerHTML = `<p class="text-secondary">${esc(T.outboxEmpty)}</p>`;
      return;
    }
    const pending = latest.some((v) => v.status === "pending");
    let html = pending && navigator.onLine ? `<button class="btn btn-danger w-100 mb-3" id="send-now">${esc(T.sendNow)}</button>` : "";
    html += '<ul class="list-group" id="outbox">';
    for (const v of latest) {
      const h = byId[v.sampled] || { head: "", number: v.sampled };
      const errors = Object.values(v.errors || {}).flat();
      html += `<li class="list-group-item" data-key="${esc(v.key)}"><div class="d-flex justify-content-between">
        <span><strong>${esc(h.head)}</strong> · ${esc(h.number)}<br><span class="small text-secondary">${esc(officialDate(v.savedAt))}</span></span>
        ${badge(v.status)}</div>
        ${errors.length ? `<ul class="field-error mb-1">${errors.map((e) => `<li>${esc(e)}</li>`).join("")}</ul>` : ""}
        ${OPEN.includes(v.status) && v.status !== "pending" ? `<a class="btn btn-sm btn-outline-danger mt-1" href="#/v/${esc(v.key)}">${esc(T.edit)}</a>` : ""}</li>`;
    }
    app.innerHTML = html + "</ul>";
    const send = document.getElementById("send-now");
    if (send) send.addEventListener("click", sync);
  }

  function qualifies(question, value, household) {
    if (!question.finding_category || value === undefined) return false;
    if (question.kind === "yesno") return value === false;
    if (question.kind === "members_yesno") return Object.values(value).includes(false);
    if (question.kind === "number" && question.compare === "per_capita_income" && household.per_capita_income) {
      const registered = Number(household.per_capita_income);
      return Math.abs(Number(value) - registered) > registered * Number(question.gap || 0.2);
    }
    return false;
  }

  function yesNo(name, value) {
    const radio = (v, label) => `<input type="radio" class="btn-check" name="${name}" id="${name}-${v}" value="${v}" autocomplete="off"
      ${value === (v === "yes") ? "checked" : ""}><label class="btn btn-outline-secondary" for="${name}-${v}">${esc(label)}</label>`;
    return `<div class="btn-group w-100" role="group">${radio("yes", T.yes)}${radio("no", T.no)}</div>`;
  }

  function questionHtml(q, visit, household) {
    const value = visit.answers[q.key];
    const name = `q-${q.key}`;
    let input = "";
    if (q.kind === "yesno") input = yesNo(name, value);
    else if (q.kind === "members_yesno") {
      const members = household.members.filter((m) => q.members !== "school_age" || m.school_age);
      input = members.length
        ? members.map((m) => `<div class="field-member"><span>${esc(m.name)}<br><span class="small text-secondary">${esc(m.relationship)} · ${esc(m.id_number)}</span></span>
            <span class="flex-shrink-0" style="width:9rem">${yesNo(`${name}-${m.id}`, value ? value[m.id] : undefined)}</span></div>`).join("")
        : `<p class="small text-secondary mb-0">${esc(T.noSchoolAge)}</p>`;
    } else if (q.kind === "choice") {
      input = `<div class="btn-group w-100 flex-wrap" role="group">${q.choices.map((c, i) => `<input type="radio" class="btn-check" name="${name}" id="${name}-${i}" value="${esc(c)}"
        ${value === c ? "checked" : ""}><label class="btn btn-outline-secondary" for="${name}-${i}">${esc(c)}</label>`).join("")}</div>`;
    } else if (q.kind === "number") {
      input = `<input class="form-control" type="number" inputmode="decimal" step="0.01" min="0" name="${name}" id="${name}" value="${esc(value ?? "")}">`;
      if (q.compare === "per_capita_income") {
        input += `<div class="small text-secondary mt-1">${esc(T.registryIncome)}：${esc(household.per_capita_income ?? "—")}</div>`;
      }
    } else if (q.kind === "text") {
      input = `<textarea class="form-control" rows="2" name="${name}" id="${name}">${esc(value ?? "")}</textarea>`;
    } else if (q.kind === "photo") {
      input = `<input class="form-control" type="file" accept="image/*" capture="environment" name="${name}" id="${name}" aria-label="${esc(T.photo)}">
        <div class="field-photo-slot" data-photo="${q.key}"></div>`;
    }
    const errors = (visit.errors || {})[q.key] || [];
    const propose = q.finding_category
      ? `<div class="form-check mt-2 field-propose" data-propose="${q.key}" hidden>
          <input class="form-check-input" type="checkbox" id="propose-${q.key}" ${(visit.propose || [q.key]).includes(q.key) || !visit.propose ? "checked" : ""}>
          <label class="form-check-label small" for="propose-${q.key}">${esc(T.propose)}</label></div>`
      : "";
    return `<div class="field-q${errors.length ? " is-refused" : ""}" data-question="${q.key}">
      <label class="form-label fw-bold" for="${name}">${esc(q.label)}${q.required ? ` <span class="text-danger small">*${esc(T.required)}</span>` : ""}</label>
      ${input}${errors.map((e) => `<div class="field-error" role="alert">${esc(e)}</div>`).join("")}${propose}</div>`;
  }

  function readAnswers(questions, household, root) {
    const answers = {};
    const checked = (name) => root.querySelector(`input[name="${name}"]:checked`);
    for (const q of questions) {
      const name = `q-${q.key}`;
      if (q.kind === "yesno") {
        const c = checked(name);
        if (c) answers[q.key] = c.value === "yes";
      } else if (q.kind === "members_yesno") {
        const per = {};
        for (const m of household.members) {
          const c = checked(`${name}-${m.id}`);
          if (c) per[m.id] = c.value === "yes";
        }
        if (Object.keys(per).length) answers[q.key] = per;
      } else if (q.kind === "choice") {
        const c = checked(name);
        if (c) answers[q.key] = c.value;
      } else if (q.kind === "number" || q.kind === "text") {
        const v = root.querySelector(`[name="${name}"]`).value.trim();
        if (v !== "") answers[q.key] = v;
      }
    }
    return answers;
  }

  async function visitPage(householdId, key) {
    markTab("list");
    const form = await formOf();
    let visit = key ? await (await dbPromise).get("visits", key) : null;
    if (!visit) {
      const open = (await visits()).find((v) => v.sampled === householdId && ["draft", "refused"].includes(v.status));
      visit = open || { key: uuid4(), slug: CONFIG.slug, sampled: householdId, answers: {}, photos: {}, status: "draft", errors: {} };
    }
    const household = (await households()).find((h) => h.id === visit.sampled);
    if (!form || !household) {
      app.innerHTML = `<p class="text-secondary">${esc(T.noHouseholds)}</p>`;
      return;
    }
    const photos = { ...(visit.photos || {}) };
    const general = [...((visit.errors || {}).__all__ || []), ...((visit.errors || {}).key || [])];
    app.innerHTML = `<a href="#/" class="btn btn-link px-0">‹ ${esc(T.back)}</a>
      <h1 class="h5 mb-1">${esc(T.visitOf)} · ${esc(household.head)}</h1>
      <p class="small text-secondary mb-2">${esc(household.town)} ${esc(household.village)} · ${esc(household.number)} · ${badge(visit.status)}</p>
      ${visit.status === "refused" ? `<div class="alert alert-danger" role="alert">${esc(T.refusedHelp)}${general.map((e) => `<br>${esc(e)}`).join("")}</div>` : ""}
      <details class="mb-2"><summary class="small">${esc(T.members)}（${household.members.length}）</summary>
        <ul class="small mb-0">${household.members.map((m) => `<li>${esc(m.name)} · ${esc(m.relationship)} · ${esc(m.id_number)}${m.age !== null ? ` · ${m.age}岁` : ""}</li>`).join("")}</ul></details>
      <form id="visit-form" novalidate>${form.questions.map((q) => questionHtml(q, visit, household)).join("")}
      <div class="field-actions"><button type="button" class="btn btn-outline-secondary" id="save-draft">${esc(T.saveDraft)}</button>
      <button type="submit" class="btn btn-danger" id="queue">${esc(T.queue)}</button></div></form>`;
    const root = document.getElementById("visit-form");
    const showPhoto = (q) => {
      const slot = root.querySelector(`[data-photo="${q}"]`);
      if (slot && photos[q]) slot.innerHTML = `<img class="field-photo" alt="${esc(T.photoKept)}" src="${URL.createObjectURL(photos[q])}"><div class="small text-success">${esc(T.photoKept)}</div>`;
    };
    Object.keys(photos).forEach(showPhoto);
    const refreshProposals = () => {
      const answers = readAnswers(form.questions, household, root);
      for (const q of form.questions) {
        const box = root.querySelector(`[data-propose="${q.key}"]`);
        if (box) box.hidden = !qualifies(q, answers[q.key], household);
      }
    };
    refreshProposals();
    root.addEventListener("change", async (event) => {
      const input = event.target;
      if (input.type === "file" && input.files.length) {
        const q = input.name.slice(2);
        photos[q] = await resizePhoto(input.files[0]);
        showPhoto(q);
      }
      refreshProposals();
    });
    const keep = async (status) => {
      const answers = readAnswers(form.questions, household, root);
      const propose = form.questions
        .filter((q) => qualifies(q, answers[q.key], household) && root.querySelector(`#propose-${q.key}`).checked)
        .map((q) => q.key);
      visit = {
        ...visit,
        answers,
        propose,
        photos,
        status,
        errors: status === "pending" ? {} : visit.errors,
        savedAt: new Date().toISOString(),
        visitedAt: visit.visitedAt || new Date().toISOString(),
      };
      await saveVisit(visit);
      await showOutboxCount();
    };
    document.getElementById("save-draft").addEventListener("click", async () => {
      await keep(visit.status === "refused" ? "refused" : "draft");
      flash(T.savedLocal, "success");
    });
    root.addEventListener("submit", async (event) => {
      event.preventDefault();
      await keep("pending");
      location.hash = "#/outbox";
      sync();
    });
  }

  async function route() {
    const hash = location.hash || "#/";
    let match;
    if ((match = hash.match(/^#\/h\/(\d+)$/))) return visitPage(Number(match[1]), null);
    if ((match = hash.match(/^#\/v\/([\w-]+)$/))) return visitPage(null, match[1]);
    if (hash === "#/outbox") return outboxPage();
    return listPage();
  }

  // --- logout: the phone keeps no one's personal data -----------------------------

  async function clearDevice() {
    (await dbPromise).close();
    await new Promise((resolve) => {
      const request = indexedDB.deleteDatabase(DB_NAME);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
    if ("caches" in window) await Promise.all((await caches.keys()).map((k) => caches.delete(k)));
    if (navigator.serviceWorker) {
      for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister();
    }
  }

  document.getElementById("logout-form").addEventListener("submit", async (event) => {
    const form = event.target;
    if (form.dataset.cleared) return;
    event.preventDefault();
    const unsent = (await visits()).filter((v) => OPEN.includes(v.status)).length;
    if (unsent && !window.confirm(T.logoutPending.replace("%(count)s", unsent))) return;
    await clearDevice();
    form.dataset.cleared = "1";
    form.submit();
  });

  // --- start -------------------------------------------------------------------

  async function start() {
    showNetwork();
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register(CONFIG.sw_url, { scope: CONFIG.scope }).catch(() => {});
    }
    await forgetOtherUsers();
    if (navigator.onLine) {
      if ("caches" in window) caches.open(SHELL_CACHE).then((c) => c.add(location.pathname)).catch(() => {});
      try {
        await download();
      } catch (error) {
        /* offline after all, or logged out: work from what the phone holds */
      }
    }
    await showOutboxCount();
    await route();
    document.body.dataset.ready = "1";
    sync();
  }

  window.addEventListener("hashchange", route);
  window.addEventListener("online", () => {
    showNetwork();
    sync();
  });
  window.addEventListener("offline", showNetwork);
  start();
})();
