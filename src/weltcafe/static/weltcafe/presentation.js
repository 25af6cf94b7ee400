// The plenary presentation: one slide at a time, keys and clickers (which send PageDown/PageUp or arrows),
// the slide number in the address so a reload stays put. Printing shows every slide, one per page.
(function () {
  "use strict";
  const slides = Array.from(document.querySelectorAll(".slide"));
  const position = document.getElementById("deck-position");
  let current = 0;

  // A slide is one screen: shrink its type in steps until nothing is cut off (many themes, long labels).
  function fit(slide) {
    let scale = 1;
    slide.style.setProperty("--fit", "1");
    while (slide.scrollHeight > slide.clientHeight + 1 && scale > 0.5) {
      scale = Math.round((scale - 0.05) * 100) / 100;
      slide.style.setProperty("--fit", String(scale));
    }
  }

  function show(index) {
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach(function (slide, i) { slide.classList.toggle("active", i === current); slide.hidden = i !== current; });
    fit(slides[current]);
    position.textContent = (current + 1) + " / " + slides.length;
    history.replaceState(null, "", "#" + (current + 1));
  }
  let resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () { if (!slides[current].hidden) fit(slides[current]); }, 150);
  });
  function printAll() { slides.forEach(function (slide) { slide.hidden = false; }); window.print(); show(current); }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const key = event.key;
    if (["ArrowRight", "ArrowDown", "PageDown", " ", "Enter", "n"].includes(key)) show(current + 1);
    else if (["ArrowLeft", "ArrowUp", "PageUp", "Backspace", "p"].includes(key)) show(current - 1);
    else if (key === "Home") show(0);
    else if (key === "End") show(slides.length - 1);
    else if (key === "f" || key === "F") toggleFullscreen();
    else return;
    event.preventDefault();
  });
  function toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(function () {});
  }
  document.getElementById("deck-next").addEventListener("click", function () { show(current + 1); });
  document.getElementById("deck-prev").addEventListener("click", function () { show(current - 1); });
  document.getElementById("deck-full").addEventListener("click", toggleFullscreen);
  document.getElementById("deck-print").addEventListener("click", printAll);
  window.addEventListener("beforeprint", function () { slides.forEach(function (slide) { slide.hidden = false; }); });
  window.addEventListener("afterprint", function () { show(current); });
  const fromHash = parseInt(location.hash.slice(1), 10);
  if (document.body.classList.contains("deck-print")) slides.forEach(function (slide) { slide.hidden = false; });
  else show(Number.isFinite(fromHash) ? fromHash - 1 : 0);
})();
