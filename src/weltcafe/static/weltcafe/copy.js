// "Kopieren" buttons: copy the text of the field named in data-copy; the field stays selected as a fallback.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      const field = document.getElementById(button.dataset.copy);
      field.focus();
      field.select();
      const done = function () { const text = button.textContent; button.textContent = button.dataset.done; setTimeout(function () { button.textContent = text; }, 2000); };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
      else { document.execCommand("copy"); done(); }
    });
  });
})();
