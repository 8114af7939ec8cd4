// Breakdown: one metric by one dimension, sorted, with view counts and inline bars; a row click filters by it.
import { apiGet } from '../api.js';
import { formatCount, formatValue } from '../format.js';
import { addFilter, navigate, scopePairs } from '../state.js';
import { el, empty } from '../ui.js';

const DEFAULT_METRIC = 'views';
const DEFAULT_DIMENSION = 'country';
let catalogue = null;

async function metricsAndDimensions() {
  if (!catalogue) {
    catalogue = Promise.all([apiGet('/metrics'), apiGet('/dimensions')]).then(([metrics, dimensions]) => ({
      metrics: metrics.data,
      dimensions: [...dimensions.data.basic, ...dimensions.data.advanced],
    }));
    catalogue.catch(() => { catalogue = null; });
  }
  return catalogue;
}

export async function render(context) {
  const { main, route, range, filters, isCurrent } = context;
  main.append(el('h1', {}, 'Breakdown'));
  const { metrics, dimensions } = await metricsAndDimensions();
  const metricId = route.params.get('metric') || DEFAULT_METRIC;
  const dimension = route.params.get('by') || DEFAULT_DIMENSION;
  const metric = metrics.find((m) => m.id === metricId) || metrics.find((m) => m.id === DEFAULT_METRIC);
  const metricSelect = el('select', { 'aria-label': 'Metric', dataset: { testid: 'metric' },
    onchange: (e) => navigate({ metric: e.target.value }) },
  metrics.map((m) => el('option', { value: m.id, selected: m.id === metric.id }, m.id.replaceAll('_', ' '))));
  const dimensionSelect = el('select', { 'aria-label': 'Dimension', dataset: { testid: 'dimension' },
    onchange: (e) => navigate({ by: e.target.value }) },
  dimensions.map((d) => el('option', { value: d, selected: d === dimension }, d.replaceAll('_', ' '))));
  main.append(el('div', { class: 'controls' }, el('label', {}, 'Metric ', metricSelect), el('label', {}, 'by ', dimensionSelect)));
  const body = await apiGet(`/metrics/${metric.id}/breakdown`,
    [['group_by', dimension], ...scopePairs(range, filters), ['order_by', 'value'], ['order_direction', 'desc'], ['limit', 100]]);
  if (!isCurrent()) return;
  const rows = body.data;
  if (!rows.length) {
    main.append(empty('No views in this period with these filters.'));
    return;
  }
  const max = Math.max(...rows.map((r) => Math.abs(r.value || 0)), Number.MIN_VALUE);
  main.append(el('section', { class: 'card' },
    el('p', { class: 'muted' }, `${formatCount(body.total_row_count)} values; ${metric.description || ''} Click a value to filter by it.`),
    el('div', { class: 'table-scroll' }, el('table', { class: 'bars', dataset: { testid: 'breakdown-table' } },
      el('thead', {}, el('tr', {}, el('th', {}, dimension.replaceAll('_', ' ')), el('th', { class: 'bar-cell' }),
        el('th', { class: 'num' }, metric.id.replaceAll('_', ' ')), el('th', { class: 'num' }, 'views'))),
      el('tbody', {}, rows.map((row) => el('tr', { dataset: { field: row.field } },
        el('td', { class: 'label' }, row.field === null || row.field === ''
          ? el('span', { class: 'muted' }, '(not set)')
          : el('a', { href: '#', dataset: { testid: 'filter-by' },
            onclick: (e) => { e.preventDefault(); addFilter(dimension, row.field); } }, row.field)),
        el('td', { class: 'bar-cell' }, el('span', { class: 'bar', style: `width:${(Math.abs(row.value || 0) / max) * 100}%` })),
        el('td', { class: 'num', dataset: { testid: 'value' } }, formatValue(row.value, metric.unit, metric.id)),
        el('td', { class: 'num', dataset: { testid: 'views' } }, formatCount(row.views)))))))));
}
