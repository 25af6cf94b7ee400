// The harvest's topic page: drag an idea onto another cluster (or onto "Passt zu keinem Cluster") to move it.
// The drop only fills and sends the idea's own "verschieben" form, so the keyboard and a page without this script
// do the same with the select beside each idea; the server checks the move as it does for the form.
(function () {
  "use strict";
  let dragged = null;

  function moveForm(item) { return item && item.querySelector("form.move-idea"); }
  function target(node) { return node.closest && node.closest("[data-drop-theme]"); }

  document.querySelectorAll("li.idea").forEach(function (item) {
    if (!moveForm(item)) return;
    item.draggable = true;
    item.classList.add("draggable");
  });

  document.addEventListener("dragstart", function (event) {
    const item = event.target.closest && event.target.closest("li.idea.draggable");
    if (!item) return;
    dragged = item;
    item.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.querySelector(".idea-text").textContent);
  });
  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    document.querySelectorAll(".drop-here").forEach(function (node) { node.classList.remove("drop-here"); });
  });
  document.addEventListener("dragover", function (event) {
    const zone = target(event.target);
    if (!dragged || !zone) return;
    event.preventDefault();  // allows the drop
    document.querySelectorAll(".drop-here").forEach(function (node) { if (node !== zone) node.classList.remove("drop-here"); });
    zone.classList.add("drop-here");
  });
  document.addEventListener("drop", function (event) {
    const zone = target(event.target);
    if (!dragged || !zone) return;
    event.preventDefault();
    const form = moveForm(dragged);
    const select = form.querySelector("select[name=target]");
    const wanted = zone.dataset.dropTheme;
    if (select.value === wanted) return;  // dropped where it already is
    select.value = wanted;
    if (select.value !== wanted) return;  // not a cluster this idea can go to
    form.requestSubmit();
  });
})();
