/* compare-sources report: the index's search box. Documents by title, source, id or the words of their
   opening, from data/search.js (window.COMPARE_SOURCES_SEARCH), offline. Every
   word typed must occur; at most 20 results, as links to the documents' pages,
   built with textContent. Works from file://, no network. */
(function () {
  "use strict";
  var form = document.getElementById("search");
  var data = window.COMPARE_SOURCES_SEARCH;
  if (!form || !data) { return; }
  var LIMIT = 20;
  var list = form.querySelector(".search-results");
  var haystacks = data.map(function (d) {
    return [d.label, d.title, d.source, d.id, d.date, d.text].join(" ").toLowerCase();
  });
  function search() {
    var words = form.elements.q.value.toLowerCase().split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) { form.elements.count.value = ""; return; }
    var found = [];
    haystacks.forEach(function (h, i) {
      if (words.every(function (w) { return h.indexOf(w) >= 0; })) { found.push(i); }
    });
    found.slice(0, LIMIT).forEach(function (i) {
      var d = data[i];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = d.file;
      a.textContent = d.label;
      li.appendChild(a);
      li.appendChild(document.createTextNode(" " + d.source + ": " + (d.title || d.id)));
      list.appendChild(li);
    });
    form.elements.count.value = found.length > LIMIT ? "first " + LIMIT + " of " + found.length + " documents"
      : found.length + (found.length === 1 ? " document" : " documents");
  }
  form.addEventListener("input", search);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  form.hidden = false;
})();
