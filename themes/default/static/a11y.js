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
// The comparison with last year was its own page (…/compare.html) and is now a view of the report
// page (…/#duibi): an old link lands on the 404 page, and this sends the reader on to the view.
if (/\/compare\.html$/.test(location.pathname)) {
  location.replace(location.pathname.slice(0, -"compare.html".length) + "#duibi");
}
