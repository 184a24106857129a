/* Large type (大字): one tap on the header button makes all text larger on every page,
   and this phone remembers it (localStorage). Loaded in <head>, so a remembered
   choice applies before the page is drawn. The only script every page loads. */
(function () {
  "use strict";
  var KEY = "noticeboard.large-type";
  var root = document.documentElement;

  function remembered() {
    try { return localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }

  root.classList.toggle("nb-large", remembered());

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-nb-large-type]");
    if (!button) return;
    button.setAttribute("aria-pressed", String(root.classList.contains("nb-large")));
    button.hidden = false;
    button.addEventListener("click", function () {
      var on = !root.classList.contains("nb-large");
      root.classList.toggle("nb-large", on);
      button.setAttribute("aria-pressed", String(on));
      try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode: this page only */ }
    });
  });
})();
