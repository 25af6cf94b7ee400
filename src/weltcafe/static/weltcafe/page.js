// Behaviour every page on base.html shares, kept out of the markup so the CSP needs no inline script or style:
// forms with data-confirm ask before they submit; elements with data-minutes get the CSS variable --minutes
// (the agenda's timeline scales each item by its length).
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    const form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });
  function applyStyles(root) {
    root.querySelectorAll("[data-minutes]").forEach(function (element) {
      element.style.setProperty("--minutes", element.dataset.minutes);
    });
  }
  applyStyles(document);
  document.addEventListener("htmx:load", function (event) { applyStyles(event.detail.elt); });
})();
