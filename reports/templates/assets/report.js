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
  var box = document.querySelector(".panes");
  function panesInView() {
    // Stepping from the keyboard or the match list: the texts must be on screen.
    var r = box.getBoundingClientRect();
    if (r.top < 0 || r.top > window.innerHeight / 3) { box.scrollIntoView({ block: "start" }); }
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
    if (window.location.hash !== "#m" + n) { window.history.replaceState(null, "", "#m" + n); }
    if (from === null && box) { panesInView(); }
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
  // An overview ruler beside each text: a tick where each match lies, in its colour; a click
  // on a tick steps to that match. (A mouse aid: the match list and n/p reach every match too.)
  function ruler(side) {
    var pane = panes[side];
    var bar = document.createElement("div");
    bar.className = "ruler";
    bar.setAttribute("aria-hidden", "true");
    bar.setAttribute("data-side", side);
    var height = pane.scrollHeight || 1;
    var top = pane.getBoundingClientRect().top - pane.scrollTop;
    numbers.forEach(function (n) {
      var el = first(side, n);
      if (!el) { return; }
      var tick = document.createElement("div");
      var colour = /\bc\d\b/.exec(el.className);
      tick.className = "tick" + (colour ? " " + colour[0] : "");
      tick.setAttribute("data-m", n);
      tick.title = "match " + n;
      tick.style.top = (100 * (el.getBoundingClientRect().top - top) / height) + "%";
      tick.addEventListener("click", function () { activate(n, null); });
      bar.appendChild(tick);
    });
    bar.style.top = pane.offsetTop + "px";
    bar.style.height = pane.clientHeight + "px";
    pane.parentNode.appendChild(bar);
  }
  ruler("a");
  ruler("b");
  var m = /^#m(\d+)$/.exec(window.location.hash);
  if (m) { activate(m[1], null); }
})();

/* Triage: a reader's mark on each pair ("attributed", "false positive", ...),
   kept in this browser's localStorage under the two documents' ids, so a mark
   follows the documents, not the folder: it survives moving or copying the
   report and re-running it (even when other inputs were added or failed),
   and never lands on another pair. Shown in the index's pair table, exported
   from there as JSON, and imported back (merged) from such a file. */
(function () {
  "use strict";
  var form = document.getElementById("triage");
  var cells = document.querySelectorAll("td.mark[data-pair]");
  var exporter = document.getElementById("marks-export");
  var importer = document.getElementById("marks-import");
  if (!form && !cells.length) { return; }
  var key = "compare-sources marks by document ids";

  function load() {
    try { return JSON.parse(window.localStorage.getItem(key)) || {}; } catch (e) { return {}; }
  }
  function save(marks) { window.localStorage.setItem(key, JSON.stringify(marks)); }
  function pairKey(el) { return JSON.stringify([el.getAttribute("data-a"), el.getAttribute("data-b")]); }
  function markOf(marks, el) { return marks[pairKey(el)] || ""; }

  if (form) {
    var current = markOf(load(), form);
    form.querySelectorAll('input[name="mark"]').forEach(function (input) {
      input.checked = input.value === current;
    });
    form.addEventListener("change", function (ev) {
      var marks = load();
      if (ev.target.value) { marks[pairKey(form)] = ev.target.value; } else { delete marks[pairKey(form)]; }
      save(marks);
    });
    form.hidden = false;
  }

  if (cells.length) {
    var labels = {};
    JSON.parse(exporter.getAttribute("data-labels")).forEach(function (m) { labels[m[0]] = m[1]; });
    var show = function () {  // again after the pair table pages or sorts (pairs.js)
      var marks = load();
      document.querySelectorAll("td.mark[data-pair]").forEach(function (cell) {
        var mark = markOf(marks, cell);
        cell.textContent = mark ? labels[mark] || mark : "";
        cell.parentNode.setAttribute("data-mark", mark);
      });
    };
    show();
    window.compareSourcesShowMarks = show;
    exporter.hidden = false;
    exporter.addEventListener("click", function () {
      var marks = load();
      var out = Object.keys(marks).sort().map(function (k) {
        var ids = JSON.parse(k);
        return { a: ids[0], b: ids[1], mark: marks[k] };
      });
      var data = JSON.stringify({ marks: out }, null, 1) + "\n";
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([data], { type: "application/json" }));
      link.download = "compare-sources-marks.json";
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
    if (importer) {
      importer.closest("label").hidden = false;
      importer.addEventListener("change", function () {
        var file = importer.files[0];
        if (!file) { return; }
        file.text().then(function (text) {
          var marks = load();
          (JSON.parse(text).marks || []).forEach(function (m) {
            if (typeof m.a === "string" && typeof m.b === "string" && typeof m.mark === "string" && m.mark) {
              marks[JSON.stringify([m.a, m.b])] = m.mark;
            }
          });
          save(marks);
          show();
        });
      });
    }
  }
})();

/* Long lists (data-paged="what"): the first 100 items, then a button for
   100 more, so a report of thousands of documents stays quick to open and
   read. Without scripts every item shows. */
(function () {
  "use strict";
  var PAGE = 100;
  document.querySelectorAll("[data-paged]").forEach(function (list) {
    var items = Array.prototype.slice.call(list.tBodies ? list.tBodies[0].rows : list.children);
    if (items.length <= PAGE) { return; }
    var shown = 0;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "more";
    function more() {
      shown = Math.min(items.length, shown + PAGE);
      items.forEach(function (item, i) { item.hidden = i >= shown; });
      var left = items.length - shown;
      button.textContent = "Show " + Math.min(PAGE, left) + " more " + list.getAttribute("data-paged") +
        " (" + left + " not shown)";
      button.hidden = left === 0;
    }
    button.addEventListener("click", more);
    (list.closest(".scroll") || list).insertAdjacentElement("afterend", button);
    more();
  });
})();
