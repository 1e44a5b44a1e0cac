// report.html's one script, inlined into the page: sorts the students' table by a column
// (click a heading, or open the page with #sort=<column>-asc|desc).
(function () {
  var table = document.getElementById('students');
  if (!table) return;
  var heads = table.tHead.rows[0].cells;
  function key(cell) { var v = cell.getAttribute('data-v'); return v === null ? cell.textContent : v; }
  function sort(col, asc) {
    var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a.cells[col]), y = key(b.cells[col]), nx = parseFloat(x), ny = parseFloat(y);
      var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
      if (c !== 0) return asc ? c : -c;
      return a.cells[0].textContent.localeCompare(b.cells[0].textContent); // ties: by name
    });
    rows.forEach(function (r) { body.appendChild(r); });
    for (var i = 0; i < heads.length; i++) heads[i].removeAttribute('aria-sort');
    heads[col].setAttribute('aria-sort', asc ? 'ascending' : 'descending');
  }
  Array.prototype.forEach.call(heads, function (th, col) {
    th.addEventListener('click', function () { sort(col, th.getAttribute('aria-sort') !== 'ascending'); });
  });
  var m = /^#sort=(.+)-(asc|desc)$/.exec(decodeURIComponent(location.hash));
  if (m) for (var i = 0; i < heads.length; i++) if (heads[i].getAttribute('data-key') === m[1]) sort(i, m[2] === 'asc');
})();
