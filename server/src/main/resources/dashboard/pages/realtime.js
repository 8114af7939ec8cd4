// Real time: concurrent viewers now, by title, country and device, and the last 30 minutes; refreshed every 5 s.
import { apiGet } from '../api.js';
import { isoSeconds, timeChart } from '../chart.js';
import { formatCount } from '../format.js';
import { el, empty, failure } from '../ui.js';

const REFRESH_MS = 5000;
const CCV = '/monitoring/metrics/current-concurrent-viewers';
export const BREAKDOWNS = [
  { dimension: 'video_title', label: 'By title' },
  { dimension: 'country', label: 'By country' },
  { dimension: 'device_category', label: 'By device' },
];

export async function render(context) {
  const { main, filters, isCurrent, onLeave } = context;
  const now = el('div', { class: 'big-number', dataset: { testid: 'ccv' } }, '…');
  const stamp = el('p', { class: 'muted', dataset: { testid: 'ccv-time' } });
  const chartBox = el('div', { class: 'card-body' });
  const tables = BREAKDOWNS.map((b) => ({ ...b, box: el('div', { class: 'card-body' }) }));
  const problem = el('div');
  main.append(el('h1', {}, 'Real time'), problem,
    el('div', { class: 'realtime-top' },
      el('section', { class: 'card now' }, el('h2', {}, 'Concurrent viewers now'), now, stamp),
      el('section', { class: 'card grow' }, el('h2', {}, 'Last 30 minutes'), chartBox)),
    el('div', { class: 'columns' }, tables.map((t) => el('section', { class: 'card', dataset: { breakdown: t.dimension } },
      el('h2', {}, t.label), t.box))));
  const filterPairs = filters.map((f) => ['filters[]', f]);
  let chart = null;

  async function refresh() {
    const [current, series, ...breakdowns] = await Promise.all([
      apiGet(CCV, filterPairs),
      apiGet(`${CCV}/timeseries`, filterPairs),
      ...tables.map((t) => apiGet(`${CCV}/breakdown`, [['dimension', t.dimension], ...filterPairs])),
    ]);
    if (!isCurrent()) return;
    problem.replaceChildren();
    now.textContent = formatCount(current.data.value);
    now.dataset.value = current.data.value;
    stamp.textContent = `at ${new Date(current.data.timestamp).toLocaleTimeString()}, refreshed every ${REFRESH_MS / 1000} s`;
    const times = series.data.map((p) => isoSeconds(p.date));
    const values = series.data.map((p) => p.value);
    if (chart) {
      chart.update(times, [values]);
    } else {
      chart = timeChart({
        times,
        series: [{ label: 'Concurrent viewers', values }],
        heightPx: 160,
        wholeNumbers: true,
        format: (v) => formatCount(Math.round(v)),
        testid: 'ccv-chart',
      });
      chartBox.replaceChildren(chart);
    }
    tables.forEach((t, i) => t.box.replaceChildren(breakdownTable(breakdowns[i].data)));
  }

  await refresh();
  const timer = setInterval(() => {
    refresh().catch((error) => { if (isCurrent()) problem.replaceChildren(failure(error)); });
  }, REFRESH_MS);
  onLeave(() => clearInterval(timer));
}

function breakdownTable(rows) {
  if (!rows.length) return empty('Nobody is watching right now.');
  const max = Math.max(...rows.map((r) => r.concurrent_viewers), 1);
  return el('table', { class: 'bars' },
    el('tbody', {}, rows.map((row) => el('tr', { dataset: { value: row.value } },
      el('td', { class: 'label' }, row.display_value),
      el('td', { class: 'bar-cell' }, el('span', { class: 'bar', style: `width:${(row.concurrent_viewers / max) * 100}%` })),
      el('td', { class: 'num', dataset: { testid: 'viewers' } }, formatCount(row.concurrent_viewers))))));
}
