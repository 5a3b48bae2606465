// 全文搜索: reads the static index that `gongkai build` writes into sousuo/ (format and the
// rules for cutting text into terms: src/render/search/). Plain fetches of JSON files, so it
// works from any static server and under any sub-path; without JavaScript the page links the
// year and department pages instead.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form || !window.fetch || !window.TextEncoder) return;
  var base = form.getAttribute("data-index"), root = form.getAttribute("data-root");
  var input = document.getElementById("search-q"), yearSel = document.getElementById("search-year");
  var deptSel = document.getElementById("search-dept"), status = document.getElementById("search-status");
  var list = document.getElementById("search-results"), more = document.getElementById("search-more");
  var PAGE = 20, SNIPPET_BEFORE = 24, SNIPPET_LENGTH = 110;
  var cache = {}, seq = 0, state = null;

  function load(name) {
    if (!cache[name]) {
      cache[name] = fetch(base + name).then(function (r) {
        if (!r.ok) throw new Error(r.status + " " + name);
        return r.json();
      });
      cache[name].catch(function () { delete cache[name]; });
    }
    return cache[name];
  }

  // Text folding and terms: the same rules as src/render/search/terms.rs.
  function fold(s) {
    return s.replace(/[\uFF01-\uFF5E]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xFEE0);
    }).replace(/[A-Z]+/g, function (w) { return w.toLowerCase(); });
  }
  var HAN = /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u{20000}-\u{2FFFF}]/u, WORD = /[a-z0-9]/;

  // The index terms that must all occur for a query word to occur: one Han character alone, else
  // its adjacent pairs; each run of letters and digits whole.
  function termsOf(word) {
    var out = [], run = [], latin = "";
    function flushHan() {
      if (run.length === 1) out.push(run[0]);
      for (var i = 1; i < run.length; i++) out.push(run[i - 1] + run[i]);
      run = [];
    }
    Array.from(word).forEach(function (c) {
      if (WORD.test(c)) latin += c; else if (latin) { out.push(latin); latin = ""; }
      if (HAN.test(c)) run.push(c); else flushHan();
    });
    if (latin) out.push(latin);
    flushHan();
    return out;
  }

  function shardOf(term, shards) {
    var h = 0x811c9dc5;
    new TextEncoder().encode(term).forEach(function (b) { h = Math.imul(h ^ b, 0x01000193); });
    return (h >>> 0) & (shards - 1);
  }

  // A posting list (src/render/search/postings.rs): "v" + base64 varint gaps, or "b" + bitmap.
  function decode(s) {
    var bin = atob(s.slice(1)), ids = [], i, bit;
    if (s[0] === "b") {
      for (i = 0; i < bin.length; i++) {
        var byte = bin.charCodeAt(i);
        for (bit = 0; bit < 8; bit++) if (byte & (1 << bit)) ids.push(i * 8 + bit);
      }
      return ids;
    }
    var prev = -1, gap = 0, shift = 0;
    for (i = 0; i < bin.length; i++) {
      var b = bin.charCodeAt(i);
      gap += (b & 0x7f) * Math.pow(2, shift);
      shift += 7;
      if (!(b & 0x80)) { prev += gap; ids.push(prev); gap = 0; shift = 0; }
    }
    return ids;
  }

  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] < b[j]) i++; else if (a[i] > b[j]) j++; else { out.push(a[i]); i++; j++; }
    }
    return out;
  }

  function postings(meta, term) {
    return load("shard-" + shardOf(term, meta.shards) + ".json").then(function (shard) {
      return Object.prototype.hasOwnProperty.call(shard, term) ? decode(shard[term]) : [];
    });
  }

  function report(meta, id) {
    var r = meta.reports[id], dept = meta.departments[r[1]];
    return { id: id, year: r[0], title: r[2], url: root + r[3], department: r[4] || dept[0],
      slug: dept[1], head: fold(r[2] + "\n" + (r[4] || "") + "\n" + dept[0]) };
  }

  // Reports whose index terms contain every query word, filtered, best first: a word in the
  // title or department name counts more than one in the text; then newer years first.
  function candidates(meta, words, year, dept) {
    var terms = [];
    words.forEach(function (w) { termsOf(w).forEach(function (t) { if (terms.indexOf(t) < 0) terms.push(t); }); });
    return Promise.all(terms.map(function (t) { return postings(meta, t); })).then(function (lists) {
      var ids = lists.length ? lists.reduce(intersect) : meta.reports.map(function (_, i) { return i; });
      var found = ids.map(function (id) { return report(meta, id); }).filter(function (r) {
        return (!year || String(r.year) === year) && (!dept || r.slug === dept);
      });
      found.forEach(function (r) {
        r.score = words.filter(function (w) { return r.head.indexOf(w) >= 0; }).length;
      });
      return found.sort(function (a, b) { return b.score - a.score || b.year - a.year || a.id - b.id; });
    });
  }

  // Whether the index alone proves a word occurs: it is a single term (one or two Han characters,
  // or one run of letters and digits). Longer phrases are confirmed in the report's text.
  function exact(word) {
    var t = termsOf(word);
    return t.length === 1 && t[0] === word;
  }

  function textOf(meta, r) {
    return load("text-" + Math.floor(r.id / meta.chunk) + ".json").then(function (texts) {
      return texts[r.id % meta.chunk];
    });
  }

  function append(parent, text, words) {
    var folded = fold(text), marks = [];
    words.forEach(function (w) {
      for (var at = folded.indexOf(w); at >= 0; at = folded.indexOf(w, at + 1)) marks.push([at, at + w.length]);
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var pos = 0;
    marks.forEach(function (m) {
      if (m[1] <= pos) return;
      var from = Math.max(m[0], pos);
      if (from > pos) parent.appendChild(document.createTextNode(text.slice(pos, from)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(from, m[1]);
      parent.appendChild(mark);
      pos = m[1];
    });
    if (pos < text.length) parent.appendChild(document.createTextNode(text.slice(pos)));
  }

  // A stretch of the text around the first query word it contains.
  function snippet(text, words) {
    var folded = fold(text), first = -1;
    words.forEach(function (w) {
      var at = folded.indexOf(w);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    });
    var start = Math.max(0, first - SNIPPET_BEFORE), end = Math.min(text.length, start + SNIPPET_LENGTH);
    if (/[\uDC00-\uDFFF]/.test(text.charAt(start))) start++;
    return (start > 0 ? "…" : "") + text.slice(start, end).replace(/\s+/g, " ") + (end < text.length ? "…" : "");
  }

  function show(r, text, words) {
    var li = document.createElement("li"), h = document.createElement("h3"), a = document.createElement("a");
    li.className = "search-hit";
    a.href = r.url;
    append(a, r.title, words);
    h.appendChild(a);
    var meta = document.createElement("p");
    meta.className = "search-hit-meta";
    append(meta, r.department + " · " + r.year + "年", words);
    var snip = document.createElement("p");
    snip.className = "search-hit-snippet";
    append(snip, snippet(text, words), words);
    li.appendChild(h); li.appendChild(meta); li.appendChild(snip);
    list.appendChild(li);
  }

  function describe(s) {
    var n = s.found.length - s.rejected, shown = list.children.length;
    var what = s.words.length ? "包含“" + s.words.join("”“") + "”的报告" : "报告";
    var where = (s.year ? s.year + "年" : "") + (s.dept ? deptSel.options[deptSel.selectedIndex].text : "");
    if (n === 0) return "没有找到" + (where ? where + "的" : "") + what + "。";
    // Until every candidate's text is read, the count is an upper bound: say so.
    var bound = s.next < s.found.length && !s.exact ? "至多 " : "";
    return "找到 " + bound + n + " 份" + (where ? where + "的" : "") + what +
      (shown < n ? "，显示前 " + shown + " 份" : "") + "。";
  }

  // Show the next page of results, reading the texts they need; a candidate whose text does not
  // contain a phrase after all is skipped.
  function page(meta, s, round) {
    var batch = s.found.slice(s.next, s.next + PAGE);
    s.next += batch.length;
    return Promise.all(batch.map(function (r) { return textOf(meta, r); })).then(function (texts) {
      if (s !== state) return;
      batch.forEach(function (r, i) {
        var body = fold(texts[i]);
        var ok = s.exact || s.words.every(function (w) { return r.head.indexOf(w) >= 0 || body.indexOf(w) >= 0; });
        if (ok) show(r, texts[i], s.words); else s.rejected++;
      });
      // A few rounds at most, so a phrase that the index over-estimates never reads every text.
      if (list.children.length < s.shown + PAGE && s.next < s.found.length && (round || 0) < 4) {
        return page(meta, s, (round || 0) + 1);
      }
      s.shown = list.children.length;
      more.hidden = s.next >= s.found.length;
      status.textContent = describe(s);
    });
  }

  function run() {
    // A word with nothing to index (punctuation alone) would match by text only: it is ignored.
    var words = fold(input.value).split(/[\s\u3000]+/).filter(function (w) { return termsOf(w).length; });
    var year = yearSel.value, dept = deptSel.value, my = ++seq;
    var params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    if (year) params.set("year", year);
    if (dept) params.set("dept", dept);
    history.replaceState(null, "", params.toString() ? "?" + params : location.pathname);
    if (!words.length && !year && !dept) {
      state = null; list.textContent = ""; more.hidden = true; status.textContent = "";
      return Promise.resolve();
    }
    return load("meta.json").then(function (meta) {
      return candidates(meta, words, year, dept).then(function (found) {
        if (my !== seq) return;
        list.textContent = "";
        state = { words: words, year: year, dept: dept, found: found, next: 0, shown: 0, rejected: 0,
          exact: words.every(exact) };
        return page(meta, state);
      });
    }).catch(function () {
      if (my === seq) status.textContent = "搜索索引读取失败，请刷新页面重试，或按年份、单位浏览。";
    });
  }

  var query = new URLSearchParams(location.search);
  input.value = query.get("q") || "";
  yearSel.value = query.get("year") || "";
  deptSel.value = query.get("dept") || "";
  form.hidden = false;
  document.getElementById("search-nojs").hidden = true;
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  input.addEventListener("input", run);
  yearSel.addEventListener("change", run);
  deptSel.addEventListener("change", run);
  more.addEventListener("click", function () {
    if (state) load("meta.json").then(function (meta) { state.shown = list.children.length; return page(meta, state); });
  });
  load("meta.json");
  if (input.value || yearSel.value || deptSel.value) run();
})();
