/* compare-sources report: pair pages' texts, match navigation, evidence. Works from file://, no network. */

/* Pair panes: each text comes from its data file (data/texts/*.js, loaded by the
   page) and is cut into marked pieces here, from the page's match offsets
   (the .panes element's data-matches: [number, kind, a_start, a_end, b_start,
   b_end, changes]). Offsets count code points, as Python does; JavaScript
   strings count UTF-16 units, so `units` maps one to the other. Text only ever
   goes in through textContent. */
window.compareSources = (function () {
  "use strict";
  var LETTER = { verbatim: "V", edited: "E", paraphrased: "P", topical: "T" };
  var RANK = { verbatim: 0, edited: 1, paraphrased: 2, topical: 4 };
  var texts = window.COMPARE_SOURCES_TEXTS || {};

  function units(text) {
    // Code-point offset -> UTF-16 offset (the identity when there is no astral character).
    if (!/[\uD800-\uDFFF]/.test(text)) { return function (i) { return i; }; }
    var map = [0], u = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      u += (c >= 0xD800 && c <= 0xDBFF && i + 1 < text.length) ? (i++, 2) : 1;
      map.push(u);
    }
    return function (k) { return map[Math.min(k, map.length - 1)]; };
  }
  function textOf(id) {
    var doc = texts[id];
    if (!doc) { return null; }
    if (!doc.units) { doc.units = units(doc.text); doc.length = lengthInCodePoints(doc.text); }
    return doc;
  }
  function slice(doc, start, end) { return doc.text.slice(doc.units(start), doc.units(end)); }

  function spansOf(doc, matches, side) {
    var k = side === "a" ? 2 : 4, spans = [];
    doc.excluded.forEach(function (e) { spans.push({ s: e[0], e: e[1], kind: "boilerplate", title: "excluded: " + e[2] }); });
    matches.forEach(function (m) {
      spans.push({ s: m[k], e: m[k + 1], kind: m[1], n: m[0], title: "#" + m[0] + " " + m[1], anchor: side + "-m" + m[0] });
      m[6].forEach(function (c) {
        var s = c[k - 1], e = c[k];
        if (e > s) { spans.push({ s: s, e: e, kind: "changed" }); }
      });
    });
    return spans;
  }
  function lowerBound(list, x) {
    var lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (list[mid] < x) { lo = mid + 1; } else { hi = mid; } }
    return lo;
  }
  function draw(pane, doc, spans) {
    var set = {}; set[0] = 1; set[doc.length] = 1;
    spans.forEach(function (s) { set[s.s] = 1; set[s.e] = 1; });
    var cuts = Object.keys(set).map(Number).sort(function (x, y) { return x - y; });
    var covering = cuts.map(function () { return []; }), starting = {};
    spans.forEach(function (s) {
      if (s.e <= s.s) { return; }
      for (var i = lowerBound(cuts, s.s), j = lowerBound(cuts, s.e); i < j; i++) { covering[i].push(s); }
      if (s.anchor) { (starting[s.s] = starting[s.s] || []).push(s); }
    });
    var out = document.createDocumentFragment();
    for (var i = 0; i + 1 < cuts.length; i++) {
      var active = covering[i], classes = [], title = "";
      (starting[cuts[i]] || []).sort(function (x, y) { return x.n - y.n; }).forEach(function (s) {
        var badge = document.createElement("a");
        badge.className = "badge k-" + s.kind + " c" + (s.n % 8);
        badge.id = s.anchor;
        badge.href = "#" + s.anchor;
        badge.setAttribute("data-m", s.n);
        badge.setAttribute("aria-label", "match " + s.n + LETTER[s.kind]);
        badge.textContent = s.n + LETTER[s.kind];
        out.appendChild(badge);
      });
      var bp = active.filter(function (s) { return s.kind === "boilerplate"; }).map(function (s) { return s.title; });
      if (bp.length) {
        classes.push("bp");
        title = bp.filter(function (t, k) { return bp.indexOf(t) === k; }).sort().join("; ");
      }
      var ms = active.filter(function (s) { return s.kind in RANK; })
        .sort(function (x, y) { return (RANK[x.kind] - RANK[y.kind]) || (x.n - y.n); });
      var piece = slice(doc, cuts[i], cuts[i + 1]);
      var node;
      if (active.length) {
        if (ms.length) {
          classes.push("m", "k-" + ms[0].kind, "c" + (ms[0].n % 8));
          title = title || ms.map(function (s) { return s.title; }).join("; ");
        }
        if (active.some(function (s) { return s.kind === "changed"; })) { classes.push("chg"); }
        node = document.createElement("span");
        node.className = classes.join(" ");
        if (ms.length) { node.setAttribute("data-m", ms[0].n); }
        if (title) { node.title = title; }
        node.textContent = piece;
      } else {
        node = document.createTextNode(piece);
      }
      out.appendChild(node);
    }
    pane.textContent = "";
    pane.appendChild(out);
  }
  function lengthInCodePoints(text) {
    var n = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c >= 0xD800 && c <= 0xDBFF && i + 1 < text.length) { i++; }
      n++;
    }
    return n;
  }

  var box = document.querySelector(".panes[data-matches]");
  var matches = box ? JSON.parse(box.getAttribute("data-matches")) : [];
  var key = document.querySelector("p.legend[hidden]");
  if (box && key) {
    // The key to the marks drawn in the texts: [kind or class, badge, words].
    var marked = function (className, text) {
      var el = document.createElement("span");
      el.className = className;
      el.textContent = text;
      return el;
    };
    [["verbatim", "V", ["verbatim (same words)"]],
     ["edited", "E", ["edited (words inserted, deleted or replaced; ", marked("chg", "changed words"), " marked)"]],
     ["paraphrased", "P", ["paraphrased (reworded, aligned sentence by sentence)"]],
     ["topical", "T", ["topical (same point, other words; not copying)"]]].forEach(function (k) {
      key.appendChild(marked("badge k-" + k[0], k[1]));
      key.appendChild(document.createTextNode(" "));
      k[2].forEach(function (part) { key.appendChild(typeof part === "string" ? document.createTextNode(part) : part); });
      key.appendChild(document.createTextNode(" · "));
    });
    key.appendChild(marked("bp", "greyed: boilerplate, excluded"));
    key.appendChild(document.createTextNode(". Keys: n next match, p previous."));
    key.hidden = false;
  }
  matches.forEach(function (m) {
    // Changed steps come relative to the step before: [code, a_skip, a_length, b_skip, b_length].
    var a = m[2], b = m[4];
    m[6] = m[6].map(function (c) {
      var step = [c[0], a + c[1], a + c[1] + c[2], b + c[3], b + c[3] + c[4]];
      a = step[2];
      b = step[4];
      return step;
    });
  });
  var docs = {};
  if (box) {
    ["a", "b"].forEach(function (side) {
      var pane = box.querySelector('.text[data-side="' + side + '"]');
      var doc = textOf(pane.getAttribute("data-doc"));
      docs[side] = doc;
      if (doc) { draw(pane, doc, spansOf(doc, matches, side)); }
      else { pane.textContent = "This text's data file (data/texts/) is missing from the report's folder."; }
    });
  }

  // The word diff of an edited or paraphrased match, drawn when first opened.
  document.querySelectorAll("details.diff[data-m]").forEach(function (details) {
    details.addEventListener("toggle", function () {
      var target = details.querySelector("p.diff");
      if (!details.open || target.childNodes.length || !docs.a || !docs.b) { return; }
      var n = Number(details.getAttribute("data-m"));
      var m = matches.filter(function (x) { return x[0] === n; })[0];
      var at = m[2];
      m[6].forEach(function (c) {
        target.appendChild(document.createTextNode(slice(docs.a, at, c[1])));
        [["del", slice(docs.a, c[1], c[2])], ["ins", slice(docs.b, c[3], c[4])]].forEach(function (x) {
          if (!x[1]) { return; }
          var el = document.createElement(x[0]);
          el.textContent = x[1];
          target.appendChild(el);
        });
        at = Math.max(at, c[2]);
      });
      target.appendChild(document.createTextNode(slice(docs.a, at, m[3])));
    });
  });
  return { docs: docs, matches: matches, slice: slice };
})();

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
    // Drawn here, like everything that needs this script (a page without it shows no form).
    var fieldset = document.createElement("fieldset");
    var legend = document.createElement("legend");
    legend.textContent = "Your mark ";
    var hint = document.createElement("span");
    hint.className = "muted";
    hint.textContent = "(kept in this browser; export it from the index)";
    legend.appendChild(hint);
    fieldset.appendChild(legend);
    JSON.parse(form.getAttribute("data-labels")).forEach(function (m) {
      var label = document.createElement("label");
      var input = document.createElement("input");
      input.type = "radio";
      input.name = "mark";
      input.value = m[0];
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + m[1]));
      fieldset.appendChild(label);
      fieldset.appendChild(document.createTextNode("\n"));
    });
    form.appendChild(fieldset);
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
   read; with data-filter, a box above keeps only the items holding its words.
   Without scripts every item shows. */
