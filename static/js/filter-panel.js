// The list page's filter panel, made quicker where JavaScript runs; without it the panel shows
// open and "Apply filters" submits the form, as it always did.
//
// - On a phone, a GOV.UK-style "Filter" button shows and hides the panel (hidden at first, so
//   the results come first).
// - A long folded list (themes) gets a box that narrows its options as you type, saying how
//   many are shown.
// - Ticking or unticking an option updates the results at once: the page is fetched with the new
//   query string, its results replace these, the address changes to match (replaceState), and a
//   polite live region says how many results there are. "Apply filters" still works.
(function () {
  var panel = document.getElementById("filter-panel");
  if (!panel || !window.fetch || !window.DOMParser) { return; }
  var form = panel.closest("form");
  var toggle = document.querySelector("[data-filter-toggle]");
  var status = document.querySelector("[data-results-status]");
  var phone = window.matchMedia ? window.matchMedia("(max-width: 40.0525em)") : null;

  // The phone's "Filter" button.
  function layout() {
    if (!toggle) { return; }
    if (phone && phone.matches) {
      toggle.hidden = false;
      setOpen(toggle.getAttribute("data-opened") === "true");
    } else {
      toggle.hidden = true;
      panel.hidden = false;
    }
  }
  function setOpen(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    toggle.setAttribute("data-opened", open ? "true" : "false");
    panel.hidden = !open;
  }
  if (toggle) {
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
  }
  if (phone) {
    if (phone.addEventListener) { phone.addEventListener("change", layout); } else { phone.addListener(layout); }
  }
  layout();

  // Filter as you type.
  function narrow(box) {
    var facet = box.closest("[data-facet]");
    var input = box.querySelector("input");
    var words = input.value.trim().toLocaleLowerCase();
    var items = facet.querySelectorAll(".govuk-checkboxes__item");
    var shown = 0;
    items.forEach(function (item) {
      var label = item.querySelector("label").textContent.toLocaleLowerCase();
      var keep = !words || label.indexOf(words) !== -1 || item.querySelector("input").checked;
      item.hidden = !keep;
      if (keep) { shown += 1; }
    });
    var message = box.querySelector("[data-facet-search-status]");
    if (!words) {
      message.textContent = "";
    } else {
      message.textContent = shown === 0 ? "No options match." : shown + (shown === 1 ? " option shown" : " options shown");
    }
  }
  var searches = panel.querySelectorAll("[data-facet-search]");
  searches.forEach(function (box) {
    box.hidden = false;
    box.querySelector("input").addEventListener("input", function () { narrow(box); });
    // Enter in the box narrows; it does not submit the form.
    box.querySelector("input").addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); narrow(box); }
    });
  });

  // Results that update as options are ticked.
  var pending = null;
  function query() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (name === "apply" || name === "page" || (name === "q" && !value)) { return; }
      params.append(name, value);
    });
    var encoded = params.toString();
    return form.getAttribute("action") + (encoded ? "?" + encoded : "");
  }
  function say(text) {
    if (!status) { return; }
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }
  function update() {
    var url = query();
    var region = document.querySelector("[data-results-region]");
    if (pending) { pending.abort(); }
    pending = window.AbortController ? new AbortController() : null;
    region.setAttribute("aria-busy", "true");
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" }, signal: pending ? pending.signal : undefined })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.querySelector("[data-results-region]");
        if (!fresh) { throw new Error("no results"); }
        var focused = document.activeElement;
        var focusName = focused && focused.name, focusValue = focused && focused.value;
        region.replaceChildren.apply(region, Array.prototype.slice.call(fresh.childNodes));
        page.querySelectorAll("[data-facet]").forEach(function (facet) {
          var mine = document.getElementById(facet.id);
          if (!mine) { return; }
          var options = mine.querySelector("[data-facet-options]"), chosen = mine.querySelector("[data-facet-chosen]");
          var freshOptions = facet.querySelector("[data-facet-options]"), freshChosen = facet.querySelector("[data-facet-chosen]");
          if (options && freshOptions) { options.replaceChildren.apply(options, Array.prototype.slice.call(freshOptions.childNodes)); }
          if (chosen && freshChosen) { chosen.replaceChildren.apply(chosen, Array.prototype.slice.call(freshChosen.childNodes)); }
        });
        var count = document.querySelector("[data-filter-toggle-count]"), freshCount = page.querySelector("[data-filter-toggle-count]");
        if (count && freshCount) { count.textContent = freshCount.textContent; }
        searches.forEach(narrow);
        if (focusName && focused.type === "checkbox") {
          var again = form.querySelector('input[name="' + focusName + '"][value="' + CSS.escape(focusValue) + '"]');
          if (again) { again.focus(); }
        }
        document.title = page.title;
        history.replaceState(null, "", url);
        var heading = region.querySelector("#results-heading");
        say(heading ? heading.textContent.trim() : "");
        region.removeAttribute("aria-busy");
        document.dispatchEvent(new CustomEvent("app:results-updated", { detail: { region: region } }));
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") { return; }
        region.removeAttribute("aria-busy");
        say("The results could not be updated. Choose Apply filters.");
      });
  }
  panel.addEventListener("change", function (event) {
    if (event.target.matches('input[type="checkbox"]')) { update(); }
  });
})();
