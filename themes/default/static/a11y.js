// 大字 · 高对比 (适老化): a toggle that adds one class and remembers it. Reading needs no script.
(function () {
  var root = document.documentElement, b = document.getElementById("a11y-toggle"), k = "gongkai-large";
  function set(on) { root.classList.toggle("large", on); if (b) b.setAttribute("aria-pressed", on ? "true" : "false"); try { localStorage.setItem(k, on ? "1" : ""); } catch (e) {} }
  try { set(localStorage.getItem(k) === "1"); } catch (e) {}
  if (b) { b.hidden = false; b.addEventListener("click", function () { set(!root.classList.contains("large")); }); }
})();
// Printing: folded parts (提示, data tables) print open, and each link in the text prints its
// full address (resolved by the browser, so it is right under any sub-path). Without script the
// print stylesheet still prints the address of links to other sites.
(function () {
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) { d.open = true; opened.push(d); });
    document.querySelectorAll("main a[href]:not([href^='#'])").forEach(function (a) { a.setAttribute("data-href", a.href); });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
