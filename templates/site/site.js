// bench-gate publish: the one script of the site (no inline script: the pages' Content-Security-
// Policy forbids it). Data comes from <script src> files, because fetch() of a file:// URL fails
// in Chromium: data/history.js sets window.BENCH_GATE_HISTORY (commits, suite trend) and, on a
// benchmark's page, data/b<i>.js sets window.BENCH_GATE_SERIES. Text from the data reaches the
// page only through textContent and attribute properties, never as markup.
(function () {
  'use strict';
  var history = window.BENCH_GATE_HISTORY;
  var commits = history ? history.commits : [];

  function el(tag, text) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  // Units scaled so the largest value is below 1000 of its unit.
  function scaleFor(unit, values) {
    var max = 0;
    values.forEach(function (v) { if (v !== null && v > max) max = v; });
    var steps = unit === 'ns'
      ? [['ns', 1], ['µs', 1e3], ['ms', 1e6], ['s', 1e9]]
      : unit === 'ratio' ? [['×', 1]]
      : [[unit, 1], ['k ' + unit, 1e3], ['M ' + unit, 1e6], ['G ' + unit, 1e9]];
    var pick = steps[0];
    steps.forEach(function (s) { if (max >= s[1]) pick = s; });
    return { unit: pick[0], factor: pick[1] };
  }

  function scaled(values, scale) {
    return values.map(function (v) { return v === null ? null : v / scale.factor; });
  }

  function fmt(v, scale) {
    return v === null || v === undefined ? '—' : (v / scale.factor).toPrecision(3) + ' ' + scale.unit;
  }

  function shortId(i) { return commits[i] ? commits[i].id.slice(0, 12) : ''; }

  function safeUrl(url) { return /^https?:\/\//.test(url || '') ? url : ''; }

  function commitCell(i) {
    var td = el('td');
    var url = safeUrl(commits[i].url);
    var a = el(url ? 'a' : 'code', shortId(i));
    if (url) a.href = url;
    td.appendChild(a);
    return td;
  }

  // A data table: one row per commit with data, newest first.
  function fillTable(table, headers, rows) {
    var head = el('thead'), tr = el('tr');
    headers.forEach(function (h) { var th = el('th', h); th.scope = 'col'; tr.appendChild(th); });
    head.appendChild(tr);
    var body = el('tbody');
    rows.forEach(function (r) {
      var row = el('tr');
      row.appendChild(commitCell(r.index));
      r.cells.forEach(function (c) { row.appendChild(el('td', c)); });
      body.appendChild(row);
    });
    table.replaceChildren(head, body);
  }

  function describe(i) {
    var c = commits[i];
    return shortId(i) + ' · ' + c.subject + ' · ' + c.date;
  }

  // Draws a dashed vertical line at each change point (commit indices).
  function changePointPlugin(points) {
    return {
      hooks: {
        draw: [function (u) {
          var ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = '#c0392b';
          ctx.setLineDash([6, 4]);
          ctx.lineWidth = 2;
          points.forEach(function (i) {
            var x = Math.round(u.valToPos(i, 'x', true));
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
          });
          ctx.restore();
        }]
      }
    };
  }

  function makeChart(container, series, data, scale, log, onHover, marks) {
    var hover = document.getElementById('hover');
    var opts = {
      width: Math.max(320, container.clientWidth || 900),
      height: 320,
      scales: { x: { time: false }, y: { distr: log ? 3 : 1 } },
      axes: [
        { values: function (u, splits) {
          return splits.map(function (i) { return Number.isInteger(i) ? shortId(i).slice(0, 7) : ''; });
        } },
        { label: scale.unit, size: 70 }
      ],
      series: [{ label: 'commit', value: function (u, i) { return i === null ? '—' : shortId(i).slice(0, 7); } }]
        .concat(series),
      bands: series.length > 2 && series[0].band ? [{ series: [2, 1], fill: 'rgba(41,128,185,0.18)' }] : [],
      plugins: marks && marks.length ? [changePointPlugin(marks)] : [],
      hooks: {
        setCursor: [function (u) {
          var i = u.cursor.idx;
          hover.textContent = i === null || i === undefined ? '' : onHover(i);
        }]
      }
    };
    container.replaceChildren();
    var plot = new uPlot(opts, data, container);
    plot.over.addEventListener('click', function () {
      var i = plot.cursor.idx;
      var url = i === null || i === undefined ? '' : safeUrl(commits[i].url);
      if (url) window.location.href = url;
    });
    return plot;
  }

  function indexPage() {
    var search = document.getElementById('search');
    var tier = document.getElementById('tier');
    var shown = document.getElementById('shown');
    var rows = Array.prototype.slice.call(document.querySelectorAll('#benchmarks tbody tr'));
    var names = rows.map(function (r) { return r.dataset.name.toLowerCase(); });
    function filter() {
      var q = search.value.trim().toLowerCase(), t = tier.value, count = 0;
      rows.forEach(function (r, i) {
        var show = names[i].indexOf(q) !== -1 && (t === '' || r.dataset.tier === t);
        r.hidden = !show;
        if (show) ++count;
      });
      shown.textContent = count + ' of ' + rows.length + ' shown';
    }
    search.addEventListener('input', filter);
    tier.addEventListener('change', filter);
    document.getElementById('filters').addEventListener('submit', function (e) { e.preventDefault(); });
    filter();

    var trend = history.geomean;
    var scale = { unit: '× first', factor: 1 };
    var x = trend.map(function (v, i) { return i; });
    var rowsOut = [];
    trend.forEach(function (v, i) { if (v !== null) rowsOut.push({ index: i, cells: [commits[i].subject, commits[i].date, v.toFixed(4)] }); });
    fillTable(document.getElementById('data-table'), ['commit', 'subject', 'date', 'geometric mean'], rowsOut.reverse());
    makeChart(document.getElementById('chart'),
      [{ label: 'geometric mean', stroke: '#2980b9', width: 2, spanGaps: true,
         value: function (u, v) { return v === null ? '—' : v.toFixed(4); } }],
      [x, trend], scale, false,
      function (i) { return describe(i) + ' · geometric mean ' + (trend[i] === null ? '—' : trend[i].toFixed(4)); });
  }

  function benchmarkPage() {
    var s = window.BENCH_GATE_SERIES;
    var scale = scaleFor(s.unit, s.high.concat(s.median));
    var x = s.median.map(function (v, i) { return i; });
    var width = 0;
    s.runs.forEach(function (r) { width = Math.max(width, r.length); });
    width = Math.min(width, 10);
    var series = [
      { label: 'interval low', stroke: 'rgba(41,128,185,0.4)', width: 1, band: true,
        value: function (u, v) { return fmt(v === null ? null : v * scale.factor, scale); } },
      { label: 'interval high', stroke: 'rgba(41,128,185,0.4)', width: 1,
        value: function (u, v) { return fmt(v === null ? null : v * scale.factor, scale); } },
      { label: 'median', stroke: '#2980b9', width: 2, spanGaps: true,
        value: function (u, v) { return fmt(v === null ? null : v * scale.factor, scale); } }
    ];
    var data = [x, scaled(s.low, scale), scaled(s.high, scale), scaled(s.median, scale)];
    for (var k = 0; k < width; ++k) {
      series.push({ label: 'run ' + (k + 1), stroke: '#555', fill: '#555', paths: function () { return null; },
                    points: { show: true, size: 5, stroke: '#555', fill: '#555' }, show: true,
                    value: function (u, v) { return fmt(v === null ? null : v * scale.factor, scale); } });
      data.push(scaled(s.runs.map(function (r) { return r.length > k ? r[k] : null; }), scale));
    }
    function hover(i) {
      var runs = s.runs[i].map(function (v) { return fmt(v, scale); }).join(', ');
      return describe(i) + ' · median ' + fmt(s.median[i], scale) + ' (95 % interval ' +
        fmt(s.low[i], scale) + ' – ' + fmt(s.high[i], scale) + ') · runs ' + (runs || '—') +
        (s.change_points.indexOf(i) !== -1 ? ' · change point' : '');
    }
    var container = document.getElementById('chart');
    var logBox = document.getElementById('log-scale');
    function draw() { makeChart(container, series, data, scale, logBox.checked, hover, s.change_points); }
    logBox.addEventListener('change', draw);
    draw();
    var rows = [];
    s.median.forEach(function (m, i) {
      if (m === null) return;
      rows.push({ index: i, cells: [commits[i].subject, commits[i].date, fmt(m, scale),
        fmt(s.low[i], scale) + ' – ' + fmt(s.high[i], scale),
        s.runs[i].map(function (v) { return fmt(v, scale); }).join(', '),
        s.change_points.indexOf(i) !== -1 ? 'yes' : ''] });
    });
    fillTable(document.getElementById('data-table'),
      ['commit', 'subject', 'date', 'median', '95 % interval', 'runs', 'change point'], rows.reverse());
  }

  if (document.body.dataset.page === 'index') indexPage();
  else if (document.body.dataset.page === 'benchmark') benchmarkPage();
})();
