// Encoding jobs: counts by status over time, durations, failures by category. Every number comes from
// GET /data/v1/encoding/statistics (computed by the server); this page only lays them out.
import { apiGet } from '../api.js';
import { COLORS, isoSeconds, timeChart } from '../chart.js';
import { formatCount, formatDurationMs, formatPercent } from '../format.js';
import { el, empty } from '../ui.js';

export const STATUSES = ['waiting', 'running', 'complete', 'failure', 'canceled'];
const STATUS_COLORS = { waiting: COLORS[7], running: COLORS[0], complete: COLORS[2], failure: COLORS[1], canceled: COLORS[3] };

export async function render(context) {
  const { main, range, isCurrent } = context;
  main.append(el('h1', {}, 'Encoding jobs'));
  const body = await apiGet('/encoding/statistics', [['timeframe[]', range.fromS], ['timeframe[]', range.toS]]);
  if (!isCurrent()) return;
  const statistics = body.data;
  if (!statistics.jobs) {
    main.append(empty('No encoding jobs were requested in this period. Encoders report them with POST /data/v1/encoding/jobs.'));
    return;
  }
  main.append(el('div', { class: 'tiles small' },
    el('article', { class: 'tile', dataset: { status: 'all' } }, el('h3', {}, 'Requested'),
      el('div', { class: 'value', dataset: { testid: 'value' } }, formatCount(statistics.jobs))),
    STATUSES.map((status) => el('article', { class: 'tile', dataset: { status } }, el('h3', {}, status),
      el('div', { class: 'value', dataset: { testid: 'value' } }, formatCount(statistics.jobs_by_status[status]))))));

  const times = statistics.timeseries.map((bucket) => isoSeconds(bucket.bucket_start));
  main.append(el('section', { class: 'card' }, el('h2', {}, 'Jobs requested, by current status'),
    timeChart({ times,
      series: STATUSES.map((s) => ({ label: s, values: statistics.timeseries.map((bucket) => bucket.jobs_by_status[s]), color: STATUS_COLORS[s] })),
      heightPx: 200, legend: true, wholeNumbers: true, steps: true, format: (v) => formatCount(Math.round(v)), testid: 'jobs-chart' })));

  const durationRow = (label, durations, testid) => el('tr', { dataset: { testid } }, el('td', {}, label),
    el('td', { class: 'num', dataset: { testid: 'jobs' } }, formatCount(durations.jobs)),
    el('td', { class: 'num', dataset: { testid: 'median' } }, formatDurationMs(durations.median_ms)),
    el('td', { class: 'num', dataset: { testid: 'p95' } }, formatDurationMs(durations.p95_ms)),
    el('td', { class: 'num', dataset: { testid: 'max' } }, formatDurationMs(durations.max_ms)));

  main.append(el('div', { class: 'columns' },
    el('section', { class: 'card' }, el('h2', {}, 'Durations'), el('table', { class: 'list' },
      el('thead', {}, el('tr', {}, ['', 'jobs', 'median', '95th', 'max'].map((h) => el('th', { class: h ? 'num' : null }, h)))),
      el('tbody', {}, durationRow('Encoding (complete jobs)', statistics.durations.encoding, 'encode-duration'),
        durationRow('Waiting before start', statistics.durations.waiting, 'wait-duration')))),
    el('section', { class: 'card' }, el('h2', {}, 'Failures by category'), el('table', { class: 'list', dataset: { testid: 'failures-table' } },
      el('thead', {}, el('tr', {}, el('th', {}, 'Category'), el('th', { class: 'num' }, 'Jobs'), el('th', { class: 'num' }, 'Failures'),
        el('th', { class: 'num' }, 'Failure %'), el('th', {}, 'Top reason'))),
      el('tbody', {}, statistics.categories.map((row) => {
        const name = row.name ?? '(no category)';
        return el('tr', { dataset: { category: name } },
          el('td', {}, name), el('td', { class: 'num' }, formatCount(row.jobs)),
          el('td', { class: 'num', dataset: { testid: 'failures' } }, formatCount(row.failures)),
          el('td', { class: 'num', dataset: { testid: 'failure-percentage' } }, formatPercent(row.failure_percentage)),
          el('td', {}, row.top_failure_reason ?? '—'));
      }))))));
}
