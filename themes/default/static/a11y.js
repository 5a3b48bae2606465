// 大字 · 高对比 (适老化): a toggle that adds one class and remembers it. Reading needs no script.
(function () {
  var root = document.documentElement, b = document.getElementById("a11y-toggle"), k = "gongkai-large";
  function set(on) { root.classList.toggle("large", on); if (b) b.setAttribute("aria-pressed", on ? "true" : "false"); try { localStorage.setItem(k, on ? "1" : ""); } catch (e) {} }
  try { set(localStorage.getItem(k) === "1"); } catch (e) {}
  if (b) { b.hidden = false; b.addEventListener("click", function () { set(!root.classList.contains("large")); }); }
})();
