/** Small charts (Chart.js): bars for counts, lines for KPI quarters against target and amber band. */
import { useEffect, useRef } from 'react';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  Legend,
  Filler,
);
Chart.defaults.font.family = 'system-ui, sans-serif';
Chart.defaults.color = '#1f2933';
Chart.defaults.locale = 'nl-NL';

function ChartCanvas({ config, label }: { config: ChartConfiguration; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = new Chart(ref.current, config);
    return () => chart.destroy();
  }, [JSON.stringify(config.data), label]); // a new chart only when what it shows changes
  return (
    <div className="chart">
      <canvas ref={ref} role="img" aria-label={label} />
    </div>
  );
}

/** Horizontal bars, one per label; the numbers are also in the accessible label. */
export function BarChart({ title, data }: { title: string; data: { label: string; value: number }[] }) {
  const config: ChartConfiguration = {
    type: 'bar',
    data: {
      labels: data.map((d) => d.label),
      datasets: [{ label: title, data: data.map((d) => d.value), backgroundColor: '#1f5f8b' }],
    },
    options: {
      indexAxis: 'y',
      animation: false,
      maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  };
  return (
    <figure className="bar-chart" style={{ height: `${40 + data.length * 26}px` }}>
      <figcaption>{title}</figcaption>
      <ChartCanvas config={config} label={`${title}: ${data.map((d) => `${d.label} ${d.value}`).join(', ')}`} />
    </figure>
  );
}

/** A KPI over quarters, with its target and the amber band as lines. */
export function KpiChart(props: {
  title: string;
  quarters: string[];
  values: (number | null)[];
  target: (number | null)[];
  amber: (number | null)[];
  percent: boolean;
}) {
  const scale = (v: number | null) => (v === null ? null : props.percent ? v * 100 : v);
  const config: ChartConfiguration = {
    type: 'line',
    data: {
      labels: props.quarters,
      datasets: [
        {
          label: 'Waarde',
          data: props.values.map(scale),
          borderColor: '#1f5f8b',
          backgroundColor: '#1f5f8b',
          spanGaps: false,
        },
        { label: 'Norm', data: props.target.map(scale), borderColor: '#2e7d32', borderDash: [6, 4], pointRadius: 0 },
        {
          label: 'Grens oranje',
          data: props.amber.map(scale),
          borderColor: '#b45309',
          borderDash: [2, 3],
          pointRadius: 0,
        },
      ],
    },
    options: { animation: false, maintainAspectRatio: false, plugins: { legend: { position: 'bottom' } } },
  };
  const text = props.quarters.map((q, i) => `${q}: ${props.values[i] ?? 'geen data'}`).join(', ');
  return (
    <figure className="kpi-chart">
      <figcaption>{props.title}</figcaption>
      <ChartCanvas config={config} label={`${props.title}. ${text}`} />
    </figure>
  );
}

/** A campaign's burn-down: what remained each week, what would at the stated capacity, the forecast to its end, the deadline. */
export function BurnDownChart(props: {
  title: string;
  weeks: { weekEnd: string; remaining: number; remainingAtCapacity: number }[];
  forecast: { date: string; remaining: number }[];
  deadline: string;
}) {
  const labels = [...props.weeks.map((w) => w.weekEnd), ...props.forecast.map((f) => f.date)];
  const pad = <T,>(head: T[], tail: T[]) => [...head, ...tail];
  const config: ChartConfiguration = {
    type: 'line',
    data: {
      labels,
      datasets: [
        {
          label: 'Nog te doen',
          data: pad(
            props.weeks.map((w) => w.remaining),
            props.forecast.map(() => null),
          ),
          borderColor: '#1f5f8b',
          backgroundColor: '#1f5f8b',
        },
        {
          label: 'Verwachting bij huidig tempo',
          data: pad(
            props.weeks.map((w, i) => (i === props.weeks.length - 1 ? w.remaining : null)),
            props.forecast.map((f) => f.remaining),
          ),
          borderColor: '#b45309',
          borderDash: [6, 4],
          pointRadius: 0,
          spanGaps: true,
        },
        {
          label: 'Bij opgegeven capaciteit',
          data: pad(
            props.weeks.map((w) => w.remainingAtCapacity),
            props.forecast.map(() => null),
          ),
          borderColor: '#2e7d32',
          borderDash: [2, 3],
          pointRadius: 0,
        },
      ],
    },
    options: { animation: false, maintainAspectRatio: false, plugins: { legend: { position: 'bottom' } } },
  };
  const last = props.weeks.at(-1);
  const end = props.forecast.at(-1)?.date;
  const text = `${last ? `nog ${last.remaining} te doen` : ''}; verwacht klaar ${end ?? 'nooit bij dit tempo'}; deadline ${props.deadline}`;
  return (
    <figure className="kpi-chart">
      <figcaption>{props.title}</figcaption>
      <ChartCanvas config={config} label={`${props.title}: ${text}`} />
    </figure>
  );
}
