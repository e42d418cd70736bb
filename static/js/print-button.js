// The Print button needs JavaScript, so it stays hidden without it (the browser's own Print still works).
document.querySelectorAll(".app-print-button").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
