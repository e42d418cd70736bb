// Glossary terms in text as toggletips. The page marks each term as a link to its glossary
// entry (learning/glossary.py term_html), which works without JavaScript; here each becomes a
// button that shows what the term means beside it on tap, click, Enter or Space, and hides it on
// Escape, a second press or a tap elsewhere. The meaning is written into a live region when it
// opens, so a screen reader reads it out: the button is heard as "CSE, what it means", then
// "Child sexual exploitation".
(function () {
  var open = null;

  function close(term, refocus) {
    if (!term) { return; }
    var button = term.querySelector(".app-term__button");
    button.setAttribute("aria-expanded", "false");
    term.querySelector(".app-term__tip").textContent = "";
    term.classList.remove("app-term--open");
    if (refocus) { button.focus(); }
    if (open === term) { open = null; }
  }

  function show(term) {
    if (open && open !== term) { close(open, false); }
    var button = term.querySelector(".app-term__button");
    var tip = term.querySelector(".app-term__tip");
    button.setAttribute("aria-expanded", "true");
    term.classList.add("app-term--open");
    tip.textContent = "";
    // Written a moment later, so that the live region announces it.
    window.setTimeout(function () { tip.textContent = term.getAttribute("data-expansion"); }, 50);
    open = term;
  }

  function enhance(scope) {
    scope.querySelectorAll("a.app-term").forEach(function (link) {
      var term = document.createElement("span");
      term.className = "app-term-toggletip";
      term.setAttribute("data-expansion", link.getAttribute("data-expansion"));
      var button = document.createElement("button");
      button.type = "button";
      button.className = "app-term__button";
      button.setAttribute("aria-expanded", "false");
      // On paper the term is plain text: a button cannot be pressed there.
      var printed = document.createElement("span");
      printed.className = "app-term__print";
      printed.setAttribute("aria-hidden", "true");
      printed.textContent = link.querySelector("abbr") ? link.querySelector("abbr").textContent : "";
      while (link.firstChild) { button.appendChild(link.firstChild); }
      var tip = document.createElement("span");
      tip.className = "app-term__tip";
      tip.setAttribute("role", "status");
      term.appendChild(printed);
      term.appendChild(button);
      term.appendChild(tip);
      link.replaceWith(term);
      button.addEventListener("click", function (event) {
        event.preventDefault();
        if (button.getAttribute("aria-expanded") === "true") { close(term, false); } else { show(term); }
      });
    });
  }

  document.addEventListener("keydown", function (event) {
    if (open && (event.key === "Escape" || event.key === "Esc")) { close(open, true); }
  });
  document.addEventListener("click", function (event) {
    if (open && !open.contains(event.target)) { close(open, false); }
  });
  // Results replaced in place (static/js/filter-panel.js) bring new terms.
  document.addEventListener("app:results-updated", function (event) { enhance(event.detail.region); });
  enhance(document);
})();
