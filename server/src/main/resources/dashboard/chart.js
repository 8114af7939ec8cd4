// Time charts with uPlot (from its WebJar). A chart is created once its box has a width, and follows resizes.
import uPlot from './vendor/uplot/uPlot.esm.js';
import { el } from './ui.js';

const WHOLE_INCREMENTS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 1_000_000];
export const COLORS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];

/**
 * @param times epoch seconds
 * @param series [{label, values, color}] values aligned with times (null for a gap)
 * @param wholeNumbers counts: the value axis ticks only at whole numbers
 * @param steps each value holds until the next time (counts per bucket)
 * @param bands [{fromS, toS, title}] periods shaded behind the series (incidents); toS null for one still open
 */
export function timeChart({ times, series, heightPx = 140, format = (v) => String(v), axisFormat = format, legend = false, wholeNumbers = false, steps = false, bands = [], testid }) {
  const box = el('div', { class: 'chart', dataset: { testid: testid || 'chart', bands: String(bands.length) } });
  let data = [times, ...series.map((s) => s.values)];
  let plot = null;
  const options = (widthPx) => ({
    width: widthPx,
    height: heightPx,
    legend: { show: legend },
    cursor: { drag: { x: false, y: false } },
    hooks: { drawClear: [(u) => drawBands(u, bands)] },
    scales: { x: { time: true }, y: wholeNumbers ? { range: (u, min, max) => [0, Math.max(max, 1)] } : {} },
    series: [
      {},
      ...series.map((s, i) => ({
        label: s.label,
        stroke: s.color || COLORS[i % COLORS.length],
        fill: series.length === 1 ? `${s.color || COLORS[0]}1a` : undefined,
        width: 1.5,
        points: { show: false },
        paths: steps ? uPlot.paths.stepped({ align: 1 }) : undefined,
        value: (u, v) => (v === null || v === undefined ? '—' : format(v)),
      })),
    ],
    axes: [
      { stroke: '#6b7280', grid: { stroke: '#f1f5f9' }, ticks: { stroke: '#e5e7eb' } },
      { stroke: '#6b7280', grid: { stroke: '#f1f5f9' }, ticks: { stroke: '#e5e7eb' }, size: 56,
        incrs: wholeNumbers ? WHOLE_INCREMENTS : undefined,
        values: (u, ticks) => ticks.map((t) => axisFormat(t)) },
    ],
  });
  let pending = false;
  // sizing in the next frame keeps the chart's own layout change out of this resize notification
  const observer = new ResizeObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      const widthPx = Math.floor(box.clientWidth);
      if (!widthPx) return;
      if (!plot) plot = new uPlot(options(widthPx), data, box);
      else if (plot.width !== widthPx) plot.setSize({ width: widthPx, height: heightPx });
    });
  });
  observer.observe(box);
  /** New points for the same series (pages that refresh call this instead of drawing a new chart). */
  box.update = (newTimes, newValues) => {
    data = [newTimes, ...newValues];
    if (plot) plot.setData(data);
  };
  return box;
}

/** Shades each band's time span over the plot area, before the series are drawn. */
function drawBands(u, bands) {
  const { ctx } = u;
  const top = u.bbox.top;
  const height = u.bbox.height;
  ctx.save();
  ctx.fillStyle = 'rgba(220, 38, 38, 0.12)';
  for (const band of bands) {
    const fromPx = Math.max(u.bbox.left, u.valToPos(band.fromS, 'x', true));
    const toPx = Math.min(u.bbox.left + u.bbox.width, u.valToPos(band.toS ?? u.scales.x.max, 'x', true));
    if (toPx > fromPx) ctx.fillRect(fromPx, top, Math.max(toPx - fromPx, 2), height);
  }
  ctx.restore();
}

/** Epoch seconds of an ISO timestamp. */
export function isoSeconds(text) {
  return Math.floor(Date.parse(text) / 1000);
}
