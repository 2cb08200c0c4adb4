// Draws the report's charts with uPlot from the JSON embedded in the page, and makes the run
// index sortable. window.lagCharts maps chart id -> {plot, spec}, for the browser test and for
// anyone poking at the page in devtools.
(function () {
  "use strict";
  // Every series carries its colour (one per candidate on every chart); this is the fallback.
  var PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#882255", "#117733"];
  var BAND = ["rgba(0,114,178,0.15)", "rgba(213,94,0,0.15)"];
  var specs = JSON.parse(document.getElementById("lag-charts").textContent).charts;
  window.lagCharts = {};

  function fmtNumber(v) {
    if (v == null || !isFinite(v)) return "–";
    var a = Math.abs(v);
    if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(2);
    return a >= 100 ? v.toFixed(0) : v.toFixed(4);
  }

  // Compact ticks (2.5e11, not 2.5e+11) so that an 800-pixel page has room for them.
  function fmtTick(v) {
    if (v == null) return "";
    return Math.abs(v) >= 1e5 ? v.toExponential(1).replace("e+", "e") : String(+v.toPrecision(4));
  }

  // Shades the lag window and draws labelled vertical marks (k = 0, the lag) behind the series.
  function overlays(spec) {
    return {
      hooks: {
        drawClear: [function (u) {
          if (!spec.shade) return;
          var ctx = u.ctx, x0 = u.valToPos(Math.max(spec.shade[0], u.scales.x.min), "x", true);
          var x1 = u.valToPos(Math.min(spec.shade[1], u.scales.x.max), "x", true);
          if (!(x1 > x0)) return;
          ctx.save();
          ctx.fillStyle = "rgba(120,120,120,0.12)";
          ctx.fillRect(x0, u.bbox.top, x1 - x0, u.bbox.height);
          ctx.restore();
        }],
        draw: [function (u) {
          (spec.marks || []).forEach(function (m) {
            if (m.x < u.scales.x.min || m.x > u.scales.x.max) return;
            var ctx = u.ctx, x = u.valToPos(m.x, "x", true);
            ctx.save();
            ctx.strokeStyle = "#555";
            ctx.setLineDash([4, 4]);
            ctx.lineWidth = devicePixelRatio;
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
            ctx.setLineDash([]);
            ctx.fillStyle = "#333";
            ctx.font = (11 * devicePixelRatio) + "px sans-serif";
            // Labels sit at the bottom, clear of the curves that start high after growth.
            ctx.fillText(m.label, x + 4 * devicePixelRatio, u.bbox.top + u.bbox.height - 6 * devicePixelRatio);
            ctx.restore();
          });
        }]
      }
    };
  }

  // view: {logX, logY, fullY}: what the toggles under a chart ask for.
  function build(spec, view) {
    var logX = !!view.logX;
    var el = document.getElementById(spec.id);
    var xs = spec.x.slice();
    var cols = spec.series.map(function (s) { return s.values.slice(); });
    var extra = [];
    if (spec.kind === "lagcurve") {
      spec.series.forEach(function (s) { extra.push(s.low.slice(), s.high.slice()); });
    }
    if (logX) { // a log axis has no 0: drop the points at x <= 0
      var keep = xs.map(function (x) { return x > 0; });
      var f = function (a) { return a.filter(function (_, i) { return keep[i]; }); };
      xs = f(xs); cols = cols.map(f); extra = extra.map(f);
    }
    var series = [{ label: spec.xLabel, value: function (u, v) { return fmtNumber(v); } }];
    // The lag curve's grid is geometric and starts at k = 0: asinh is log-like yet keeps 0.
    var scales = { x: { time: false, distr: logX ? 3 : spec.kind === "lagcurve" ? 4 : 1,
                        range: function (u, lo, hi) { return [lo, hi]; } } };
    var axes = [{ label: spec.xLabel, space: 70, values: function (u, ticks) { return ticks.map(fmtTick); } },
                { label: spec.yLabel, size: 60, values: function (u, ticks) { return ticks.map(fmtTick); } }];
    if (spec.kind === "timeline") {
      // Linear by default, opened on the whole run so the first stage shows; the toggles zoom to
      // the range where the final losses differ and give a log scale (the loss falls by orders
      // before it settles).
      scales.y = view.logY ? { distr: 3, log: 10 } : {};
      if (spec.yZoom && view.zoomY) {
        var zoom = spec.yZoom;
        scales.y.range = function () { return [zoom[0], zoom[1]]; };
      }
    }
    spec.series.forEach(function (s, i) {
      var colour = s.colour || PALETTE[i % PALETTE.length];
      var def = {
        label: s.label, stroke: colour, spanGaps: true,
        width: s.pick ? 3 : 1.5,
        value: function (u, v) { return fmtNumber(v); }
      };
      if (s.tied && !s.pick) def.dash = [6, 3];
      if (s.axis === "depth") {
        def.scale = "depth"; def.stroke = "#777"; def.dash = [2, 3]; def.width = 1.5;
        def.points = { show: false };
        def.paths = uPlot.paths.stepped({ align: 1 });
        scales.depth = { range: function (u, lo, hi) { return [0, (hi || 1) + 2]; } };
        axes.push({ scale: "depth", side: 1, label: "layers", grid: { show: false }, size: 50 });
      }
      series.push(def);
    });
    if (spec.kind === "lagcurve") {
      scales.y = { range: [-1, 1] };
      spec.series.forEach(function (s, i) {
        ["low", "high"].forEach(function (end) {
          series.push({ label: s.label + " 95% " + end, stroke: "transparent", width: 0,
                        points: { show: false }, spanGaps: true,
                        value: function (u, v) { return fmtNumber(v); } });
        });
      });
    }
    var opts = {
      width: Math.max(320, el.clientWidth || 900), height: 340,
      title: spec.title, scales: scales, series: series, axes: axes,
      cursor: { drag: { x: true, y: false } }, legend: { live: true },
      plugins: [overlays(spec)]
    };
    if (spec.kind === "lagcurve") {
      var n = spec.series.length;
      opts.bands = [];
      spec.series.forEach(function (s, i) {
        opts.bands.push({ series: [1 + n + 2 * i + 1, 1 + n + 2 * i], fill: BAND[i % BAND.length] });
      });
    }
    el.innerHTML = "";
    var plot = new uPlot(opts, [xs].concat(cols, extra), el);
    if (spec.kind === "lagcurve") { // the band edges are drawn as bands, not listed as series
      var rows = plot.root.querySelectorAll(".u-legend .u-series");
      for (var r = 1 + spec.series.length; r < rows.length; r++) rows[r].style.display = "none";
    }
    el.setAttribute("data-drawn-series", String(spec.series.filter(function (s) { return !s.axis; }).length));
    window.lagCharts[spec.id] = { plot: plot, spec: spec };
    return plot;
  }

  specs.forEach(function (spec) { build(spec, {}); });

  // Each toggle names its chart and the view it changes; the chart is drawn again with the view
  // its toggles ask for together.
  ["logx", "logy", "zoomy"].forEach(function (kind) {
    document.querySelectorAll("input[data-" + kind + "]").forEach(function (box) {
      box.addEventListener("change", function () {
        var id = box.getAttribute("data-" + kind);
        var current = window.lagCharts[id];
        var view = {};
        ["logx", "logy", "zoomy"].forEach(function (k) {
          var b = document.querySelector("input[data-" + k + "='" + id + "']");
          view[{ logx: "logX", logy: "logY", zoomy: "zoomY" }[k]] = !!(b && b.checked);
        });
        current.plot.destroy();
        build(current.spec, view);
      });
    });
  });

  window.addEventListener("resize", function () {
    Object.keys(window.lagCharts).forEach(function (id) {
      var el = document.getElementById(id), p = window.lagCharts[id].plot;
      p.setSize({ width: Math.max(320, el.clientWidth), height: 340 });
    });
  });

  // Click a column header of a .sortable table to sort by it; click again to reverse.
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("th").forEach(function (th, col) {
      th.addEventListener("click", function () {
        var numeric = th.getAttribute("data-type") === "num";
        var asc = th.getAttribute("data-sort") !== "asc";
        table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("data-sort"); });
        th.setAttribute("data-sort", asc ? "asc" : "desc");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col], y = b.cells[col];
          if (numeric) {
            var vx = parseFloat(x.getAttribute("data-value")), vy = parseFloat(y.getAttribute("data-value"));
            if (isNaN(vx)) return 1;
            if (isNaN(vy)) return -1;
            return asc ? vx - vy : vy - vx;
          }
          return asc ? x.textContent.localeCompare(y.textContent) : y.textContent.localeCompare(x.textContent);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();
