// Draws the report page's charts from the data it carries (#report-data). The
// tables under each chart hold the same numbers for anyone the canvas does not reach.
import '/assets/vendor/chart.umd.js';

const Chart = globalThis.Chart;
// Colours that keep 3:1 against white and apart from each other.
const COLOURS = ['#1f5fa8', '#c0392b', '#1e7d4f', '#8e44ad', '#b9770e', '#2c3e50', '#d35400'];

function draw(spec) {
  const canvas = document.getElementById(`chart-${spec.id}`);
  if (!canvas || !Chart) return;
  const doughnut = spec.type === 'doughnut';
  const datasets = spec.datasets.map((d, i) => ({
    ...d,
    backgroundColor: doughnut ? spec.labels.map((_, j) => COLOURS[j % COLOURS.length]) : COLOURS[i % COLOURS.length],
    borderWidth: doughnut ? 1 : 0,
  }));
  const axes = doughnut
    ? {}
    : { x: { stacked: !!spec.stacked, beginAtZero: true }, y: { stacked: !!spec.stacked, beginAtZero: true, ticks: { precision: 0 } } };
  new Chart(canvas, {
    type: spec.type,
    data: { labels: spec.labels, datasets },
    options: {
      indexAxis: spec.horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: axes,
      plugins: { legend: { display: doughnut || spec.datasets.length > 1 } },
    },
  });
  canvas.dataset.rendered = 'true';
}

const data = JSON.parse(document.getElementById('report-data')?.textContent || '{"charts":[]}');
for (const spec of data.charts) draw(spec);
document.documentElement.dataset.reportCharts = 'drawn';
