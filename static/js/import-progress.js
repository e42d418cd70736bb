// The PDF import's progress page (templates/admin/learning/import_job.html): asks the job's
// status every second, moves the bar, announces each quarter to screen readers, and reloads
// the page once the job has finished (the page then shows the preview, or why it failed).
// Without JavaScript the page reloads itself instead (a <noscript> refresh).
(function () {
  "use strict";
  var root = document.querySelector(".app-import-job[data-status-url]");
  if (!root) return;
  var url = root.getAttribute("data-status-url");
  var bar = root.querySelector("progress");
  var done = root.querySelector("[data-pages-done]");
  var total = root.querySelector("[data-pages-total]");
  var announce = root.querySelector("[data-announce]");
  var announced = -1;

  function show(status) {
    if (bar) bar.value = status.percent;
    if (bar) bar.textContent = status.percent + "%";
    if (done) done.textContent = status.pages_done;
    if (total) total.textContent = status.pages_total;
    var quarter = Math.floor(status.percent / 25);
    if (announce && quarter !== announced) {
      announced = quarter;
      announce.textContent = status.pages_done + " of " + status.pages_total + " pages read.";
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (status) {
        show(status);
        if (status.finished) {
          if (announce) announce.textContent = status.state === "failed" ? "The import failed." : "Finished reading.";
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }
  window.setTimeout(poll, 500);
})();
