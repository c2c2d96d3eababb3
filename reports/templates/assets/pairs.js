/* compare-sources report: the pair table, sorted, filtered and paged in the page.
   The view lives in the URL's query (?source=...&kind=...&sort=...), so a
   link to it shows the same pairs. Works from file://, no network. */
(function () {
  "use strict";
  var form = document.getElementById("pair-filters");
  var table = document.getElementById("pair-table");
  if (!form || !table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var more = document.getElementById("pair-more");
  var PAGE = 100;
  var FIELDS = ["source", "other", "relation", "kind", "min", "by"];
  var DEFAULTS = { source: "", other: "", relation: "", kind: "", min: "0", by: "jaccard", sort: "rank",
                   dir: "asc" };
  var state = {};
  var shown = PAGE;

  function number(row, key) { return parseFloat(row.getAttribute("data-" + key)) || 0; }
  function score(row, by) {
    if (by === "cover") { return Math.max(number(row, "cov-a"), number(row, "cov-b")); }
    if (by === "contain") { return Math.max(number(row, "c-ab"), number(row, "c-ba")); }
    return number(row, by);
  }
  function sortValue(row, key) {
    if (key === "relation") { return row.getAttribute("data-relation"); }
    return number(row, key.replace("_", "-"));
  }
  function between(row, s, t) {  // one side from source s and the other from t ("" is any)
    var a = row.getAttribute("data-source-a"), b = row.getAttribute("data-source-b");
    return ((!s || a === s) && (!t || b === t)) || ((!s || b === s) && (!t || a === t));
  }
  function keeps(row) {
    if (!between(row, state.source, state.other)) { return false; }
    if (state.relation && row.getAttribute("data-relation") !== state.relation) { return false; }
    if (state.kind && row.getAttribute("data-kinds").split(" ").indexOf(state.kind) < 0) { return false; }
    return score(row, state.by) >= (parseFloat(state.min) || 0);
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
    var kept = rows.filter(keeps);
    kept.sort(function (x, y) {
      var a = sortValue(x, key), b = sortValue(y, key);
      if (a < b) { return -sign; }
      if (a > b) { return sign; }
      return number(x, "rank") - number(y, "rank");
    });
    rows.forEach(function (row) { row.hidden = true; });
    kept.forEach(function (row, i) { row.hidden = i >= shown; body.appendChild(row); });
    form.elements.count.value = "Showing " + Math.min(shown, kept.length) + " of " + kept.length +
      " pairs" + (kept.length < rows.length ? " (" + rows.length + " in all)" : "");
    more.hidden = kept.length <= shown;
    table.querySelectorAll("th[data-sort]").forEach(function (th) {
      var on = th.getAttribute("data-sort") === key;
      if (on) { th.setAttribute("aria-sort", state.dir === "desc" ? "descending" : "ascending"); }
      else { th.removeAttribute("aria-sort"); }
    });
    writeUrl();
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
