// Usage per service point and day: a stacked bar chart drawn by Chart.js from the JSON the page embeds
// (no inline script, so the page's Content-Security-Policy can forbid them).
(function () {
  var data = JSON.parse(document.getElementById('usage-data').textContent);
  var canvas = document.getElementById('usage-chart');
  if (!canvas || typeof Chart === 'undefined') { return; }
  var palette = ['#0969da', '#1a7f37', '#bf3989', '#9a6700', '#8250df', '#cf222e', '#116329', '#57606a'];
  new Chart(canvas, {
    type: 'bar',
    data: {
      labels: data.days,
      datasets: data.points.map(function (point, i) {
        return { label: point.name, data: point.counts, backgroundColor: palette[i % palette.length] };
      })
    },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: 'bottom' } }
    }
  });
  canvas.setAttribute('data-rendered', 'true');
})();
