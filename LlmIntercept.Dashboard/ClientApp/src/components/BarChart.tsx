import { useEffect, useRef } from 'preact/hooks';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
  type ChartDataset,
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);
Chart.defaults.font.family = getComputedStyle(document.documentElement).getPropertyValue('--font-sans') || 'system-ui';
Chart.defaults.color = '#64748b';
Chart.defaults.borderColor = 'rgba(100, 116, 139, 0.15)';

export const palette = ['#4f46e5', '#0d9488', '#d97706', '#db2777', '#0284c7', '#65a30d', '#7c3aed', '#dc2626', '#475569'];

interface Props {
  labels: string[];
  datasets: ChartDataset<'bar', number[]>[];
  description: string;
  stacked?: boolean;
  horizontal?: boolean;
  formatValue?: (value: number) => string;
}

/** A bar chart; `description` is what a screen reader hears instead of the canvas. */
export function BarChart({ labels, datasets, description, stacked, horizontal, formatValue }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const valueAxis = {
      stacked,
      beginAtZero: true,
      ticks: { precision: 0, callback: (value: string | number) => (formatValue ? formatValue(Number(value)) : value) },
    };
    const chart = new Chart(canvas.current!, {
      type: 'bar',
      data: { labels, datasets: datasets.map((set, index) => ({ borderRadius: 3, ...colour(index), ...set })) },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: datasets.length > 1, position: 'bottom', labels: { boxWidth: 10, boxHeight: 10 } },
          tooltip: { mode: 'index', intersect: false },
        },
        scales: horizontal
          ? { x: valueAxis, y: { stacked, grid: { display: false } } }
          : { x: { stacked, grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 16 } }, y: valueAxis },
      },
    });
    return () => chart.destroy();
  }, [labels, datasets]);

  return (
    <div class="chart">
      <canvas ref={canvas} role="img" aria-label={description} />
    </div>
  );
}

function colour(index: number) {
  const value = palette[index % palette.length];
  return { backgroundColor: value, borderColor: value, hoverBackgroundColor: value };
}
