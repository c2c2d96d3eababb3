/* compare-sources report: the pair table, sorted, filtered and paged in the page.
   The whole table comes from data/pairs.js (window.COMPARE_SOURCES_PAIRS),
   so the index stays small however many pairs there are; rows are built only
   for the page shown, with textContent (no text ever becomes markup). The
   view lives in the URL's query (?source=...&kind=...&sort=...), so a link to
   it shows the same pairs. Works from file://, no network. */
(function () {
  "use strict";
  var form = document.getElementById("pair-filters");
  var table = document.getElementById("pair-table");
  var data = window.COMPARE_SOURCES_PAIRS;
  if (!form || !table || !data) { return; }
  var body = table.tBodies[0];
  var records = data.rows.map(function (d, i) {
    d.a = data.docs[d.a];  // rows name their documents by place in data.docs
    d.b = data.docs[d.b];
    return { d: d, rank: i, row: null };
  });
  var more = document.getElementById("pair-more");
  var PAGE = 100;
  var FIELDS = ["source", "other", "relation", "kind", "min", "by"];
  var DEFAULTS = { source: "", other: "", relation: "", kind: "", min: "0", by: "jaccard", sort: "rank",
                   dir: "asc" };
  var COUNTS = ["verbatim", "edited", "paraphrased", "topical", "quoted"];
  var state = {};
  var shown = PAGE;

  function number(r, key) {
    if (key === "rank") { return r.rank; }
    if (COUNTS.indexOf(key) >= 0) { return r.d[key]; }
    return r.d.sort[key] || 0;
  }
  function score(r, by) {
    if (by === "cover") { return Math.max(number(r, "cov_a"), number(r, "cov_b")); }
    if (by === "contain") { return Math.max(number(r, "c_ab"), number(r, "c_ba")); }
    return number(r, by);
  }
  function sortValue(r, key) { return key === "relation" ? r.d.relation : number(r, key); }
  function between(r, s, t) {  // one side from source s and the other from t ("" is any)
    var a = r.d.a.source, b = r.d.b.source;
    return ((!s || a === s) && (!t || b === t)) || ((!s || b === s) && (!t || a === t));
  }
  function keeps(r) {
    if (!between(r, state.source, state.other)) { return false; }
    if (state.relation && r.d.relation !== state.relation) { return false; }
    if (state.kind && r.d.kinds.split(" ").indexOf(state.kind) < 0) { return false; }
    return score(r, state.by) >= (parseFloat(state.min) || 0);
  }

  function element(tag, attrs, text) {
    var el = document.createElement(tag);
    Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (text !== undefined) { el.textContent = text; }
    return el;
  }
  function link(href, text) { return element("a", { href: href }, text); }
  function rowFor(r) {  // the same row as the index template's
    if (r.row) { return r.row; }
    var d = r.d;
    var tr = element("tr", {
      "data-rank": r.rank, "data-source-a": d.a.source, "data-source-b": d.b.source,
      "data-relation": d.relation, "data-kinds": d.kinds
    });
    Object.keys(d.sort).forEach(function (k) { tr.setAttribute("data-" + k.replace("_", "-"), d.sort[k]); });
    COUNTS.forEach(function (k) { tr.setAttribute("data-" + k, d[k]); });
    var th = element("th", { scope: "row" });
    if (d.file) {
      th.appendChild(link(d.file, d.a.label + " × " + d.b.label));
    } else {
      th.appendChild(link(d.a.file, d.a.label));
      th.appendChild(document.createTextNode(" × "));
      th.appendChild(link(d.b.file, d.b.label));
    }
    th.appendChild(document.createTextNode(" "));
    th.appendChild(element("span", { class: "muted" },
      d.a.source + " / " + d.b.source + (d.same_source ? " (same source)" : "")));
    tr.appendChild(th);
    var relation = element("td", {});
    relation.appendChild(element("span", { class: "glyph", "aria-hidden": "true" }, d.glyph));
    relation.appendChild(document.createTextNode(" " + d.relation));
    tr.appendChild(relation);
    ["jaccard", "c_ab", "c_ba", "cosine", "cov_a", "cov_b"].concat(COUNTS).forEach(function (k) {
      tr.appendChild(element("td", { class: "num" }, String(d[k])));
    });
    tr.appendChild(element("td", { class: "mark", "data-pair": d.file, "data-a": d.a.id, "data-b": d.b.id }));
    r.row = tr;
    return tr;
  }

  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    Object.keys(DEFAULTS).forEach(function (k) { state[k] = params.get(k) || DEFAULTS[k]; });
    FIELDS.forEach(function (k) { form.elements[k].value = state[k]; });
  }
  function writeUrl() {
    var params = new URLSearchParams();
    Object.keys(DEFAULTS).forEach(function (k) {
      if (state[k] !== DEFAULTS[k]) { params.set(k, state[k]); }
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(null, "", url);
  }

  function apply() {
    var key = state.sort, sign = state.dir === "desc" ? -1 : 1;
    var kept = records.filter(keeps);
    kept.sort(function (x, y) {
      var a = sortValue(x, key), b = sortValue(y, key);
      if (a < b) { return -sign; }
      if (a > b) { return sign; }
      return x.rank - y.rank;
    });
    var page = document.createDocumentFragment();
    kept.slice(0, shown).forEach(function (r) { page.appendChild(rowFor(r)); });
    body.textContent = "";
    body.appendChild(page);
    form.elements.count.value = "Showing " + Math.min(shown, kept.length) + " of " + kept.length +
      " pairs" + (kept.length < records.length ? " (" + records.length + " in all)" : "");
    more.hidden = kept.length <= shown;
    table.querySelectorAll("th[data-sort]").forEach(function (th) {
      var on = th.getAttribute("data-sort") === key;
      if (on) { th.setAttribute("aria-sort", state.dir === "desc" ? "descending" : "ascending"); }
      else { th.removeAttribute("aria-sort"); }
    });
    writeUrl();
    if (window.compareSourcesShowMarks) { window.compareSourcesShowMarks(); }
  }

  table.querySelectorAll("thead th[data-sort]").forEach(function (th) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    while (th.firstChild) { button.appendChild(th.firstChild); }
    th.appendChild(button);
    button.addEventListener("click", function () {
      var key = th.getAttribute("data-sort");
      if (state.sort === key) { state.dir = state.dir === "desc" ? "asc" : "desc"; }
      else { state.sort = key; state.dir = key === "rank" || key === "relation" ? "asc" : "desc"; }
      apply();
    });
  });
  form.addEventListener("input", function () {
    FIELDS.forEach(function (k) { state[k] = form.elements[k].value; });
    shown = PAGE;
    apply();
  });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  form.addEventListener("reset", function () {
    window.setTimeout(function () {
      Object.keys(DEFAULTS).forEach(function (k) { state[k] = DEFAULTS[k]; });
      shown = PAGE;
      apply();
    });
  });
  more.addEventListener("click", function () { shown += PAGE; apply(); });

  window.addEventListener("popstate", function () { readUrl(); apply(); });
  form.hidden = false;
  readUrl();
  apply();
})();
