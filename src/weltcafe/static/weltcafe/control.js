// The facilitator's control room as one live screen. Without this script every form still works (a post and a
// reload); with it:
// - the round's countdown runs on top (round_clock.js, the same clock as every phone and the wall);
// - the page follows the café: it listens on the wall's socket (every idea, moderation and round change reaches a
//   wall) and re-reads the page's own sections, never the one the facilitator is typing or choosing in;
// - forms are sent in the background: the page stays where it is, focus stays on the button, the message is read out;
// - what cannot be undone asks first (data-confirm);
// - the check-in list is searched as you type.
(function () {
  "use strict";
  const LIVE_SECTIONS = ["round-bar", "rounds", "broadcast", "moderation", "attendance", "messages"];
  const REREAD_SECONDS = 15;  // also without any event: a second organiser's check-ins, a socket that is blocked
  let config = readConfig(document);
  let socket = null;
  let failures = 0;
  let pending = false;
  let rereadTimer = null;

  function readConfig(root) {
    const node = root.getElementById("control-config");
    return node ? JSON.parse(node.textContent) : null;
  }
  if (!config) return;
  const ROUND = config.states.round;

  // ------------------------------------------------------------------ countdown
  function tick() {
    const clock = document.getElementById("control-countdown");
    if (!clock) return;
    const seconds = WeltcafeClock.remaining(config.round, ROUND);
    clock.textContent = seconds === null ? "" : WeltcafeClock.text(seconds);
    clock.classList.toggle("late", seconds !== null && seconds <= 60);
  }
  WeltcafeClock.sync(config.server_now);
  setInterval(tick, 1000);
  tick();

  // ------------------------------------------------------------------ re-reading the page
  function busy(section) {
    // Typing, choosing or reading an opened "Bearbeiten" there: leave it alone until the facilitator is done.
    const active = document.activeElement;
    if (active && active !== document.body && section.contains(active) && active.matches("input, textarea, select")) return true;
    return Boolean(section.querySelector("details[open]:not(#table-links)"));
  }

  function swapFrom(html) {
    const next = new DOMParser().parseFromString(html, "text/html");
    const skipped = [];
    LIVE_SECTIONS.forEach(function (id) {
      const now = document.getElementById(id);
      const fresh = next.getElementById(id);
      if (!now || !fresh) return;
      if (busy(now)) { skipped.push(id); return; }
      const query = id === "attendance" ? searchValue() : null;
      now.replaceWith(fresh);
      if (query !== null) applySearch(query);
    });
    const fresher = readConfig(next);
    if (fresher) { config = fresher; WeltcafeClock.sync(config.server_now); tick(); }
    pending = skipped.length > 0;
    markPending(skipped);
  }

  function markPending(ids) {
    LIVE_SECTIONS.forEach(function (id) {
      const section = document.getElementById(id);
      if (section) section.classList.toggle("stale", ids.indexOf(id) >= 0);
    });
  }

  function reread() {
    clearTimeout(rereadTimer);
    rereadTimer = setTimeout(reread, REREAD_SECONDS * 1000);
    return fetch(location.pathname, { headers: { Accept: "text/html" }, cache: "no-store", credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html) swapFrom(html); })
      .catch(function () { /* the next event or timer tries again */ });
  }

  let soon = null;
  function rereadSoon() {
    // A burst of ideas is one re-read, not twenty.
    if (soon) return;
    soon = setTimeout(function () { soon = null; reread(); }, 400);
  }

  document.addEventListener("focusout", function () { if (pending) setTimeout(function () { if (pending) reread(); }, 50); });
  document.addEventListener("toggle", function (event) {
    if (pending && event.target.matches && event.target.matches("details") && !event.target.open) reread();
  }, true);

  function connect() {
    if (!("WebSocket" in window) || !config.socket) return;
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + config.socket);
    socket.onopen = function () { failures = 0; };
    socket.onmessage = function (message) {
      const event = JSON.parse(message.data);
      if (event.type !== "pong" && event.type !== "snapshot") rereadSoon();
    };
    socket.onclose = function (closing) {
      if (closing.code === 4404 || closing.code === 4403) return;  // the wall link was renewed: the next re-read brings the new one
      failures += 1;
      setTimeout(connect, Math.min(30000, 1000 * 2 ** failures) * (0.5 + Math.random()));
    };
  }

  // ------------------------------------------------------------------ forms in the background
  function say(text) {
    const region = document.getElementById("control-said");
    if (!region) return;
    region.textContent = "";
    setTimeout(function () { region.textContent = text; }, 50);  // a change, so screen readers read it again
  }

  function submitterKey(form, button) {
    return { action: form.getAttribute("action"), name: button ? button.name : "", value: button ? button.value : "" };
  }

  function refocus(key) {
    const forms = Array.from(document.querySelectorAll("form")).filter(function (f) { return f.getAttribute("action") === key.action; });
    for (const form of forms) {
      const button = Array.from(form.querySelectorAll("button")).find(function (b) { return b.name === key.name && b.value === key.value; })
        || form.querySelector("button");
      if (button) { button.focus({ preventScroll: true }); return; }
    }
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    // getAttribute: the round form's buttons are named "action", which shadows form.action.
    if (!form.closest("#control") || (form.getAttribute("method") || "").toLowerCase() !== "post") return;
    const button = event.submitter || null;
    const question = (button && button.dataset.confirm) || form.dataset.confirm;
    if (question && !window.confirm(question)) { event.preventDefault(); return; }
    event.preventDefault();
    const body = new FormData(form);
    if (button && button.name) body.append(button.name, button.value);
    const key = submitterKey(form, button);
    if (button) button.disabled = true;
    fetch(form.getAttribute("action"), { method: "POST", body: body, credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        // Some actions lead elsewhere (a revoked link goes to the desk page with the new QR code): follow them.
        if (response.redirected && new URL(response.url).pathname !== location.pathname) { location.assign(response.url); return null; }
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        if (html === null) return;
        const scroll = window.scrollY;
        const active = document.activeElement;
        if (active && active.closest && active.closest("#control")) active.blur();  // the section may be re-read now
        swapFrom(html);
        window.scrollTo(0, scroll);
        refocus(key);
        const said = document.querySelector("#messages .message");
        if (said) say(said.textContent.trim());
      })
      .catch(function () { if (button) button.disabled = false; say(config.texts.offline); });
  });

  // ------------------------------------------------------------------ check-in search
  function searchValue() {
    const field = document.getElementById("check-in-search");
    return field ? field.value : "";
  }

  function applySearch(query) {
    const field = document.getElementById("check-in-search");
    if (field && field.value !== query) field.value = query;
    const words = query.toLocaleLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").split(/\s+/).filter(Boolean);
    let shown = 0;
    document.querySelectorAll("#attendance tbody tr").forEach(function (row) {
      const text = (row.dataset.search || row.textContent).toLocaleLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      const match = words.every(function (word) { return text.indexOf(word) >= 0; });
      row.hidden = !match;
      if (match) shown += 1;
    });
    const count = document.getElementById("check-in-found");
    if (count) count.textContent = words.length ? config.texts.found.replace("%(count)s", shown) : "";
  }

  document.addEventListener("input", function (event) {
    if (event.target.id === "check-in-search") applySearch(event.target.value);
  });
  document.addEventListener("keydown", function (event) {
    // "/" jumps to the check-in search, as in many lists; not while typing elsewhere.
    if (event.key !== "/" || event.target.matches("input, textarea, select")) return;
    const field = document.getElementById("check-in-search");
    if (field) { event.preventDefault(); field.focus(); }
  });

  connect();
  rereadTimer = setTimeout(reread, REREAD_SECONDS * 1000);
})();
