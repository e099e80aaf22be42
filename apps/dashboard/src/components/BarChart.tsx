import { useEffect, useRef } from 'preact/hooks';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);
Chart.defaults.font.family = "Sarabun, 'Noto Sans Thai', 'Leelawadee UI', Tahoma, sans-serif";
Chart.defaults.font.size = 13;
Chart.defaults.animation = false;

export interface Series {
  label: string;
  values: (number | null)[];
  color: string;
}

/** A bar chart (Chart.js, canvas). The numbers are also in the cards and the table: the chart is a picture. */
export function BarChart(props: {
  id: string;
  title: string;
  labels: string[];
  series: Series[];
  horizontal?: boolean;
  /** Said under the title when a value is suppressed (null: a count under 5). */
  suppressedNote?: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'bar'> | null>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const data = {
      labels: props.labels,
      datasets: props.series.map((s) => ({ label: s.label, data: s.values, backgroundColor: s.color })),
    };
    if (chart.current) {
      chart.current.data = data;
      chart.current.update();
    } else {
      chart.current = new Chart(canvas.current, {
        type: 'bar',
        data,
        options: {
          indexAxis: props.horizontal ? 'y' : 'x',
          responsive: true,
          maintainAspectRatio: false,
          plugins: { legend: { display: props.series.length > 1 } },
          scales: props.horizontal
            ? { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { ticks: { autoSkip: false } } }
            : {
                x: { ticks: { autoSkip: false, maxRotation: 60 } },
                y: { beginAtZero: true, ticks: { precision: 0 } },
              },
        },
      });
    }
  }, [props.labels.join('|'), JSON.stringify(props.series)]);
  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = null;
    },
    [],
  );
  return (
    <figure class="chart" data-chart={props.id}>
      <figcaption>{props.title}</figcaption>
      {props.series.some((s) => s.values.includes(null)) && props.suppressedNote && (
        <p class="note" data-chart-suppressed="true">
          {props.suppressedNote}
        </p>
      )}
      <div class="chart-box">
        <canvas ref={canvas} role="img" aria-label={props.title} />
      </div>
    </figure>
  );
}
