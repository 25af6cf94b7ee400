// Speed networking on a phone (/live/p/<token>/netzwerk/speed/) and on the wall (/live/w/<token>/speed/).
// The state comes from config.state_url (JSON); the café's socket (config.socket) says when to fetch it again
// (`speed.changed`); without a socket the page polls every config.poll_ms. The countdown runs here, from the
// server's deadline (round_clock.js, shared with live.js).
// Everything people typed is shown with textContent, never as HTML.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("speed-config").textContent);
  const T = JSON.parse(document.getElementById("speed-texts").textContent);
  const ROUND = config.states.round;      // {RUNNING: "running", …} from the server's enums
  const SESSION = config.states.session;
  const root = document.getElementById("speed");
  const isWall = root.dataset.kind === "w";
  const $ = (id) => document.getElementById(id);

  let state = null;
  let socket = null;
  let socketOpen = false;
  let failures = 0;
  let pollTimer = null;
  let fetching = null;

  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, key) { return values[key] === undefined ? "" : String(values[key]); });
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // ---------------------------------------------------------------- time
  function remaining() { return WeltcafeClock.remaining(state && state.round, ROUND); }

  function clock() {
    const seconds = remaining();
    const node = $("countdown");
    if (seconds === null) { node.textContent = ""; return; }
    node.textContent = WeltcafeClock.text(seconds);
    node.classList.toggle("paused", state.round.status === ROUND.PAUSED);
  }

  // ---------------------------------------------------------------- render
  function roundLine() {
    const session = state.session, round = state.round;
    if (!session) return "";
    const index = round ? round.index : (state.shown_round || 1);
    let line = fill(T.round, { index: index, count: session.round_count });
    if (round && round.status === ROUND.PAUSED) line += " · " + T.paused;
    if (round && round.status === ROUND.ENDED && session.status !== SESSION.ENDED) line += " · " + T.ended;
    return line;
  }

  function message() {
    const session = state.session, round = state.round;
    if (!session) return T.none;
    if (session.status === SESSION.ENDED) return T.finished;
    if (!isWall) {
      if (!state.visible) return T.not_visible;
      if (!state.planned) return T.not_planned;
    }
    if (!round) return T.before;
    return "";
  }

  function meetingCard(meeting) {
    const box = document.createDocumentFragment();
    box.appendChild(el("p", "speed-point", fill(T.meeting_point, { group: meeting.group })));
    box.appendChild(el("p", "speed-label", meeting.partners.length > 1 ? T.partners : T.partner));
    if (!meeting.partners.length) box.appendChild(el("p", "speed-reason", T.nobody));
    meeting.partners.forEach(function (person) {
      const line = el("p", "speed-person", person.name);
      if (person.organisation) line.appendChild(el("span", "org", ", " + person.organisation));
      box.appendChild(line);
      if (person.reason) box.appendChild(el("p", "speed-reason", person.reason));
    });
    return box;
  }

  function renderPhone() {
    const finished = state.session && state.session.status === SESSION.ENDED;
    const showNow = !finished && state.now && state.round && state.round.status !== ROUND.ENDED;
    $("now-box").hidden = !showNow;
    $("now").replaceChildren(showNow ? meetingCard(state.now) : "");
    const showNext = !finished && !!state.next;
    $("next-box").hidden = !showNext;
    $("next").replaceChildren(showNext ? meetingCard(state.next) : "");
    if (showNext) $("next-title").textContent = T.next + " · " + fill(T.round, { index: state.next.round, count: state.session.round_count });
    $("profile-link").hidden = !(state.session && !state.visible);
    if (state.session && state.visible && state.planned && state.round && state.round.status !== ROUND.ENDED && !state.now) {
      $("message").textContent = T.no_seat;
    }
  }

  function renderWall() {
    const list = $("groups");
    const finished = state.session && state.session.status === SESSION.ENDED;
    list.replaceChildren();
    if (finished) return;
    (state.groups || []).forEach(function (group) {
      const card = el("article", "speed-wall-group");
      card.appendChild(el("p", "wall-number", fill(T.group, { group: group.number })));
      const people = el("ul");
      group.members.forEach(function (person) {
        const item = el("li", "", person.name);
        if (person.organisation) item.appendChild(el("span", "org", person.organisation));
        people.appendChild(item);
      });
      card.appendChild(people);
      list.appendChild(card);
    });
    const round = state.round;
    if (state.shown_round && (!round || round.status === ROUND.ENDED)) {
      $("message").textContent = T.next + ": " + fill(T.round, { index: state.shown_round, count: state.session.round_count });
    }
  }

  function render() {
    if (!state) return;
    $("round-label").textContent = roundLine();
    $("message").textContent = message();
    if (isWall) renderWall(); else renderPhone();
    clock();
  }

  // ---------------------------------------------------------------- transport
  function fetchState() {
    if (fetching) return fetching;
    fetching = fetch(config.state_url, { credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (response) { if (!response.ok) throw new Error(String(response.status)); return response.json(); })
      .then(function (next) {
        state = next;
        WeltcafeClock.sync(next.server_now);
        root.dataset.round = next.round ? String(next.round.index) : "";
        root.dataset.status = next.round ? next.round.status : "";
        render();
      })
      .catch(function () { /* the next poll or event tries again */ })
      .finally(function () { fetching = null; });
    return fetching;
  }

  function status(text) { $("connection").textContent = text; }

  function startPolling() {
    if (!pollTimer) pollTimer = setInterval(fetchState, config.poll_ms || 5000);
  }

  function stopPolling() {
    if (pollTimer) { clearInterval(pollTimer); pollTimer = null; }
  }

  function connect() {
    if (!config.socket || !("WebSocket" in window)) return startPolling();
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + config.socket);
    socket.onopen = function () {
      socketOpen = true; failures = 0; stopPolling(); status("");
      fetchState();  // whatever happened while the socket was down
    };
    socket.onmessage = function (message) {
      const event = JSON.parse(message.data);
      if (event.type === "speed.changed") fetchState();
    };
    socket.onclose = function (closing) {
      socketOpen = false;
      startPolling();
      if (closing.code === 4404) return;  // unknown link: the state endpoint will say so too
      failures += 1;
      if (failures >= 2) status(T.polling);
      setTimeout(connect, Math.min(30000, 1000 * Math.pow(2, failures)));
    };
  }

  setInterval(function () { if (state) clock(); }, 250);
  // The socket is only a hint to fetch; a slow poll keeps even a quiet socket honest (lost events, sleep).
  setInterval(function () { if (socketOpen) fetchState(); }, 30000);
  fetchState();
  connect();
})();
