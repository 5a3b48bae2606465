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
})();
