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

const plusDays = (iso: string, days: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/**
 * A campaign's burn-down, week by week up to the later of the deadline and the
 * forecast: what remained at each week's end, what would have at the stated
 * capacity, the forecast at the current pace, and the line that meets the deadline.
 */
export function BurnDownChart(props: {
  title: string;
  weeks: { weekEnd: string; remaining: number; remainingAtCapacity: number }[];
  pacePerWeek: number;
  forecastEndDate: string | null;
  deadline: string;
  format: (iso: string) => string;
}) {
  const last = props.weeks.at(-1);
  if (!last) return null;
  const until = [props.deadline, props.forecastEndDate ?? props.deadline].sort().at(-1)!;
  const ends: string[] = props.weeks.map((w) => w.weekEnd);
  while (ends.at(-1)! < until && ends.length < 160) ends.push(plusDays(ends.at(-1)!, 7));
  const now = props.weeks.length - 1;
  const deadlineWeek = Math.max(
    now,
    ends.findIndex((d) => d >= props.deadline),
  );
  const ahead = (i: number, perWeek: number) => Math.max(0, last.remaining - perWeek * (i - now));
  const config: ChartConfiguration = {
    type: 'line',
    data: {
      labels: ends.map(props.format),
      datasets: [
        {
          label: 'Nog te doen',
          data: ends.map((_, i) => props.weeks[i]?.remaining ?? null),
          borderColor: '#1f5f8b',
          backgroundColor: '#1f5f8b',
        },
        {
          label: 'Verwachting bij huidig tempo',
          data: ends.map((_, i) => (i < now ? null : ahead(i, props.pacePerWeek))),
          borderColor: '#b45309',
          borderDash: [6, 4],
          pointRadius: 0,
        },
        {
          label: 'Nodig voor de deadline',
          data: ends.map((_, i) =>
            i < now || i > deadlineWeek ? null : ahead(i, last.remaining / Math.max(1, deadlineWeek - now)),
          ),
          borderColor: '#7c3aed',
          borderDash: [2, 3],
          pointRadius: 0,
        },
        {
          label: 'Bij opgegeven capaciteit',
          data: ends.map((_, i) => props.weeks[i]?.remainingAtCapacity ?? null),
          borderColor: '#2e7d32',
          borderDash: [8, 3, 2, 3],
          pointRadius: 0,
        },
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      plugins: { legend: { position: 'bottom' } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  };
  const text = `nog ${last.remaining} te doen; verwacht klaar ${props.forecastEndDate ? props.format(props.forecastEndDate) : 'nooit bij dit tempo'}; deadline ${props.format(props.deadline)}`;
  return (
    <figure className="kpi-chart">
      <figcaption>{props.title}</figcaption>
      <ChartCanvas config={config} label={`${props.title}: ${text}`} />
    </figure>
  );
}
