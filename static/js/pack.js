// The training pack, where JavaScript is on (every page works without it).
//
// 1. Keeping the pack beyond the browser session. The server keeps a copy of every pack
//    (printing.models.SavedPack). The header's "Training pack" link carries the copy's owner
//    key for a visitor whose session has one; it is kept here in local storage. In a new
//    browser session (the header has no key), the kept key asks the server for the pack back,
//    and the header's count is filled in.
// 2. Reordering on the pack page: drag an item by its handle (mouse, pen or touch), or use its
//    Move up and Move down buttons (keyboard); every move is saved at once and announced in a
//    live region. Without JavaScript the page's Position fields and "Update order" do the same.
(function () {
  "use strict";

  var STORAGE_KEY = "training-pack-key";

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null; // storage turned off: the share link still keeps the pack
    }
  }

  function setCount(link, size) {
    var count = link.querySelector("[data-pack-count]");
    if (!count) { return; }
    count.textContent = "";
    if (size > 0) {
      count.appendChild(document.createTextNode(" (" + size));
      var hidden = document.createElement("span");
      hidden.className = "govuk-visually-hidden";
      hidden.textContent = size === 1 ? " item" : " items";
      count.appendChild(hidden);
      count.appendChild(document.createTextNode(")"));
    }
  }

  function keepPack() {
    var link = document.querySelector("[data-pack-link]");
    var store = storage();
    if (!link || !store) { return; }
    var key = link.getAttribute("data-pack-key");
    if (key) {
      store.setItem(STORAGE_KEY, key);
      return;
    }
    var kept = store.getItem(STORAGE_KEY);
    if (!kept || !window.fetch) { return; }
    var base = link.getAttribute("href");
    var onPackPage = window.location.pathname === base;
    fetch(base + "state/", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response); })
      .then(function (state) {
        if (state.saved) { return null; } // this session already has a pack of its own
        var body = new URLSearchParams();
        body.append("key", kept);
        if (onPackPage) { body.append("announce", "1"); }
        return fetch(base + "restore/", {
          method: "POST",
          credentials: "same-origin",
          headers: { Accept: "application/json", "X-CSRFToken": state.csrf },
          body: body
        }).then(function (response) {
          if (response.status === 404) {
            store.removeItem(STORAGE_KEY); // deleted after long disuse
            return null;
          }
          return response.ok ? response.json() : null;
        });
      })
      .then(function (restored) {
        if (!restored) { return; }
        link.setAttribute("data-pack-key", restored.key);
        setCount(link, restored.size);
        if (onPackPage && restored.restored > 0) { window.location.reload(); }
      })
      .catch(function () { /* the pack stays as the page shows it */ });
  }

  function reorderable(form) {
    var list = form.querySelector("[data-pack-list]");
    var live = document.getElementById("pack-live");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (!list || !live || !token || !window.fetch) { return; }

    function rows() { return Array.prototype.slice.call(list.querySelectorAll("[data-item-id]")); }

    function announce(text) {
      live.textContent = "";
      window.setTimeout(function () { live.textContent = text; }, 50);
    }

    function renumber() {
      rows().forEach(function (row, index) {
        var number = row.querySelector("[data-pack-number]");
        if (number) { number.textContent = (index + 1) + "."; }
        var position = row.querySelector("input[name=position]");
        if (position) { position.value = String(index + 1); }
      });
    }

    function showFallback() {
      form.classList.remove("app-pack-order--js");
      document.getElementById("pack-order-hint").hidden = false;
      document.getElementById("pack-order-hint-js").hidden = true;
    }

    function save(row) {
      renumber();
      var all = rows();
      var place = all.indexOf(row) + 1;
      var label = row.getAttribute("data-label");
      var body = new URLSearchParams();
      all.forEach(function (each) { body.append("order", each.getAttribute("data-item-id")); });
      fetch(form.getAttribute("action"), {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": token.value },
        body: body
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        announce("Moved " + label + " to position " + place + " of " + all.length + ". Saved.");
      }).catch(function () {
        showFallback();
        announce("The new order could not be saved. Check the positions and select Update order.");
      });
    }

    function move(row, offset) {
      var all = rows();
      var index = all.indexOf(row);
      var target = index + offset;
      if (target < 0 || target >= all.length) {
        announce(row.getAttribute("data-label") + " is already " + (offset < 0 ? "first." : "last."));
        return;
      }
      if (offset < 0) {
        list.insertBefore(row, all[target]);
      } else {
        list.insertBefore(row, all[target].nextSibling);
      }
      save(row);
    }

    function button(text, label, handler) {
      var element = document.createElement("button");
      element.type = "button";
      element.className = "govuk-button govuk-button--secondary app-pack-list__button app-pack-list__move";
      element.appendChild(document.createTextNode(text));
      var hidden = document.createElement("span");
      hidden.className = "govuk-visually-hidden";
      hidden.textContent = ": " + label;
      element.appendChild(hidden);
      element.addEventListener("click", handler);
      return element;
    }

    rows().forEach(function (row) {
      var label = row.getAttribute("data-label");
      var controls = row.querySelector(".app-pack-list__controls");
      var group = document.createElement("div");
      group.className = "app-pack-list__moves";
      var up = button("Move up", label, function () { move(row, -1); up.focus(); });
      var down = button("Move down", label, function () { move(row, 1); down.focus(); });
      group.appendChild(up);
      group.appendChild(down);
      controls.insertBefore(group, controls.firstChild);

      var handle = document.createElement("span");
      handle.className = "app-pack-list__handle";
      handle.setAttribute("aria-hidden", "true");
      handle.title = "Drag to move";
      row.insertBefore(handle, row.firstChild);
      dragWith(handle, row);
    });

    // Moving the row in the page ends any pointer capture, so the drag listens on the document.
    function dragWith(handle, row) {
      var startOrder = null;
      function follow(event) {
        var others = rows().filter(function (each) { return each !== row; });
        var before = null;
        for (var i = 0; i < others.length; i += 1) {
          var box = others[i].getBoundingClientRect();
          if (event.clientY < box.top + box.height / 2) { before = others[i]; break; }
        }
        if (before !== row.nextElementSibling) { list.insertBefore(row, before); }
      }
      function drop() {
        document.removeEventListener("pointermove", follow);
        document.removeEventListener("pointerup", drop);
        document.removeEventListener("pointercancel", drop);
        if (startOrder === null) { return; }
        row.classList.remove("app-pack-list__item--dragging");
        var moved = rows().indexOf(row) !== startOrder;
        startOrder = null;
        if (moved) { save(row); }
      }
      handle.addEventListener("pointerdown", function (event) {
        if (event.button !== 0) { return; }
        event.preventDefault();
        startOrder = rows().indexOf(row);
        row.classList.add("app-pack-list__item--dragging");
        document.addEventListener("pointermove", follow);
        document.addEventListener("pointerup", drop);
        document.addEventListener("pointercancel", drop);
      });
    }

    form.classList.add("app-pack-order--js");
    document.getElementById("pack-order-hint").hidden = true;
    document.getElementById("pack-order-hint-js").hidden = false;
  }

  keepPack();
  var form = document.querySelector("[data-pack-order]");
  if (form) { reorderable(form); }
})();
