// Draws each chart whose data the server put in a <script type="application/json"> element.
for (const canvas of document.querySelectorAll("canvas[data-chart]")) {
  const source = document.getElementById(canvas.dataset.chart);
  if (!source || typeof Chart === "undefined") continue;
  const data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: data.type || "line",
    data: { labels: data.labels, datasets: data.series.map((s) => ({ label: s.label, data: s.values, yAxisID: s.axis || "y" })) },
    options: { animation: false, responsive: true, scales: data.scales || {} },
  });
}
