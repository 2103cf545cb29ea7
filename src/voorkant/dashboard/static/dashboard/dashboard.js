// Dashboard charts (Chart.js from the npm lock file) drawn from the same data as the tables under them, and
// the pause control of the live today view (WCAG 2.2.2).
(function () {
  "use strict";

  var COLOURS = { bar: "#1f4e8c", line: "#b3541e" };

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

  function volumeAndRate(labels, questions, fcr) {
    var datasets = [{ type: "bar", label: "Vragen", data: questions, backgroundColor: COLOURS.bar, yAxisID: "y" }];
    var scales = { y: { beginAtZero: true, title: { display: true, text: "Vragen" } } };
    if (fcr) {
      datasets.push({ type: "line", label: "In eerste contact afgehandeld (%)", data: fcr, borderColor: COLOURS.line,
        backgroundColor: COLOURS.line, yAxisID: "y1", spanGaps: false });
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
        draw(canvas, volumeAndRate(c.labels, c.questions, c.fcr));
      }
    });
  }

  // htmx asks this before every scheduled refresh of the live region.
  window.vkLiveActive = function () {
    var button = document.getElementById("vk-live-pauze");
    return !button || button.getAttribute("aria-pressed") !== "true";
  };

  document.addEventListener("DOMContentLoaded", function () {
    drawAll(document);
    var button = document.getElementById("vk-live-pauze");
    if (button) {
      button.addEventListener("click", function () {
        var paused = button.getAttribute("aria-pressed") === "true";
        button.setAttribute("aria-pressed", paused ? "false" : "true");
        button.textContent = paused ? "Verversen pauzeren" : "Verversen hervatten";
      });
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) { drawAll(event.detail.target || document); });
})();
