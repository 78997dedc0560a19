// Curation view: hovering a fact row lights its words in the source text,
// and clicking highlighted words brings their fact row into view.
document.querySelectorAll("tr[data-fact]").forEach(function (row) {
  var id = row.getAttribute("data-fact");
  var marks = document.querySelectorAll('mark[data-fact~="' + CSS.escape(id) + '"]');
  row.addEventListener("mouseenter", function () { marks.forEach(function (m) { m.classList.add("hot"); }); });
  row.addEventListener("mouseleave", function () { marks.forEach(function (m) { m.classList.remove("hot"); }); });
});
document.querySelectorAll("mark[data-fact]").forEach(function (mark) {
  mark.addEventListener("click", function () {
    var id = mark.getAttribute("data-fact").split(" ")[0];
    var row = document.querySelector('tr[data-fact="' + CSS.escape(id) + '"]');
    if (row) { row.scrollIntoView({ block: "center" }); row.classList.add("hot"); setTimeout(function () { row.classList.remove("hot"); }, 1500); }
  });
});
// Import: a chosen file fills the narrative box (read locally, as text).
var file = document.getElementById("narrative-file");
if (file) {
  file.addEventListener("change", function () {
    var f = file.files[0];
    if (!f) return;
    f.text().then(function (t) { document.getElementById("narrative").value = t; });
  });
}
