/* compare-sources report: match navigation. Works from file://, no network. */
(function () {
  "use strict";
  var panes = { a: document.querySelector('.text[data-side="a"]'), b: document.querySelector('.text[data-side="b"]') };
  if (!panes.a || !panes.b) { return; }
  var numbers = [];
  document.querySelectorAll(".match-item").forEach(function (li) { numbers.push(li.getAttribute("data-m")); });
  var current = -1;

  function first(side, n) {
    return document.getElementById(side + "-m" + n) || panes[side].querySelector('[data-m="' + n + '"]');
  }
  function scrollInPane(side, el) {
    var pane = panes[side];
    var top = el.getBoundingClientRect().top - pane.getBoundingClientRect().top + pane.scrollTop;
    pane.scrollTop = Math.max(0, top - pane.clientHeight / 3);
  }
  function activate(n, from) {
    document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
    document.querySelectorAll('.text [data-m="' + n + '"], .match-item[data-m="' + n + '"]').forEach(function (el) {
      el.classList.add("active");
    });
    ["a", "b"].forEach(function (side) {
      if (side === from) { return; }
      var el = first(side, n);
      if (el) { scrollInPane(side, el); }
    });
    current = numbers.indexOf(String(n));
  }
  function onClick(side) {
    return function (ev) {
      var el = ev.target.closest("[data-m]");
      if (!el || !el.getAttribute("data-m")) { return; }
      ev.preventDefault();
      activate(el.getAttribute("data-m"), side);
    };
  }
  panes.a.addEventListener("click", onClick("a"));
  panes.b.addEventListener("click", onClick("b"));
  document.querySelectorAll(".match-item .badge").forEach(function (badge) {
    badge.addEventListener("click", function (ev) {
      ev.preventDefault();
      activate(badge.getAttribute("data-m"), null);
    });
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey || !numbers.length) { return; }
    var t = ev.target.tagName;
    if (t === "INPUT" || t === "TEXTAREA" || t === "SELECT") { return; }
    if (ev.key === "n" || ev.key === "p") {
      var next = ev.key === "n" ? current + 1 : current - 1;
      next = (next + numbers.length) % numbers.length;
      activate(numbers[next], null);
    }
  });
  var m = /^#m(\d+)$/.exec(window.location.hash);
  if (m) { activate(m[1], null); }
})();
