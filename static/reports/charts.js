// Draws the reports dashboard charts from the JSON that json_script put in the page.
(function () {
  "use strict";
  function draw() {
    var data = document.getElementById("reports-chart-data");
    if (!data || typeof Chart === "undefined") return;
    var charts = JSON.parse(data.textContent);
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var chart = charts[canvas.dataset.chart];
      if (!chart) return;
      new Chart(canvas, {
        type: chart.kind,
        data: { labels: chart.labels, datasets: [{ label: chart.title, data: chart.values }] },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          plugins: { legend: { display: chart.kind === "doughnut" } },
          scales: chart.kind === "doughnut" ? {} : { y: { beginAtZero: true, ticks: { precision: 0 } } }
        }
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
