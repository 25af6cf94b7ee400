// The live café in the browser: one module for phones, table devices and the wall.
// State comes as a snapshot (socket on connect, or GET state_url) and is kept current by events; the reducer
// mirrors weltcafe/cafe/queries/snapshot.py:apply_event. Ideas that cannot be sent wait in localStorage and are
// resent with the same client UUID, so the server stores each exactly once.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("live-config").textContent);
  const T = JSON.parse(document.getElementById("live-texts").textContent);
  const ROUND = config.states.round;  // {PLANNED: "planned", RUNNING: …} from the server's enums
  const BALLOT = config.states.ballot;
  const root = document.getElementById("live");
  const $ = (id) => document.getElementById(id);

  let snap = null;          // the viewer's snapshot; snap.state is the café-wide part
  let socket = null;
  let socketFailures = 0;
  let pollTimer = null;
  let linkGone = false;     // the link was revoked, renewed or erased, or this phone belongs to someone else

  // ---------------------------------------------------------------- state
  function applyEvent(state, event) {
    if (event.type === "round.changed") state.round = event.round;
    else if (event.type === "idea.saved") state.ideas[String(event.idea.id)] = event.idea;
    else if (event.type === "message.changed") { state.message = event.message; state.message_at = event.message_at; state.message_until = event.message_until; }
    else if (event.type === "ballot.changed") { state.ballots = state.ballots || {}; state.ballots[String(event.ballot.id)] = event.ballot; }
    else if (event.type === "ballot.tally" && state.tallies) state.tallies[String(event.tally.ballot)] = event.tally;
  }

  function setSnapshot(next) {
    snap = next;
    WeltcafeClock.sync(next.server_now);
    render();
    flushOutbox();
  }

  function onEvent(event) {
    if (event.type === "link.closed") return stopForGood();
    if (event.type === "snapshot") return setSnapshot(event.snapshot);
    if (event.type === "pong" || !snap) return;
    if (event.type === "seats.changed") return fetchState();
    if (event.type === "themes.changed") {
      // Only hosts show themes (their briefing); everyone else learns of renamed options via ballot.changed.
      if ((snap.viewer.hosted_tables || []).length) fetchState();
      return;
    }
    applyEvent(snap.state, event);
    render();
  }

  // ---------------------------------------------------------------- transport
  function connect() {
    if (linkGone) return;
    if (!("WebSocket" in window)) return startPolling();
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    let opened = false;
    socket = new WebSocket(scheme + location.host + config.socket);
    const giveUp = setTimeout(function () { if (!opened) socket.close(); }, 5000);
    socket.onopen = function () {
      opened = true; clearTimeout(giveUp); socketFailures = 0; stopPolling(); status("");
    };
    socket.onmessage = function (message) { onEvent(JSON.parse(message.data)); };
    socket.onclose = function (closing) {
      clearTimeout(giveUp);
      // 4404: the link is unknown, revoked, renewed or erased; 4403: this phone belongs to another person's link.
      // Neither gets better by trying again.
      if (closing.code === 4404 || closing.code === 4403) return stopForGood();
      if (closing.code === 4429) {
        // Too many screens on this link: poll meanwhile and try the socket again much later, spread out.
        startPolling();
        setTimeout(connect, 60000 + Math.random() * 60000);
        return;
      }
      socketFailures += 1;
      if (!pollTimer) status(navigator.onLine === false ? T.offline : (config.post_url ? T.interrupted : T.wall_interrupted));
      // Venue proxies sometimes block websockets: after two failures poll, but keep trying the socket slowly.
      if (socketFailures >= 2) startPolling();
      // Spread out: when the hall's Wi-Fi comes back, hundreds of phones must not knock at the same moment.
      setTimeout(connect, Math.min(30000, 1000 * 2 ** socketFailures) * (0.5 + Math.random()));
    };
  }

  function stopForGood() {
    linkGone = true;
    stopPolling();
    if (socket && socket.readyState <= 1) socket.close();
    status(T.link_gone);
  }

  function startPolling() {
    if (pollTimer || linkGone) return;
    status(navigator.onLine === false ? T.offline : T.polling);
    fetchState();
    pollTimer = setInterval(fetchState, 3000);
  }

  function stopPolling() { if (pollTimer) { clearInterval(pollTimer); pollTimer = null; } }

  function fetchState() {
    if (linkGone) return Promise.resolve();
    return fetch(config.state_url, { headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (response) {
        // The polling phone learns of a dead link here, as the socket's phone does from its close code.
        if (response.status === 404 || response.status === 403) { stopForGood(); return null; }
        return response.ok ? response.json() : null;
      })
      .then(function (data) { if (data) setSnapshot(data); })
      .catch(function () { status(T.offline); });
  }

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // ---------------------------------------------------------------- outbox
  function outbox() {
    try { return JSON.parse(localStorage.getItem(config.outbox_key) || "[]"); } catch (e) { return []; }
  }
  function saveOutbox(items) {
    try { localStorage.setItem(config.outbox_key, JSON.stringify(items)); } catch (e) { /* private mode: memory only */ }
    memoryOutbox = items;
  }
  let memoryOutbox = outbox();
  let flushing = false;
  // A flush asked for while one runs (the network came back mid-request) runs right after it, not 5 s later.
  let flushAgain = false;

  function newUuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40; bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  // Set from an overloaded server's Retry-After (503) or a rate limit (429): no post before then.
  let holdUntil = 0;
  let holdTimer = null;

  function holdFor(response) {
    const seconds = parseInt(response.headers.get("Retry-After") || "", 10);
    const wait = (seconds > 0 ? seconds : 5) * 1000 * (1 + Math.random());  // spread the phones out
    holdUntil = Date.now() + wait;
    if (!holdTimer) holdTimer = setTimeout(function () { holdTimer = null; flushOutbox(); }, wait);
  }

  async function flushOutbox() {
    if (linkGone || !config.post_url) return;
    if (Date.now() < holdUntil) return;  // holdTimer flushes when the wait is over
    if (flushing) { flushAgain = true; return; }
    flushing = true;
    flushAgain = false;
    try {
      for (const item of outbox()) {
        let response;
        try {
          response = await fetch(config.post_url, {
            method: "POST",
            headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
            body: JSON.stringify(item),
          });
        } catch (e) {
          status(navigator.onLine === false ? T.offline : T.interrupted);
          break;  // still offline: keep everything, try again later
        }
        if (response.status === 429 || response.status >= 500) {
          // Come back later, keep the idea: the server is busy, restarting or cannot reach its database.
          if (response.status >= 500) status(T.interrupted);
          holdFor(response);
          break;
        }
        const data = await response.json().catch(function () { return {}; });
        saveOutbox(outbox().filter(function (queued) { return queued.client_uuid !== item.client_uuid; }));
        if (response.ok && snap) {
          applyEvent(snap.state, { type: "idea.saved", idea: data.idea });
        } else if (!response.ok) {
          // Refused: give the text back with the reason, so nothing typed is lost silently.
          showError(data.error || T.refused, item.text);
        }
      }
    } finally {
      flushing = false;
      if (!outbox().length && socket && socket.readyState === 1 && !pollTimer) status("");
      render();
      if (flushAgain) { flushAgain = false; flushOutbox(); }
    }
  }

  function submitIdea(event) {
    event.preventDefault();
    const field = $("idea-text");
    const text = field.value.trim();
    if (!text) return showError(T.write_first);
    if (text.length > config.limits.idea) return showError(T.too_long);
    const place = currentPlace();
    if (!place) return showError(T.not_running);
    const named = $("idea-named");
    saveOutbox(outbox().concat([{
      client_uuid: newUuid(), text: text, table: place.table, round: place.round,
      show_author: Boolean(named && named.checked),
    }]));
    field.value = "";
    updateChars();
    showError("");
    render();
    flushOutbox();
  }

  // ---------------------------------------------------------------- helpers
  function status(text) { const el = $("connection"); if (el) el.textContent = text; }
  function showError(text, keepText) {
    const el = $("idea-error");
    if (el) el.textContent = text || "";
    if (keepText && $("idea-text") && !$("idea-text").value) $("idea-text").value = keepText;
  }
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;  // textContent: user text is never parsed as HTML
    return node;
  }
  function currentRound() { return snap && snap.state.round; }
  function roundById(id) { return snap.rounds.find(function (r) { return r.id === id; }); }
  function tableOf(roundId) {
    if (!snap || !snap.route) return null;
    const tableId = snap.route[String(roundId)];
    return tableId ? Number(tableId) : (snap.viewer.hosted_tables[0] || null);
  }
  function currentPlace() {
    const round = currentRound();
    if (!round || round.status === ROUND.PLANNED) return null;
    const table = tableOf(round.id);
    return table ? { round: round.id, table: table } : null;
  }
  function visibleIdeas(filter) {
    return Object.values(snap.state.ideas)
      .filter(function (idea) { return idea.status === "visible" && filter(idea); })
      .sort(function (a, b) { return a.created < b.created ? -1 : a.created > b.created ? 1 : a.id - b.id; });
  }
  function updateChars() { const f = $("idea-text"); if (f && $("idea-chars")) $("idea-chars").textContent = f.value.length; }

  function remainingSeconds() { return WeltcafeClock.remaining(currentRound(), ROUND); }
  function clockText() {
    const round = currentRound();
    const seconds = remainingSeconds();
    if (!round) return "";
    // The wall's clock is as large as the room needs: after a round it says nothing rather than "beendet" in 10 vh.
    if (round.status === ROUND.ENDED) return root.dataset.kind === "w" ? "" : T.ended;
    if (seconds === null) return "";
    const text = WeltcafeClock.text(seconds);
    return round.status === ROUND.PAUSED ? text + " · " + T.paused : text;
  }
  function roundLabel() {
    const round = currentRound();
    if (!round) return T.before;
    const label = T.round + " " + round.index + " " + T.of + " " + snap.rounds.length;
    // The wall says it in the heading, its clock stays empty (clockText).
    return root.dataset.kind === "w" && round.status === ROUND.ENDED ? label + " · " + T.ended : label;
  }

  // ---------------------------------------------------------------- render
  function render() {
    if (!snap) return;
    const box = $("broadcast");
    renderMessage();
    $("round-label").textContent = roundLabel();
    $("countdown").textContent = clockText();
    if (root.dataset.kind === "w") renderWall(); else renderPhone();
  }

  function messageShown() {
    // The facilitator chose how long: at `message_until` (server time) every screen hides it by itself.
    const until = snap.state.message_until;
    return snap.state.message && !(until && WeltcafeClock.now() >= Date.parse(until)) ? snap.state.message : "";
  }

  function renderMessage() {
    const box = $("broadcast");
    if (!box) return;
    const text = messageShown();
    box.hidden = !text;
    if (box.textContent !== text) box.textContent = text;
  }

  // Screen readers hear each new idea of the table once, not the whole list at every redraw; the ideas there when
  // the page (or a new round) starts are not news.
  let announced = null;
  let announcedFor = "";
  function announceNew(ideas) {
    const said = $("ideas-said");
    const place = currentPlace();
    const key = place ? place.round + ":" + place.table : "";
    if (!said) return;
    if (announced === null || key !== announcedFor) {
      announced = new Set(ideas.map(function (idea) { return idea.id; }));
      announcedFor = key;
      return;
    }
    const fresh = ideas.filter(function (idea) { return !announced.has(idea.id); });
    fresh.forEach(function (idea) { announced.add(idea.id); });
    if (fresh.length) said.textContent = fresh.map(function (idea) { return T.new_idea + ": " + idea.text; }).join(" · ");
  }

  // Minute warnings for screen readers: the visible clock is not read out (aria-live="off" would read every second).
  const WARN_AT = [300, 60, 0];
  let warned = {};
  function announceTime() {
    const said = $("countdown-said");
    const round = currentRound();
    if (!said || !round || round.status !== ROUND.RUNNING) return;
    const left = remainingSeconds();
    if (left === null) return;
    const key = round.id + ":";
    WARN_AT.forEach(function (mark) {
      // Only when crossing the mark, not for a page opened with three minutes left.
      if (left <= mark && left > mark - 3 && !warned[key + mark]) {
        warned[key + mark] = true;
        said.textContent = mark === 0 ? T.time_up : mark === 60 ? T.one_minute_left : T.five_minutes_left;
      }
    });
  }

  function ideaItem(idea, pending) {
    const item = el("li", "idea" + (pending ? " pending" : "") + (idea.key_insight ? " key" : ""));
    item.appendChild(el("p", "idea-text", idea.text));
    const meta = el("p", "idea-meta");
    if (pending) meta.textContent = T.sending;
    else if (idea.author) meta.textContent = idea.author;
    if (idea.key_insight) meta.appendChild(el("span", "badge", T.key));
    item.appendChild(meta);
    return item;
  }

  function renderPhone() {
    const round = currentRound();
    const place = round ? { round: round.id, table: tableOf(round.id) } : null;
    const table = place && place.table ? snap.tables[String(place.table)] : null;
    const finished = round && round.status === ROUND.ENDED && round.index === snap.rounds.length;
    $("table-title").textContent = table ? T.table + " " + table.number + " · " + table.topic : (round ? T.no_seat : T.before);
    $("table-question").textContent = table ? table.question : "";
    $("table-host").textContent = table && table.host ? T.host + ": " + table.host : "";
    const mates = (round && snap.mates[String(round.id)]) || [];
    $("mates-box").hidden = mates.length === 0;
    $("mates").replaceChildren.apply($("mates"), mates.map(function (name) { return el("li", "", name); }));

    // Between rounds (or before the first): where to go next.
    const nextBox = $("next-box");
    const upcoming = snap.rounds.find(function (r) { return !round || r.index === round.index + 1; });
    if (finished) { nextBox.hidden = false; nextBox.replaceChildren(el("p", "", T.finished)); }
    else if ((!round || round.status === ROUND.ENDED) && upcoming && tableOf(upcoming.id)) {
      const nextTable = snap.tables[String(tableOf(upcoming.id))];
      nextBox.hidden = false;
      nextBox.replaceChildren(el("h2", "", T.next + ": " + T.round + " " + upcoming.index),
        el("p", "go-to", T.go_to + " " + T.table + " " + nextTable.number + " · " + nextTable.topic));
    } else { nextBox.hidden = true; }

    // The tablecloth: this table in this round, live, with what is still waiting to be sent.
    const list = $("ideas");
    const pending = outbox().filter(function (q) { return place && q.round === place.round && q.table === place.table; });
    const known = new Set(Object.values(snap.state.ideas).map(function (idea) { return idea.client_uuid; }));
    const ideas = place ? visibleIdeas(function (idea) { return idea.table === place.table && idea.round === place.round; }) : [];
    const items = ideas.map(function (idea) { return ideaItem(idea, false); })
      .concat(pending.filter(function (q) { return !known.has(q.client_uuid); })
        .map(function (q) { return ideaItem({ text: q.text }, true); }));
    list.replaceChildren.apply(list, items.length ? items : [el("li", "empty", T.empty)]);
    announceNew(ideas);
    $("cloth-count").textContent = ideas.length ? "(" + ideas.length + ")" : "";
    const form = $("idea-form");
    const open = round && (round.status === ROUND.RUNNING || round.status === ROUND.PAUSED) && place && place.table;
    form.querySelector("button[type=submit]").disabled = !open;
    // A button that cannot be pressed says why, next to it (and to screen readers, by aria-describedby).
    $("idea-why").textContent = open ? "" : !round || round.status === ROUND.PLANNED ? T.starts_soon
      : round.status === ROUND.ENDED ? (round.index === snap.rounds.length ? T.cafe_over : T.round_over) : T.no_seat;
    renderHost(round);
    renderVotes();
  }

  // ---------------------------------------------------------------- dot voting (phone)
  // The phone sends the number of dots it wants on an option; resending the same number is harmless, so a
  // wish that could not be sent simply waits (in localStorage) and goes again.
  const voteKey = config.outbox_key + "-dots";
  function pendingVotes() { try { return JSON.parse(localStorage.getItem(voteKey) || "{}"); } catch (e) { return memoryVotes; } }
  let memoryVotes = {};
  function savePendingVotes(items) { memoryVotes = items; try { localStorage.setItem(voteKey, JSON.stringify(items)); } catch (e) { /* memory only */ } }
  let voting = false;

  function myDots(ballotId) {
    const mine = Object.assign({}, (snap.my_dots || {})[String(ballotId)] || {});
    Object.values(pendingVotes()).forEach(function (wish) { if (wish.ballot === ballotId) mine[String(wish.option)] = wish.count; });
    return mine;
  }
  function setDots(ballot, optionId, count) {
    const mine = myDots(ballot.id);
    const used = Object.entries(mine).reduce(function (sum, e) { return sum + (e[0] === String(optionId) ? 0 : e[1]); }, 0);
    if (count < 0 || count > ballot.max_per_option || used + count > ballot.dots_per_person) return;
    const wishes = pendingVotes();
    wishes[ballot.id + ":" + optionId] = { ballot: ballot.id, option: optionId, count: count };
    savePendingVotes(wishes);
    $("vote-error").textContent = "";
    render();
    flushVotes();
  }
  async function flushVotes() {
    if (voting || linkGone || !config.dots_url) return;
    voting = true;
    try {
      for (const [key, wish] of Object.entries(pendingVotes())) {
        let response;
        try {
          response = await fetch(config.dots_url, {
            method: "POST",
            headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
            body: JSON.stringify(wish),
          });
        } catch (e) { status(T.offline); break; }
        if (response.status === 429 || response.status >= 500) break;
        const data = await response.json().catch(function () { return {}; });
        const wishes = pendingVotes();
        if (wishes[key] && wishes[key].count === wish.count) delete wishes[key];
        savePendingVotes(wishes);
        if (response.ok && snap) { snap.my_dots = snap.my_dots || {}; snap.my_dots[String(data.ballot)] = data.mine; }
        else if (!response.ok) { $("vote-error").textContent = data.error || T.refused; fetchState(); }
      }
    } finally { voting = false; render(); }
  }

  function renderVotes() {
    const panel = $("vote-panel");
    if (!panel) return;
    const ballots = Object.values(snap.state.ballots || {}).sort(function (a, b) { return a.opened < b.opened ? 1 : -1; });
    const open = ballots.filter(function (b) { return b.status === BALLOT.OPEN; });
    const recentClosed = ballots.filter(function (b) { return b.status === BALLOT.CLOSED && Object.keys(myDots(b.id)).length; }).slice(0, 1);
    const shown = open.concat(open.length ? [] : recentClosed);
    panel.hidden = shown.length === 0;
    const box = $("ballots");
    box.replaceChildren.apply(box, shown.map(function (ballot) {
      const section = el("section", "ballot");
      section.dataset.ballot = ballot.id;
      section.appendChild(el("h3", "", ballot.topic));
      const mine = myDots(ballot.id);
      const used = Object.values(mine).reduce(function (a, b) { return a + b; }, 0);
      if (ballot.status !== BALLOT.OPEN) { section.appendChild(el("p", "vote-closed", T.vote_closed)); return section; }
      section.appendChild(el("p", "vote-left", T.dots_left.replace("%(left)s", ballot.dots_per_person - used).replace("%(total)s", ballot.dots_per_person)));
      const why = el("p", "help why-disabled", used >= ballot.dots_per_person ? T.no_dots_left : "");
      why.id = "vote-why-" + ballot.id;
      section.appendChild(why);
      const list = el("ul", "vote-options");
      ballot.options.forEach(function (option) {
        const count = mine[String(option.id)] || 0;
        const row = el("li", "vote-option");
        const label = el("div", "vote-label", option.label);
        if ((option.examples || []).length) {
          // The label is the harvest's word for it; what people wrote is one tap away.
          const more = el("details", "vote-examples");
          more.appendChild(el("summary", "", T.show_ideas));
          const list = el("ul", "");
          option.examples.forEach(function (text) { list.appendChild(el("li", "", text)); });
          more.appendChild(list);
          label.appendChild(more);
        }
        row.appendChild(label);
        const minus = el("button", "", "−"); minus.type = "button"; minus.setAttribute("aria-label", T.remove_dot + ": " + option.label);
        minus.disabled = count === 0;
        minus.addEventListener("click", function () { setDots(ballot, option.id, count - 1); });
        // Read as "2 Punkte", not as "●●": the dots are pictures of the number.
        const dots = el("span", "vote-dots");
        const picture = el("span", "", "●".repeat(count) || "·");
        picture.setAttribute("aria-hidden", "true");
        dots.append(picture, el("span", "visually-hidden", count + " " + (count === 1 ? T.dot : T.dots)));
        const plus = el("button", "primary", "+"); plus.type = "button"; plus.setAttribute("aria-label", T.add_dot + ": " + option.label);
        plus.disabled = count >= ballot.max_per_option || used >= ballot.dots_per_person;
        if (plus.disabled) {
          plus.setAttribute("aria-describedby", why.id);
          plus.title = used >= ballot.dots_per_person ? T.no_dots_left : T.max_per_option.replace("%(max)s", ballot.max_per_option);
        }
        plus.addEventListener("click", function () { setDots(ballot, option.id, count + 1); });
        row.append(minus, dots, plus);
        list.appendChild(row);
      });
      section.appendChild(list);
      return section;
    }));
  }

  function renderHost(round) {
    const panel = $("host-panel");
    const hosted = snap.viewer.hosted_tables || [];
    if (!hosted.length) { panel.hidden = true; return; }
    panel.hidden = false;
    // Said first: the host stays at this table while the groups move.
    $("host-line").textContent = hosted.map(function (id) {
      const table = snap.tables[String(id)];
      return T.you_host.replace("%(number)s", table.number).replace("%(topic)s", table.topic);
    }).join(" ");
    // Themes can be formed once there is something to group: after the first round has ended.
    const harvestForm = $("harvest-form");
    if (harvestForm) harvestForm.hidden = !snap.rounds.some(function (r) { return round && (r.index < round.index || (r.index === round.index && round.status === ROUND.ENDED)); });
    const topics = new Set(hosted.map(function (id) { return snap.tables[String(id)].topic_id; }));
    const before = round ? round.index : 1;
    const briefing = $("briefing");
    const blocks = [];
    snap.rounds.filter(function (r) { return r.index < before || (round && round.status === ROUND.ENDED && r.index === before); })
      .forEach(function (r) {
        const ideas = visibleIdeas(function (idea) {
          return idea.round === r.id && topics.has(snap.tables[String(idea.table)].topic_id);
        });
        if (!ideas.length) return;
        const block = el("section", "briefing-round");
        block.appendChild(el("h3", "", T.round + " " + r.index + " · " + ideas.length + " " + T.ideas));
        const list = el("ul", "ideas");
        ideas.forEach(function (idea) {
          const item = ideaItem(idea, false);
          const button = el("button", "link", idea.key_insight ? T.unmark_key : T.mark_key);
          button.type = "button";
          button.addEventListener("click", function () { markKey(idea.id, !idea.key_insight); });
          item.appendChild(button);
          list.appendChild(item);
        });
        block.appendChild(list);
        blocks.push(block);
      });
    briefing.replaceChildren.apply(briefing, blocks.length ? blocks : [el("p", "empty", T.no_briefing)]);
    const themesBox = $("briefing-themes");
    const themes = [];
    topics.forEach(function (topicId) { (snap.briefing_themes && snap.briefing_themes[String(topicId)] || []).forEach(function (t) { themes.push(t); }); });
    if (!themes.length) { themesBox.replaceChildren(); return; }
    const list = el("ol", "briefing-theme-list");
    themes.forEach(function (theme) {
      const item = el("li", "");
      item.appendChild(el("strong", "", theme.label));
      item.appendChild(el("span", "sub", " (" + theme.size + " " + T.ideas + ")"));
      theme.examples.forEach(function (text) { item.appendChild(el("p", "idea-meta", "„" + text + "“")); });
      list.appendChild(item);
    });
    themesBox.replaceChildren(el("h3", "", T.themes_briefing), list);
  }

  function markKey(ideaId, value) {
    fetch(config.insight_url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ idea: ideaId, value: value }),
    });
  }

  // ---------------------------------------------------------------- wall
  // One screen that is never scrolled, from 1280×720 to 3840×2160: sizes are shares of the viewport (weltcafe.css),
  // topics (or ballots) are paged, and each column gets the newest ideas that fit.
  const PAGE_SECONDS = 15;
  const wallShownAt = Date.now();  // the first page first, then on by the page's own clock
  let wallPage = "";

  function wallColumns() {
    // By the screen's shape, not its pixels: 16:9 gives four topic columns, 4:3 three.
    return Math.max(2, Math.min(4, Math.floor((window.innerWidth / window.innerHeight) * 2.3)));
  }

  function pageOf(count, perPage) {
    const pages = Math.max(1, Math.ceil(count / perPage));
    const page = Math.floor((Date.now() - wallShownAt) / 1000 / PAGE_SECONDS) % pages;
    return { pages: pages, page: page, start: page * perPage, end: (page + 1) * perPage };
  }

  function renderPager(of) {
    const pager = $("wall-pager");
    pager.hidden = of.pages < 2;
    pager.replaceChildren();
    if (of.pages < 2) return;
    pager.appendChild(el("span", "visually-hidden", T.page + " " + (of.page + 1) + " " + T.of + " " + of.pages));
    for (let index = 0; index < of.pages; index += 1) {
      const dot = el("span", index === of.page ? "on" : "");
      dot.setAttribute("aria-hidden", "true");
      pager.appendChild(dot);
    }
  }

  // Adds items (newest first) while the box has room; the first one always shows (clamped by CSS).
  function fill(box, items, make) {
    let shown = 0;
    for (const item of items) {
      const node = make(item);
      box.appendChild(node);
      if (shown > 0 && box.scrollHeight > box.clientHeight + 1) { box.removeChild(node); break; }
      shown += 1;
    }
    return shown;
  }

  function moreText(hidden) { return hidden > 0 ? "+ " + hidden + " " + T.more : "\u00a0"; }
  function moreLine(hidden) { return el("p", "wall-more", moreText(hidden)); }

  function movingNow(round) {
    // The table plan only while people look for their table: before a round and between rounds.
    return !round || round.status === ROUND.PLANNED || (round.status === ROUND.ENDED && round.index < snap.rounds.length);
  }

  function renderWallPlan(round) {
    // Compact: one card per topic with its table numbers ("3 · 4  Fachkräfte"), so 24 tables are 12 cards.
    const plan = $("wall-plan");
    const groups = [];
    const byTopic = {};
    Object.entries(snap.tables).forEach(function (entry) {
      const table = entry[1];
      let group = byTopic[table.topic_id];
      if (!group) { group = byTopic[table.topic_id] = { topic: table.topic, tables: [] }; groups.push(group); }
      group.tables.push({ id: entry[0], number: table.number, host: table.host });
    });
    plan.hidden = !movingNow(round) || groups.length === 0;
    if (plan.hidden) { plan.replaceChildren(); return; }
    const counts = (round && snap.counts && snap.counts[String(round.id)]) || {};
    const columns = groups.length <= 4 ? groups.length : groups.length <= 12 ? 4 : 6;
    const rows = Math.ceil(groups.length / columns);
    plan.style.setProperty("--plan-columns", String(columns));
    plan.style.setProperty("--plan-number", rows <= 2 ? "4.5vh" : rows === 3 ? "3.4vh" : "2.8vh");
    plan.style.setProperty("--plan-text", rows <= 2 ? "2.4vh" : rows === 3 ? "2vh" : "1.7vh");
    plan.replaceChildren.apply(plan, groups.map(function (group) {
      const card = el("div", "wall-table");
      card.appendChild(el("p", "wall-number", group.tables.map(function (t) { return t.number; }).join(" · ")));
      card.appendChild(el("p", "wall-topic", group.topic));
      const extra = group.tables.map(function (t) {
        return [t.host, counts[t.id] ? counts[t.id] + " " + T.people : ""].filter(Boolean).join(", ");
      }).filter(Boolean).join(" · ");
      card.appendChild(el("p", "wall-host", extra));
      return card;
    }));
  }

  function wallBallots() {
    const ballots = Object.values(snap.state.ballots || {}).sort(function (a, b) { return a.opened < b.opened ? 1 : -1; });
    const open = ballots.filter(function (b) { return b.status === BALLOT.OPEN; });
    return open.length ? open : ballots.slice(0, 1);
  }

  function renderWallVotes(ballots) {
    const section = $("wall-votes");
    section.hidden = ballots.length === 0;
    section.replaceChildren();
    if (!ballots.length) return null;
    const perPage = Math.min(2, ballots.length);
    const of = pageOf(ballots.length, perPage);
    section.style.setProperty("--columns", String(perPage));
    // Few options, large type: a vote of four is read from the back of the hall; many rows shrink to fit.
    const most = Math.max.apply(null, ballots.slice(of.start, of.end).map(function (b) { return b.options.length; }));
    section.style.setProperty("--vote-scale", String(most <= 4 ? 1.8 : most <= 6 ? 1.4 : 1));
    ballots.slice(of.start, of.end).forEach(function (ballot) {
      const tally = (snap.state.tallies || {})[String(ballot.id)] || { dots: {}, voters: 0 };
      const block = el("div", "wall-ballot");
      block.dataset.ballot = ballot.id;
      block.appendChild(el("h2", "", T.results + ": " + ballot.topic + " · " + tally.voters + " " + T.voters + (ballot.status === BALLOT.CLOSED ? " · " + T.ended : "")));
      section.appendChild(block);
      const rows = ballot.options.map(function (o) { return { label: o.label, dots: tally.dots[String(o.id)] || 0 }; })
        .sort(function (a, b) { return b.dots - a.dots || (a.label < b.label ? -1 : 1); });
      const top = Math.max(1, rows.length ? rows[0].dots : 1);
      const more = block.appendChild(moreLine(0));
      const shown = fill(block, rows, function (row) {
        const line = el("div", "wall-vote-row");
        line.appendChild(el("span", "wall-vote-label", row.label));
        const bar = el("div", "wall-vote-bar"); const barFill = el("span", ""); barFill.style.width = Math.round(100 * row.dots / top) + "%";
        bar.appendChild(barFill);
        line.append(bar, el("span", "wall-vote-count", String(row.dots)));
        return line;
      });
      block.appendChild(more);  // below the rows it counts
      more.textContent = moreText(rows.length - shown);
    });
    return of;
  }

  function renderWall() {
    const round = currentRound();
    const ballots = wallBallots();
    const stream = $("wall-stream");
    if (ballots.length) $("wall-plan").hidden = true;  // the vote has the screen
    else renderWallPlan(round);
    const votesPage = renderWallVotes(ballots);
    stream.hidden = ballots.length > 0;
    stream.replaceChildren();
    if (votesPage) { wallPage = "v" + votesPage.page; renderPager(votesPage); return; }
    const topics = [];
    const seen = {};
    Object.values(snap.tables).forEach(function (table) {
      if (!seen[table.topic_id]) { seen[table.topic_id] = true; topics.push({ id: String(table.topic_id), title: table.topic }); }
    });
    const columns = Math.min(wallColumns(), Math.max(1, topics.length));
    const of = pageOf(topics.length, columns);
    wallPage = "t" + of.page;
    stream.style.setProperty("--columns", String(columns));
    renderPager(of);
    topics.slice(of.start, of.end).forEach(function (topic) {
      const column = el("section", "wall-topic-column");
      const ideas = visibleIdeas(function (idea) {
        const table = snap.tables[String(idea.table)];
        return table && String(table.topic_id) === topic.id;
      }).reverse();  // newest first
      column.appendChild(el("h2", "", topic.title + " · " + ideas.length));
      const list = el("ol", "wall-ideas");
      const more = moreLine(0);  // in place before filling: it takes its line from the column's height
      column.append(list, more);
      stream.appendChild(column);
      const shown = fill(list, ideas, function (idea) { return el("li", idea.key_insight ? "key" : "", idea.text); });
      more.textContent = moreText(ideas.length - shown);
    });
  }

  function wallPageChanged() {
    const ballots = wallBallots();
    if (ballots.length) return wallPage !== "v" + pageOf(ballots.length, Math.min(2, ballots.length)).page;
    const topics = new Set(Object.values(snap.tables).map(function (table) { return table.topic_id; })).size;
    return wallPage !== "t" + pageOf(topics, Math.min(wallColumns(), Math.max(1, topics))).page;
  }

  // ---------------------------------------------------------------- start
  const form = $("idea-form");
  if (form) {
    form.addEventListener("submit", submitIdea);
    $("idea-text").addEventListener("input", updateChars);
  }
  window.addEventListener("online", function () { if (linkGone) return; status(""); flushOutbox(); flushVotes(); fetchState(); });
  window.addEventListener("offline", function () { if (!linkGone) status(T.offline); });
  setInterval(function () {
    if (!snap) return;
    $("countdown").textContent = clockText();
    announceTime();
    renderMessage();
    if (root.dataset.kind === "w" && wallPageChanged()) renderWall();
  }, 1000);
  if (root.dataset.kind === "w") {
    let resizing = null;
    window.addEventListener("resize", function () {
      clearTimeout(resizing);
      resizing = setTimeout(function () { if (snap) renderWall(); }, 200);
    });
  }
  setInterval(flushOutbox, 5000);
  setInterval(function () { if (Object.keys(pendingVotes()).length) flushVotes(); }, 5000);
  setInterval(function () { if (socket && socket.readyState === 1) socket.send(JSON.stringify({ type: "ping" })); }, 25000);
  // The wall re-reads the whole state now and then: whatever a busy server could not deliver comes back.
  if (root.dataset.kind === "w") setInterval(fetchState, 60000);
  fetchState();
  connect();
  window.weltcafeLive = { applyEvent: applyEvent, outbox: outbox, snapshot: function () { return snap; } };
})();
