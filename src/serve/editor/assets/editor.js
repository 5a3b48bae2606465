/* gongkai serve: 在线填报. The form's values go to serve, which writes them into the file's text
   in memory and runs the same checks as `gongkai check`; this script only shows the findings at
   their cells. Nothing is computed here. */
(function () {
  "use strict";
  var form = document.getElementById("gongkai-editor");
  if (!form) return;
  var texts = JSON.parse(document.getElementById("gongkai-editor-texts").textContent);
  var findingsBox = document.getElementById("findings");
  var saveStatus = document.getElementById("save-status");
  var base = form.dataset.base;

  function values() {
    var v = { year: Number(form.dataset.year), slug: form.dataset.slug, base: base, cells: {}, sections: {} };
    form.querySelectorAll("[data-cell]").forEach(function (el) { v.cells[el.dataset.cell] = el.value; });
    form.querySelectorAll("[data-section]").forEach(function (el) { v.sections[el.dataset.section] = el.value; });
    v.published = form.elements.published.value;
    return v;
  }

  function post(what, body) {
    return fetch("/__gongkai/editor/" + what, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Gongkai-Token": form.dataset.secret },
      body: JSON.stringify(body),
      credentials: "same-origin"
    }).then(function (r) { return r.json().then(function (j) { return { status: r.status, body: j }; }); });
  }

  function clear() {
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); el.classList.remove("warning"); });
    form.querySelectorAll(".finding").forEach(function (el) { el.textContent = ""; });
  }

  // The inputs a finding is about: its cell, or every cell of the row or table it names.
  function targets(cell) {
    if (!cell) return [];
    var exact = form.querySelector('[data-cell="' + CSS.escape(cell) + '"]');
    if (exact) return [exact];
    if (cell === "published") return [form.elements.published];
    return Array.prototype.filter.call(form.querySelectorAll("[data-cell]"), function (el) {
      return el.dataset.cell.indexOf(cell + ".") === 0;
    });
  }

  function show(findings) {
    clear();
    findingsBox.textContent = "";
    if (!findings.length) { findingsBox.textContent = texts["editor-no-findings"]; return; }
    var head = document.createElement("p");
    head.textContent = texts["editor-findings"].replace("{n}", findings.length);
    findingsBox.appendChild(head);
    var list = document.createElement("ul");
    findings.forEach(function (f) {
      var li = document.createElement("li");
      li.className = f.severity;
      var at = targets(f.cell);
      var text = f.label + "：" + f.message;
      if (at.length) {
        var a = document.createElement("a");
        a.href = "#" + at[0].id;
        a.textContent = text;
        li.appendChild(a);
      } else {
        li.textContent = texts["editor-general"] + " " + text;
      }
      list.appendChild(li);
      var first = at[0];
      at.forEach(function (el) {
        el.setAttribute("aria-invalid", "true");
        if (f.severity !== "error") el.classList.add("warning");
      });
      if (first) {
        var note = document.getElementById("f-" + first.id);
        if (note) {
          var p = document.createElement("span");
          p.className = "msg " + f.severity;
          p.textContent = text;
          note.appendChild(p);
          if (f.offer !== null && f.offer !== undefined) {
            // Offered, never forced: a number kept as published stays unless the clerk asks.
            var b = document.createElement("button");
            b.type = "button";
            b.className = "offer";
            b.textContent = texts["editor-use-total"].replace("{n}", f.offer);
            b.addEventListener("click", function () { first.value = String(f.offer); first.focus(); schedule(); });
            note.appendChild(b);
          }
        }
      }
    });
    findingsBox.appendChild(list);
  }

  var timer = null, sent = 0, shown = 0;
  function check() {
    var n = ++sent;
    post("check", values()).then(function (r) {
      if (n < shown) return;
      shown = n;
      if (r.status !== 200) { findingsBox.textContent = r.body.error || texts["editor-save-failed"]; return; }
      show(r.body.findings);
      form.dataset.checked = String(n);
    });
  }
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(check, 150);
  }
  form.addEventListener("input", schedule);

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    saveStatus.textContent = texts["editor-saving"];
    post("save", values()).then(function (r) {
      if (r.status !== 200) { saveStatus.textContent = texts["editor-save-failed"] + " " + (r.body.error || ""); return; }
      saveStatus.textContent = texts["editor-saved"];
      location.href = r.body.url;
    }, function () { saveStatus.textContent = texts["editor-save-failed"]; });
  });

  check();
})();