(function () {
  "use strict";
  var PAGE = 100;
  document.querySelectorAll("[data-paged]").forEach(function (list) {
    var items = Array.prototype.slice.call(list.tBodies ? list.tBodies[0].rows : list.children);
    if (items.length <= PAGE) { return; }
    var what = list.getAttribute("data-paged");
    var matching = items, shown = 0;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "more";
    function more() {
      shown = Math.min(matching.length, shown + PAGE);
      items.forEach(function (item) { item.hidden = true; });
      matching.forEach(function (item, i) { item.hidden = i >= shown; });
      var left = matching.length - shown;
      button.textContent = "Show " + Math.min(PAGE, left) + " more " + what + " (" + left + " not shown)";
      button.hidden = left === 0;
    }
    button.addEventListener("click", more);
    var around = list.closest(".scroll") || list;
    around.insertAdjacentElement("afterend", button);
    if (list.hasAttribute("data-filter")) {
      var label = document.createElement("label");
      label.className = "list-filter";
      label.textContent = "Filter the " + list.getAttribute("data-filter") + " ";
      var input = document.createElement("input");
      input.type = "search";
      input.placeholder = "words of a title, source, id or text";
      var count = document.createElement("output");
      label.appendChild(input);
      label.appendChild(count);
      around.insertAdjacentElement("beforebegin", label);
      var lower = items.map(function (item) { return item.textContent.toLowerCase(); });
      input.addEventListener("input", function () {
        var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
        matching = items.filter(function (item, i) {
          return words.every(function (w) { return lower[i].indexOf(w) >= 0; });
        });
        count.textContent = words.length ? " " + matching.length + " of " + items.length : "";
        shown = 0;
        more();
      });
    }
    more();
  });
})();

