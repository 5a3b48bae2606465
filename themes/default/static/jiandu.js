// 发布情况（监督视图）: sort any table of class "sortable" by a click on a column header, and
// filter the rows of a "filterable" table by status. The tables read fine without this script;
// it builds its own controls, and uses no URL, so it works under any base URL.
(function () {
  function key(row, i) {
    var c = row.children[i];
    if (!c) return "";
    return c.hasAttribute("data-sort") ? c.getAttribute("data-sort") : c.textContent.trim();
  }
  function compare(a, b) {
    var n = /^-?\d+(\.\d+)?$/;
    if (n.test(a) && n.test(b)) return parseFloat(a) - parseFloat(b);
    return a.localeCompare(b, "zh-CN");
  }
  function sortable(table) {
    var heads = table.tHead.rows[0].cells, body = table.tBodies[0];
    Array.prototype.forEach.call(heads, function (th, i) {
      var b = document.createElement("button");
      b.type = "button"; b.className = "sort"; b.textContent = th.textContent;
      th.textContent = ""; th.appendChild(b);
      b.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r, s) { var d = compare(key(r, i), key(s, i)); return asc ? d : -d; });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }
  var filters = [["", "全部单位"], ["problem", "有问题（逾期、未发布或有错误）"], ["missing", "未发布"], ["late", "逾期发布"],
    ["undated", "发布日期未知"], ["errors", "有错误"]];
  function matches(row, f) {
    var st = row.getAttribute("data-status"), err = row.getAttribute("data-errors") !== "0";
    if (f === "errors") return err;
    if (f === "problem") return err || st === "late" || st === "missing";
    return !f || st === f;
  }
  function filterable(table) {
    var wrap = table.parentNode, p = document.createElement("p"), label = document.createElement("label"),
      select = document.createElement("select"), out = document.createElement("output");
    select.id = table.id + "-filter";
    label.htmlFor = select.id; label.textContent = "筛选：";
    filters.forEach(function (f) { var o = document.createElement("option"); o.value = f[0]; o.textContent = f[1]; select.appendChild(o); });
    out.setAttribute("aria-live", "polite"); out.className = "muted";
    p.className = "sv-filter"; p.appendChild(label); p.appendChild(select); p.appendChild(document.createTextNode(" ")); p.appendChild(out);
    wrap.parentNode.insertBefore(p, wrap);
    select.addEventListener("change", function () {
      var shown = 0, rows = table.tBodies[0].rows;
      Array.prototype.forEach.call(rows, function (r) { var on = matches(r, select.value); r.hidden = !on; if (on) shown++; });
      out.textContent = select.value ? "显示 " + shown + " / " + rows.length + " 个单位" : "";
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), sortable);
  Array.prototype.forEach.call(document.querySelectorAll("table.filterable"), filterable);
})();
