// Three charts from the page's config (Chart.js, pinned in package-lock.json
// and served by Django). Withheld values ("<5") are left out, not drawn as 0.
const numeric = (values) => values.map((v) => (typeof v === "number" ? v : null));

export function drawCharts(charts) {
  if (typeof Chart === "undefined") return [];
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  const made = [];
  const bar = (id, data, colours, horizontal) => {
    const canvas = document.getElementById(id);
    if (!canvas) return;
    made.push(
      new Chart(canvas, {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [{ data: numeric(data.values), backgroundColor: colours || "#1f5f3f" }],
        },
        options: {
          indexAxis: horizontal ? "y" : "x",
          plugins: { legend: { display: false }, title: { display: true, text: data.title } },
          scales: { x: { beginAtZero: true }, y: { beginAtZero: true } },
        },
      }),
    );
  };
  bar("chart-levels", charts.levels, charts.levels.colours, false);
  bar("chart-disposal", charts.disposal, "#457b9d", true);
  bar("chart-idle", charts.idle, ["#e9c46a", "#f4a261", "#2a9d8f", "#2b9348", "#9e9e9e"], true);
  return made;
}