/* A pair's evidence, built here from the record the page carries (documents,
   relation, scores, each passage's kind and offsets: compare.report.export)
   and the two texts: downloaded as JSON or CSV (the same as the library's
   evidence_json and evidence_csv), or printed as a one-page evidence sheet. */
(function () {
  "use strict";
  var holder = document.getElementById("evidence-files");
  var shown = window.compareSources;
  if (!holder || !shown.docs.a || !shown.docs.b) { return; }
  var record = JSON.parse(document.getElementById("evidence-record").textContent);
  record.matches.forEach(function (m) {
    m.a_text = shown.slice(shown.docs.a, m.a_start, m.a_end);
    m.b_text = shown.slice(shown.docs.b, m.b_start, m.b_end);
  });
  var COLUMNS = ["a_id", "a_source", "a_url", "a_date", "b_id", "b_source", "b_url", "b_date", "relation",
    "match", "kind", "quotation", "attributed", "a_start", "a_end", "b_start", "b_end", "similarity",
    "a_text", "b_text"];

  function cell(v) {
    // As Python's csv module writes it; a text a spreadsheet would run as a formula gets a leading '.
    if (typeof v === "boolean") { v = v ? "True" : "False"; }
    else if (typeof v === "number") { v = String(v); }
    else if (/^[=+\-@\t\r]/.test(v)) { v = "'" + v; }
    return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
  }
  function csv() {
    var a = record.a, b = record.b;
    var rows = [COLUMNS].concat(record.matches.map(function (m) {
      return [a.id, a.source, a.url, a.date, b.id, b.source, b.url, b.date, record.relation, m.number, m.kind,
        m.quotation, m.attributed, m.a_start, m.a_end, m.b_start, m.b_end, m.similarity.toFixed(4),
        m.a_text, m.b_text];
    }));
    return rows.map(function (row) { return row.map(cell).join(","); }).join("\n") + "\n";
  }
  function download(data, type, name) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([data], { type: type }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  var SHEET_PASSAGES = 6, SHEET_CHARS = 280;
  function clip(text) {
    text = text.replace(/\s+/g, " ").trim();
    return text.length <= SHEET_CHARS ? text : text.slice(0, SHEET_CHARS - 1) + "…";
  }
  function add(parent, tag, text, className) {
    var el = document.createElement(tag);
    if (text !== undefined) { el.textContent = text; }
    if (className) { el.className = className; }
    parent.appendChild(el);
    return el;
  }
  function sheet() {
    // Both documents, the finding in words, and the first passages side by side: one printed page.
    var old = document.getElementById("sheet");
    if (old) { old.remove(); }
    var box = document.createElement("section");
    box.id = "sheet";
    box.className = "sheet";
    add(box, "h1", "Evidence: " + document.querySelector("h1").textContent.replace(/\s+/g, " ").trim());
    var docs = add(box, "table", undefined, "data");
    var head = add(add(docs, "thead"), "tr");
    ["", "A", "B"].forEach(function (t) { add(head, "th", t); });
    var body = add(docs, "tbody");
    [["id", "id"], ["source", "source"], ["title", "title"], ["URL", "url"], ["date", "date"]].forEach(function (f) {
      var tr = add(body, "tr");
      add(tr, "th", f[0]);
      add(tr, "td", record.a[f[1]]);
      add(tr, "td", record.b[f[1]]);
    });
    document.querySelectorAll("#why > p:not(.muted):not(#evidence-files)").forEach(function (p) {
      add(box, "p", p.textContent);
    });
    var passages = add(box, "table", undefined, "data passages");
    var top = add(add(passages, "thead"), "tr");
    ["#", "kind", "in A (characters)", "in B (characters)"].forEach(function (t) { add(top, "th", t); });
    var rows = add(passages, "tbody");
    record.matches.slice(0, SHEET_PASSAGES).forEach(function (m) {
      var tr = add(rows, "tr");
      add(tr, "td", String(m.number));
      add(tr, "td", m.kind + (m.quotation ? " (quotation)" : ""));
      add(tr, "td", m.a_start + "–" + m.a_end + ": " + clip(m.a_text));
      add(tr, "td", m.b_start + "–" + m.b_end + ": " + clip(m.b_text));
    });
    var more = record.matches.length - SHEET_PASSAGES;
    add(box, "p", (more > 0 ? more + " more passages are not shown here. " : "") +
      "Every passage's full texts are in this pair's JSON and CSV evidence. The page: " +
      window.location.href.split("#")[0], "muted");
    document.querySelector("main").appendChild(box);
  }
  holder.addEventListener("click", function (ev) {
    var format = ev.target.getAttribute && ev.target.getAttribute("data-format");
    var name = holder.getAttribute("data-name");
    if (format === "json") {
      download(JSON.stringify(record, null, 1) + "\n", "application/json", name + ".json");
    } else if (format === "csv") {
      download(csv(), "text/csv", name + ".csv");
    } else if (format === "print") {
      sheet();
      document.body.classList.add("printing-sheet");
      window.print();
    }
  });
  window.addEventListener("afterprint", function () { document.body.classList.remove("printing-sheet"); });
  holder.hidden = false;
})();
