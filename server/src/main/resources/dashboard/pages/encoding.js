// Encoding jobs (GET /data/v1/encoding/jobs and /categories): counts by status over time, durations, failures by category.
import { apiGet } from '../api.js';
import { COLORS, timeChart } from '../chart.js';
import { formatCount, formatDurationMs, formatPercent } from '../format.js';
import { el, empty } from '../ui.js';

export const STATUSES = ['waiting', 'running', 'complete', 'failure', 'canceled'];
const STATUS_COLORS = { waiting: COLORS[7], running: COLORS[0], complete: COLORS[2], failure: COLORS[1], canceled: COLORS[3] };
const PAGE_LIMIT = 1000;
const MAX_PAGES = 20;

async function allJobs(range) {
  const jobs = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const body = await apiGet('/encoding/jobs', [['from', range.fromS * 1000], ['to', range.toS * 1000],
      ['limit', PAGE_LIMIT], ['page', page]]);
    jobs.push(...body.data);
    if (jobs.length >= body.total_row_count || body.data.length < PAGE_LIMIT) return { jobs, total: body.total_row_count };
  }
  return { jobs, total: jobs.length };
}

export function bucketSeconds(spanS) {
  if (spanS <= 3600) return 300;
  if (spanS <= 86_400) return 3600;
  if (spanS <= 7 * 86_400) return 6 * 3600;
  return 86_400;
}

function quantile(sorted, q) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export async function render(context) {
  const { main, range, isCurrent } = context;
  main.append(el('h1', {}, 'Encoding jobs'));
  const [{ jobs, total }, categories] = await Promise.all([allJobs(range), apiGet('/encoding/categories', [['limit', 1000]])]);
  if (!isCurrent()) return;
  if (!jobs.length) {
    main.append(empty('No encoding jobs were requested in this period. Encoders report them with POST /data/v1/encoding/jobs.'));
    return;
  }
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  jobs.forEach((job) => { counts[job.status] += 1; });
  main.append(el('div', { class: 'tiles small' },
    el('article', { class: 'tile', dataset: { status: 'all' } }, el('h3', {}, 'Requested'),
      el('div', { class: 'value', dataset: { testid: 'value' } }, formatCount(total))),
    STATUSES.map((status) => el('article', { class: 'tile', dataset: { status } }, el('h3', {}, status),
      el('div', { class: 'value', dataset: { testid: 'value' } }, formatCount(counts[status]))))));

  const stepS = bucketSeconds(range.spanS);
  const firstS = Math.floor(range.fromS / stepS) * stepS;
  const times = [];
  for (let t = firstS; t < range.toS; t += stepS) times.push(t);
  const perStatus = Object.fromEntries(STATUSES.map((s) => [s, times.map(() => 0)]));
  jobs.forEach((job) => {
    const index = Math.floor((Math.floor(job.requested_at_ms / 1000) - firstS) / stepS);
    if (index >= 0 && index < times.length) perStatus[job.status][index] += 1;
  });
  main.append(el('section', { class: 'card' }, el('h2', {}, 'Jobs requested, by current status'),
    timeChart({ times, series: STATUSES.map((s) => ({ label: s, values: perStatus[s], color: STATUS_COLORS[s] })),
      heightPx: 200, legend: true, wholeNumbers: true, steps: true, format: (v) => formatCount(Math.round(v)), testid: 'jobs-chart' })));

  const encodeMs = jobs.filter((j) => j.status === 'complete' && j.started_at_ms !== null && j.ended_at_ms !== null)
    .map((j) => j.ended_at_ms - j.started_at_ms).sort((a, b) => a - b);
  const waitMs = jobs.filter((j) => j.started_at_ms !== null).map((j) => j.started_at_ms - j.requested_at_ms).sort((a, b) => a - b);
  const durationRow = (label, values, testid) => el('tr', { dataset: { testid } }, el('td', {}, label),
    el('td', { class: 'num' }, formatCount(values.length)), el('td', { class: 'num' }, formatDurationMs(quantile(values, 0.5))),
    el('td', { class: 'num' }, formatDurationMs(quantile(values, 0.95))), el('td', { class: 'num' }, formatDurationMs(values[values.length - 1] ?? null)));

  const names = new Map(categories.data.map((c) => [c.category_id, c.name]));
  const byCategory = new Map();
  jobs.forEach((job) => {
    const name = job.category_id === null ? '(no category)' : names.get(job.category_id) || `#${job.category_id}`;
    const row = byCategory.get(name) || { name, jobs: 0, failures: 0, reasons: new Map() };
    row.jobs += 1;
    if (job.status === 'failure') {
      row.failures += 1;
      row.reasons.set(job.failure_reason, (row.reasons.get(job.failure_reason) || 0) + 1);
    }
    byCategory.set(name, row);
  });
  const categoryRows = [...byCategory.values()].sort((a, b) => b.failures - a.failures || a.name.localeCompare(b.name));
  main.append(el('div', { class: 'columns' },
    el('section', { class: 'card' }, el('h2', {}, 'Durations'), el('table', { class: 'list' },
      el('thead', {}, el('tr', {}, ['', 'jobs', 'median', '95th', 'max'].map((h) => el('th', { class: h ? 'num' : null }, h)))),
      el('tbody', {}, durationRow('Encoding (complete jobs)', encodeMs, 'encode-duration'),
        durationRow('Waiting before start', waitMs, 'wait-duration')))),
    el('section', { class: 'card' }, el('h2', {}, 'Failures by category'), el('table', { class: 'list', dataset: { testid: 'failures-table' } },
      el('thead', {}, el('tr', {}, el('th', {}, 'Category'), el('th', { class: 'num' }, 'Jobs'), el('th', { class: 'num' }, 'Failures'),
        el('th', { class: 'num' }, 'Failure %'), el('th', {}, 'Top reason'))),
      el('tbody', {}, categoryRows.map((row) => el('tr', { dataset: { category: row.name } },
        el('td', {}, row.name), el('td', { class: 'num' }, formatCount(row.jobs)),
        el('td', { class: 'num', dataset: { testid: 'failures' } }, formatCount(row.failures)),
        el('td', { class: 'num' }, formatPercent((row.failures / row.jobs) * 100)),
        el('td', {}, [...row.reasons.entries()].sort((a, b) => b[1] - a[1]).map(([reason]) => reason)[0] || '—'))))))));
}
