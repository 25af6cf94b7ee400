// The one countdown of every timed round, the café's (live.js) and speed networking's (speed.js). A round arrives
// as common/timed_rounds.py:clock_payload builds it; the state names come from the server's enum through the page's
// config (config.states.round), so no script spells a state. Running rounds count down to the server's deadline,
// corrected by the difference between the server's clock and this one; a pause carries the seconds left.
window.WeltcafeClock = (function () {
  "use strict";
  let skewMs = 0;  // server clock minus this clock

  function sync(serverNow) {
    if (serverNow) skewMs = Date.parse(serverNow) - Date.now();
  }

  function remaining(round, states) {
    if (!round) return null;
    if (round.status === states.PAUSED) return round.remaining || 0;
    if (round.status === states.RUNNING && round.deadline) {
      // floor: a fresh 20-minute round shows 20:00, not 20:01.
      return Math.max(0, Math.floor((Date.parse(round.deadline) - now()) / 1000));
    }
    return null;
  }

  function now() {  // the server's time, in ms
    return Date.now() + skewMs;
  }

  function text(seconds) {
    return Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
  }

  return { sync: sync, remaining: remaining, text: text, now: now };
})();
