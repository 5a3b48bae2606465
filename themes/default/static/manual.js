// Search of the user manual (/shouce/): reads shouce/search.json (each section's page, chapter,
// heading and words) once, on the first keystroke, and lists the sections that contain every
// word typed (words separated by spaces), headings first. Without JavaScript the form stays
// hidden and the table of contents is the way in.
(function () {
  "use strict";
  var form = document.getElementById("manual-search");
  if (!form) return;
  var input = document.getElementById("manual-q");
  var list = document.getElementById("manual-results");
  var status = document.getElementById("manual-status");
  var entries = null;
  var loading = null;
  form.hidden = false;
  form.addEventListener("submit", function (e) { e.preventDefault(); });

  function load() {
    if (!loading) {
      loading = fetch(form.getAttribute("data-index"))
        .then(function (r) { return r.json(); })
        .then(function (data) {
          entries = data.map(function (e) {
            e.hay = (e.chapter + " " + e.heading + " " + e.text).toLowerCase();
            return e;
          });
        });
    }
    return loading;
  }

  function snippet(text, word) {
    var i = text.toLowerCase().indexOf(word);
    if (i < 0) return text.slice(0, 80);
    var start = Math.max(0, i - 30);
    return (start > 0 ? "…" : "") + text.slice(start, i + word.length + 50) + "…";
  }

  function show() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) { status.textContent = ""; return; }
    var hits = entries.filter(function (e) {
      return words.every(function (w) { return e.hay.indexOf(w) >= 0; });
    });
    hits.sort(function (a, b) {
      var ha = words.some(function (w) { return a.heading.toLowerCase().indexOf(w) >= 0; });
      var hb = words.some(function (w) { return b.heading.toLowerCase().indexOf(w) >= 0; });
      return (hb ? 1 : 0) - (ha ? 1 : 0);
    });
    status.textContent = hits.length ? "找到 " + hits.length + " 处" : "没有找到";
    hits.slice(0, 30).forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.url;
      a.textContent = e.heading ? e.chapter + " › " + e.heading : e.chapter;
      var p = document.createElement("p");
      p.className = "muted";
      p.textContent = snippet(e.text, words[0]);
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    });
  }

  input.addEventListener("input", function () {
    if (entries) { show(); return; }
    load().then(show, function () { status.textContent = "无法读取手册的索引"; });
  });
})();
