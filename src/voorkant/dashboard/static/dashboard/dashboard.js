// Dashboard charts (Chart.js from the npm lock file) drawn from the same data as the tables under them, and
// a redraw when the live today view's region changes (its pause control is the platform's, WCAG 2.2.2).
(function () {
  "use strict";

  var COLOURS = { bar: "#1f4e8c", line: "#b3541e", norm: "#2d6a2d" };

  function readJson(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function draw(canvas, config) {
    if (!window.Chart) { return; }
    var existing = window.Chart.getChart(canvas);
    if (existing) { existing.destroy(); }
    new window.Chart(canvas, config);
  }

  function volumeAndRate(labels, questions, fcr, fcrNorm) {
    var datasets = [{ type: "bar", label: "Vragen", data: questions, backgroundColor: COLOURS.bar, yAxisID: "y" }];
    var scales = { y: { beginAtZero: true, title: { display: true, text: "Vragen" } } };
    if (fcr) {
      datasets.push({ type: "line", label: "In eerste contact afgehandeld (%)", data: fcr, borderColor: COLOURS.line,
        backgroundColor: COLOURS.line, yAxisID: "y1", spanGaps: false });
      if (fcrNorm !== null && fcrNorm !== undefined) {
        datasets.push({ type: "line", label: "Norm eerste contact (" + fcrNorm + " %)",
          data: labels.map(function () { return fcrNorm; }), borderColor: COLOURS.norm, borderDash: [6, 4],
          pointRadius: 0, fill: false, yAxisID: "y1" });
      }
      scales.y1 = { beginAtZero: true, max: 100, position: "right", grid: { drawOnChartArea: false },
        title: { display: true, text: "%" } };
    }
    return { data: { labels: labels, datasets: datasets },
      options: { animation: false, responsive: true, maintainAspectRatio: false, scales: scales } };
  }

  function drawAll(root) {
    var charts = readJson("dashboard-grafieken");
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var kind = canvas.getAttribute("data-chart");
      if (kind === "hours") {
        var hours = readJson("dashboard-grafiek-uren");
        if (hours) { draw(canvas, volumeAndRate(hours.labels, hours.questions, null)); }
      } else if (charts && charts[kind]) {
        var c = charts[kind];
        draw(canvas, volumeAndRate(c.labels, c.questions, c.fcr, c.fcr_norm));
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  // The live today view (the platform's live.js) replaced part of its region: redraw from the new data.
  document.addEventListener("live:updated", function (event) { drawAll(event.target || document); });
})();
