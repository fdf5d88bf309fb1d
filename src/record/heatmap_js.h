/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The script embedded in every heat map.  Cells are <rect class="c"> with
 * data-c (column), data-n (count), data-t0/t1 (time range, ns from the
 * start) and data-lo/hi (latency range, ns).  Hovering writes the cell's
 * ranges and count in the details line; clicking a cell zooms the time
 * axis on its column (clicking again, or "Reset zoom", restores it).  A
 * URL fragment "#hover=COLUMN,ROW" or "#zoom=COLUMN" does the same on load,
 * so links and tests can drive the page without a mouse.
 */
#ifndef SONDE_RECORD_HEATMAP_JS_H
#define SONDE_RECORD_HEATMAP_JS_H

static const char heatmap_js[] =
"var svg, cells, details, grid, X0, CW, NC, zoomed = -1;\n"
"function dur(ns) {\n"
"  var u = [['s', 1e9], ['ms', 1e6], ['us', 1e3]];\n"
"  for (var i = 0; i < u.length; i++)\n"
"    if (ns >= u[i][1]) return +(ns / u[i][1]).toPrecision(3) + u[i][0];\n"
"  return ns + 'ns';\n"
"}\n"
"function num(e, a) { return +e.getAttribute(a); }\n"
"function clock(ns) { return new Date(Math.floor(ns / 1e6)).toISOString().substring(11, 19); }\n"
"function describe(e) {\n"
"  var n = num(e, 'data-n');\n"
"  if (svg.getAttribute('data-mode') === 'hist')\n"
"    return e.querySelector('title').textContent;\n"
"  if (svg.getAttribute('data-mode') === 'subsecond')\n"
"    return 'second ' + clock(num(e, 'data-t0')) + ', offset [' + (num(e, 'data-lo') ? dur(num(e, 'data-lo')) : '0') +\n"
"      ', ' + dur(num(e, 'data-hi')) + '): ' + n + (n == 1 ? ' sample' : ' samples');\n"
"  return 'latency [' + dur(num(e, 'data-lo')) + ', ' + dur(num(e, 'data-hi')) + '), time [' +\n"
"    dur(num(e, 'data-t0')) + ', ' + dur(num(e, 'data-t1')) + '): ' + n + (n == 1 ? ' slice' : ' slices');\n"
"}\n"
"function hover(e) { details.textContent = describe(e); svg.setAttribute('data-hover', describe(e)); }\n"
"function zoom(col) {\n"
"  if (zoomed === col) { reset(); return; }\n"
"  var k = Math.max(1, NC / 11), x = X0 + (col + 0.5) * CW;\n"
"  grid.setAttribute('transform', 'translate(' + (X0 + NC * CW / 2 - x * k) + ',0) scale(' + k + ',1)');\n"
"  zoomed = col;\n"
"  svg.setAttribute('data-zoomed', col);\n"
"}\n"
"function reset() {\n"
"  grid.removeAttribute('transform');\n"
"  zoomed = -1;\n"
"  svg.removeAttribute('data-zoomed');\n"
"}\n"
"function cellAt(c, r) {\n"
"  return document.querySelector('rect.c[data-c=\"' + c + '\"][data-r=\"' + r + '\"]');\n"
"}\n"
"function init(evt) {\n"
"  svg = document.documentElement;\n"
"  details = document.getElementById('details');\n"
"  grid = document.getElementById('grid');\n"
"  X0 = num(svg, 'data-x0'); CW = num(svg, 'data-cw'); NC = num(svg, 'data-columns');\n"
"  cells = Array.prototype.slice.call(document.querySelectorAll('rect.c'));\n"
"  cells.forEach(function (e) {\n"
"    e.addEventListener('mouseover', function () { hover(e); });\n"
"    e.addEventListener('mouseout', function () { details.textContent = ' '; });\n"
"    e.addEventListener('click', function () { zoom(num(e, 'data-c')); });\n"
"  });\n"
"  document.getElementById('reset').addEventListener('click', reset);\n"
"  var h = decodeURIComponent(window.location.hash || ''), m;\n"
"  if ((m = /^#hover=(\\d+),(\\d+)$/.exec(h)) && cellAt(m[1], m[2])) hover(cellAt(m[1], m[2]));\n"
"  if ((m = /^#zoom=(\\d+)$/.exec(h))) zoom(+m[1]);\n"
"}\n";

#endif
