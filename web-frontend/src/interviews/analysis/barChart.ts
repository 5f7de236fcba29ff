// Chart.js, tree-shaken to horizontal bar charts. Imported only (and lazily)
// by the analysis page, so it never lands in the main bundle. It imports
// nothing else of the app: a module shared with the page would make Rollup
// split the main bundle.
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export interface Bars {
  /** One label per bar, in lines (Chart.js does not wrap). */
  labels: string[][];
  /** null: no bar (a suppressed count). */
  values: (number | null)[];
  rtl: boolean;
  locale: string;
  /** The tooltip's text for a value. */
  valueLabel: (value: number) => string;
}

const css = (name: string, fallback: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

/** Draws horizontal bars (one per option) on the canvas. Right to left, the bars grow from the right. */
export function drawBars(canvas: HTMLCanvasElement, bars: Bars): Chart<'bar', (number | null)[], string[]> {
  const font = getComputedStyle(canvas).fontFamily || 'system-ui, sans-serif';
  const text = css('--text', '#1b1f22');
  const brand = css('--brand', '#0b5563');
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: bars.labels,
      datasets: [{ data: bars.values, backgroundColor: brand, borderRadius: 3, maxBarThickness: 28 }],
    },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      locale: bars.locale,
      font: { family: font, size: 13 },
      color: text,
      scales: {
        x: {
          beginAtZero: true,
          reverse: bars.rtl,
          ticks: { precision: 0, color: text, font: { family: font } },
          grid: { color: '#e3e8ea' },
        },
        y: {
          position: bars.rtl ? 'right' : 'left',
          ticks: { color: text, autoSkip: false, font: { family: font, size: 13 } },
          grid: { display: false },
        },
      },
      plugins: {
        tooltip: {
          rtl: bars.rtl,
          textDirection: bars.rtl ? 'rtl' : 'ltr',
          callbacks: {
            title: (items) => {
              const label = items[0]?.label;
              return Array.isArray(label) ? label.join(' ') : (label ?? '');
            },
            label: (item) => bars.valueLabel(typeof item.raw === 'number' ? item.raw : 0),
          },
        },
      },
    },
  });
}
