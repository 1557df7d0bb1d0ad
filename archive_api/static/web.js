// Footnote markers open their note beside the text instead of jumping away from it.
// Without this script a marker is a plain link to the note, which links back.
// The search form leaves its empty fields out of the URL it sends.
(function () {
  "use strict";

  var pop = null;
  var opener = null;

  function close(returnFocus) {
    if (!pop) { return; }
    pop.remove();
    pop = null;
    if (opener) {
      opener.setAttribute("aria-expanded", "false");
      if (returnFocus) { opener.focus(); }
    }
    opener = null;
  }

  function labels() {
    var tr = document.documentElement.lang === "tr";
    return {
      close: tr ? "Kapat" : "Close",
      go: tr ? "Dipnota git" : "Go to the note"
    };
  }

  function open(marker) {
    var id = marker.getAttribute("href").slice(1);
    var note = document.getElementById(id);
    if (!note) { return false; }
    close(false);
    var words = labels();
    pop = document.createElement("div");
    pop.className = "note-pop";
    pop.id = "note-pop";
    pop.setAttribute("role", "dialog");
    pop.setAttribute("aria-label", marker.getAttribute("aria-label") || id);
    pop.tabIndex = -1;

    var head = document.createElement("div");
    head.className = "pop-head";
    var title = document.createElement("span");
    title.textContent = marker.getAttribute("aria-label") || id;
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = words.close;
    button.addEventListener("click", function () { close(true); });
    head.appendChild(title);
    head.appendChild(button);

    var body = document.createElement("div");
    body.className = "pop-body";
    var text = note.querySelector(".note-text");
    body.appendChild((text || note).cloneNode(true));
    note.querySelectorAll("a.work-link").forEach(function (link) {
      body.appendChild(link.cloneNode(true));
    });

    var foot = document.createElement("p");
    foot.className = "pop-foot";
    var go = document.createElement("a");
    go.href = "#" + id;
    go.textContent = words.go;
    go.addEventListener("click", function () { close(false); });
    foot.appendChild(go);

    pop.appendChild(head);
    pop.appendChild(body);
    pop.appendChild(foot);
    document.body.appendChild(pop);

    var box = marker.getBoundingClientRect();
    var width = pop.offsetWidth;
    var left = Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 12);
    pop.style.left = Math.max(window.scrollX + 6, left) + "px";
    pop.style.top = (box.bottom + window.scrollY + 6) + "px";

    opener = marker;
    marker.setAttribute("aria-expanded", "true");
    marker.setAttribute("aria-controls", "note-pop");
    pop.focus();
    return true;
  }

  document.addEventListener("click", function (event) {
    var marker = event.target.closest && event.target.closest("a.noteref");
    if (marker) {
      if (opener === marker) { close(true); event.preventDefault(); return; }
      if (open(marker)) { event.preventDefault(); }
      return;
    }
    if (pop && !pop.contains(event.target)) { close(false); }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[role=search]")) { return; }
    form.querySelectorAll("input[name], select[name]").forEach(function (field) {
      if (field.type !== "checkbox" && field.value.trim() === "") { field.disabled = true; }
    });
    // Enabled again for the back button, which may show the page from memory.
    window.setTimeout(function () {
      form.querySelectorAll("[disabled]").forEach(function (field) { field.disabled = false; });
    }, 0);
  });

  // On a narrow screen the table of contents starts folded, so the text comes first.
  var toc = document.querySelector("details.toc-box");
  if (toc && window.matchMedia("(max-width: 60rem)").matches) { toc.open = false; }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && pop) { close(true); }
  });
}());
