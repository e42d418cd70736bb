// On a phone, start with the filters folded so the results come first.
if (window.matchMedia && window.matchMedia("(max-width: 40.0525em)").matches) {
  document.querySelectorAll(".app-filter-panel").forEach(function (panel) { panel.removeAttribute("open"); });
}
