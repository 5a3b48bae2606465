/* gongkai serve: 单位管理 and 导入. The fields go to serve, which checks and writes them (or
   refuses, saying why in the clerk's words); this script only sends them and shows the answer. */
(function () {
  "use strict";
  function post(what, secret, body, type) {
    return fetch("/__gongkai/editor/" + what, {
      method: "POST",
      headers: { "Content-Type": type || "application/json", "X-Gongkai-Token": secret },
      body: body,
      credentials: "same-origin"
    }).then(function (r) {
      return r.json().then(function (j) { return { status: r.status, body: j }; },
        function () { return { status: r.status, body: {} }; });
    });
  }

  var dept = document.getElementById("dept-form");
  if (dept) {
    var status = document.getElementById("dept-status");
    dept.addEventListener("submit", function (e) {
      e.preventDefault();
      var f = dept.elements;
      var v = {
        slug: f.slug.value, "new": dept.dataset["new"] === "true", base: dept.dataset.base,
        name: f.name.value, kind: f.kind.value, region: f.region.value,
        aliases: f.aliases.value, since: f.since.value, until: f.until.value
      };
      status.textContent = "";
      post("departments/save", dept.dataset.secret, JSON.stringify(v)).then(function (r) {
        if (r.status !== 200) { status.textContent = r.body.error || String(r.status); return; }
        location.href = r.body.url;
      }, function (err) { status.textContent = String(err); });
    });
  }

  var drop = document.getElementById("import-drop");
  if (drop) {
    var texts = JSON.parse(document.getElementById("import-texts").textContent);
    var results = document.getElementById("import-results");
    var input = document.getElementById("import-files");
    // Each file on its own, one after another: the answer is the command's summary of it.
    function upload(file) {
      var box = document.createElement("section");
      box.className = "import-file";
      var h = document.createElement("h2");
      h.textContent = file.name;
      box.appendChild(h);
      var status = document.createElement("p");
      status.setAttribute("role", "status");
      status.textContent = texts.uploading.replace("{name}", file.name);
      box.appendChild(status);
      results.appendChild(box);
      // 年度 and 部门名称, when filled in, are used as `--year` and `--name` are.
      var query = "import/upload?name=" + encodeURIComponent(file.name);
      ["year", "dept"].forEach(function (k) {
        var v = document.getElementById("import-" + k).value.trim();
        if (v) { query += "&" + k + "=" + encodeURIComponent(v); }
      });
      return post(query, drop.dataset.secret, file,
        "application/octet-stream").then(function (r) {
        status.textContent = "";
        if (r.status !== 200) { status.textContent = texts.failed + " " + (r.body.error || r.status); return; }
        var ul = document.createElement("ul");
        r.body.lines.forEach(function (l) {
          var li = document.createElement("li");
          li.className = l.kind;
          li.textContent = l.text;
          ul.appendChild(li);
        });
        box.appendChild(ul);
        var row = document.createElement("p");
        row.className = "row";
        row.textContent = r.body.row;
        box.appendChild(row);
        if (r.body.form) {
          var a = document.createElement("a");
          a.href = r.body.form;
          a.className = "review";
          a.textContent = texts.review;
          box.appendChild(a);
        }
      }, function (err) { status.textContent = texts.failed + " " + err; });
    }
    function all(files) {
      var chain = Promise.resolve();
      Array.prototype.forEach.call(files, function (f) { chain = chain.then(function () { return upload(f); }); });
      return chain;
    }
    input.addEventListener("change", function () { all(input.files); });
    drop.addEventListener("dragover", function (e) { e.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
    drop.addEventListener("drop", function (e) {
      e.preventDefault();
      drop.classList.remove("over");
      all(e.dataTransfer.files);
    });
  }
})();
