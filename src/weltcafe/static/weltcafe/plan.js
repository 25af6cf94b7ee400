// Seating plan: click two names of the same round to swap them. Fills the (no-JS) swap form and submits it.
(function () {
  "use strict";
  const form = document.getElementById("swap-form");
  let picked = null;

  document.addEventListener("click", function (event) {
    const button = event.target.closest("button.person");
    if (!button || !form || button.disabled) return;
    if (picked && picked !== button && picked.dataset.round === button.dataset.round) {
      form.elements.round_index.value = button.dataset.round;
      form.elements.first.value = picked.dataset.person;
      form.elements.second.value = button.dataset.person;
      form.requestSubmit();
      return;
    }
    if (picked) picked.setAttribute("aria-pressed", "false");
    picked = picked === button ? null : button;
    if (picked) picked.setAttribute("aria-pressed", "true");
  });

  const run = document.querySelector("form.plan-run");
  if (run) {
    run.addEventListener("submit", function () {
      const progress = run.querySelector(".progress");
      const limit = parseFloat(run.elements.time_limit.value) || 3;
      const started = Date.now();
      progress.hidden = false;
      run.querySelector("button[type=submit]").disabled = true;
      const tick = function () {
        const seconds = (Date.now() - started) / 1000;
        progress.textContent = run.dataset.runningText + " " + Math.min(seconds, limit).toFixed(1) + " / " + limit + " s";
      };
      tick();
      setInterval(tick, 200);
    });
  }
})();
