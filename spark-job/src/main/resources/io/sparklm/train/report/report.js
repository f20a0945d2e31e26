/* sparklm training report: draws each chart of the JSON in #report-data with uPlot (inlined before this script)
   into the element with the chart's id. Once a chart is drawn its element carries data-drawn="1", data-x-label,
   data-y-label, data-x-ticks and data-y-ticks (the tick values drawn, comma-separated), data-x-range and
   data-y-range ("min,max" of the scales) and data-series ("label=values;..." of the series uPlot holds), and
   <body data-charts-drawn> counts the charts drawn: machine-readable facts about the picture, for tests. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var width = Math.max(480, Math.min(1040, document.documentElement.clientWidth - 48));

  /* A tick label on an axis spanning [min, max]: SI suffixes from a span of 10^4 on, exponent notation for spans
     under 0.01 (learning rates; one mantissa precision for the whole axis), else as many decimals as the tick
     increment needs. */
  function label(v, incr, min, max) {
    if (v === 0) return "0";
    var a = Math.abs(max - min);
    if (a >= 1e4) {
      var units = [[1e12, "T"], [1e9, "G"], [1e6, "M"], [1e3, "k"]];
      for (var i = 0; i < units.length; i++) {
        if (a >= 10 * units[i][0] || Math.abs(v) >= units[i][0]) {
          var d = Math.max(0, Math.min(3, -Math.floor(Math.log10(incr / units[i][0]) + 1e-9)));
          return (v / units[i][0]).toFixed(d) + units[i][1];
        }
      }
    }
    if (a < 0.01) {
      var top = Math.floor(Math.log10(Math.max(Math.abs(min), Math.abs(max))));
      return v.toExponential(Math.max(0, Math.min(3, top - Math.floor(Math.log10(incr) + 1e-9))));
    }
    return v.toFixed(Math.max(0, Math.min(6, -Math.floor(Math.log10(incr) + 1e-9))));
  }

  /* All series on one sorted x array (uPlot's aligned data); null where a series has no point. */
  function align(series) {
    var xs = [], seen = {};
    series.forEach(function (s) {
      s.x.forEach(function (x) { if (!seen[x]) { seen[x] = true; xs.push(x); } });
    });
    xs.sort(function (a, b) { return a - b; });
    var at = {};
    xs.forEach(function (x, i) { at[x] = i; });
    var out = [xs];
    series.forEach(function (s) {
      var ys = xs.map(function () { return null; });
      s.x.forEach(function (x, i) { ys[at[x]] = s.y[i]; });
      out.push(ys);
    });
    return out;
  }

  function seriesOptions(s) {
    var o = { label: s.name, stroke: s.color, width: 1.5, spanGaps: true, points: { show: false } };
    if (s.style === "points") {
      o.paths = function () { return null; };
      o.points = { show: true, size: 8, fill: s.color, stroke: s.color };
    } else if (s.style === "line_and_points") {
      o.width = 2;
      o.points = { show: true, size: 7, fill: s.color, stroke: s.color };
    } else if (s.style === "baseline") {
      o.dash = [8, 5];
    }
    return o;
  }

  var drawn = 0;
  data.charts.forEach(function (c) {
    var el = document.getElementById(c.id);
    var ticks = [[], []];
    function axis(a, idx) {
      return {
        label: a.title, grid: { show: true, stroke: "#e4e4e4" }, ticks: { show: true, stroke: "#999" },
        size: idx === 1 ? 70 : 50,
        values: function (u, splits, axisIdx, space, incr) {
          ticks[idx] = splits.slice();
          return splits.map(function (v) { return label(v, incr, a.min, a.max); });
        }
      };
    }
    var opts = {
      title: c.title, width: width, height: 340,
      scales: { x: { time: false, auto: false, range: [c.x.min, c.x.max] },
                y: { auto: false, range: [c.y.min, c.y.max] } },
      axes: [axis(c.x, 0), axis(c.y, 1)],
      series: [{ label: c.x.title, value: function (u, v) { return v == null ? "-" : label(v, 1, c.x.min, c.x.max); } }]
        .concat(c.series.map(seriesOptions)),
      legend: { live: true },
      hooks: {
        draw: [function (u) {
          var first = el.getAttribute("data-drawn") !== "1";
          el.setAttribute("data-drawn", "1");
          el.setAttribute("data-x-label", c.x.title);
          el.setAttribute("data-y-label", c.y.title);
          el.setAttribute("data-x-ticks", ticks[0].join(","));
          el.setAttribute("data-y-ticks", ticks[1].join(","));
          el.setAttribute("data-x-range", u.scales.x.min + "," + u.scales.x.max);
          el.setAttribute("data-y-range", u.scales.y.min + "," + u.scales.y.max);
          el.setAttribute("data-series", u.series.slice(1).map(function (s, i) {
            return s.label + "=" + u.data[i + 1].filter(function (v) { return v != null; }).length;
          }).join(";"));
          if (first) {
            drawn++;
            document.body.setAttribute("data-charts-drawn", String(drawn));
          }
        }]
      }
    };
    new uPlot(opts, align(c.series), el);
  });
})();
