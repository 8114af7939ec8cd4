// Incidents: what alert rules opened in the period, newest first, each with its attribution and webhook deliveries.
// Every number comes from GET /data/v1/alerts/incidents[/{id}] (computed by the server); this page lays them out.
import { apiGet } from '../api.js';
import { formatCount, formatTime } from '../format.js';
import { el, empty, fill } from '../ui.js';

/** Incidents open at some time in the range (the overview marks them on its charts too). */
export async function incidentsIn(range) {
  const body = await apiGet('/alerts/incidents', [['from', range.fromS], ['to', range.toS], ['limit', 200]]);
  return body.data;
}

const number = (value) => (value === null || value === undefined ? '—'
  : Math.abs(value) >= 100 ? formatCount(Math.round(value)) : value.toFixed(2));
const share = (value) => (value === null || value === undefined ? '—' : `${Math.round(value * 100)} %`);
const at = (iso) => (iso ? formatTime(Date.parse(iso)) : '—');

export async function render(context) {
  const { main, range, isCurrent } = context;
  main.append(el('h1', {}, 'Incidents'));
  const incidents = await incidentsIn(range);
  if (!isCurrent()) return;
  if (!incidents.length) {
    main.append(empty('No incident in this period. Alert rules are created with POST /data/v1/alerts/rules (see docs/alerts.md).'));
    return;
  }
  const list = el('div', { class: 'incidents', dataset: { testid: 'incidents' } });
  main.append(list);
  for (const incident of incidents) {
    const detail = el('div', { class: 'incident-detail' });
    const item = el('details', { class: 'card incident', dataset: { incident: incident.id, status: incident.status } },
      el('summary', {},
        el('span', { class: `badge ${incident.status}` }, incident.status),
        el('strong', {}, ` ${incident.rule_name} `),
        el('span', {}, `${incident.metric}: peak ${number(incident.peak_value)}, now ${number(incident.current_value)}, `
          + `baseline ${number(incident.baseline_value)} · ${formatCount(incident.affected_views)} views, `
          + `${formatCount(incident.affected_viewers)} viewers · ${at(incident.started_at)} → ${at(incident.resolved_at)}`)),
      detail);
    item.addEventListener('toggle', () => {
      if (item.open && !detail.childElementCount) fill(detail, () => renderDetail(incident.id), isCurrent).catch(() => {});
    });
    list.append(item);
  }
}

async function renderDetail(id) {
  const incident = (await apiGet(`/alerts/incidents/${encodeURIComponent(id)}`)).data;
  const attribution = incident.attribution || { slices: [], combinations: [] };
  const sliceTable = (rows, testid) => el('table', { class: 'list', dataset: { testid } },
    el('thead', {}, el('tr', {}, ['Slice', 'now', 'before', 'views now', 'share of views', 'explains'].map((h, i) => el('th', { class: i ? 'num' : null }, h)))),
    el('tbody', {}, rows.map((slice) => el('tr', {},
      el('td', {}, (slice.within ? `${slice.within.dimension} = ${slice.within.value} · ` : '') + `${slice.dimension} = ${slice.value}`),
      el('td', { class: 'num' }, number(slice.value_now)), el('td', { class: 'num' }, number(slice.value_before)),
      el('td', { class: 'num' }, formatCount(slice.views_now)), el('td', { class: 'num' }, share(slice.views_share)),
      el('td', { class: 'num' }, share(slice.explained_share))))));
  return [
    el('p', {}, incident.reason),
    el('h3', {}, `What drives it (${at(attribution.window_from)} – ${at(attribution.window_to)} against the hour before the incident)`),
    sliceTable(attribution.slices, 'slices'),
    attribution.combinations.length ? el('h3', {}, 'Within the top slice') : null,
    attribution.combinations.length ? sliceTable(attribution.combinations, 'combinations') : null,
    el('h3', {}, 'Webhooks'),
    incident.deliveries.length ? el('table', { class: 'list', dataset: { testid: 'deliveries' } },
      el('thead', {}, el('tr', {}, ['Event', 'URL', 'Status', 'Attempts'].map((h) => el('th', {}, h)))),
      el('tbody', {}, incident.deliveries.map((d) => el('tr', {}, el('td', {}, d.event), el('td', {}, d.url), el('td', {}, d.status),
        el('td', {}, d.attempts.map((a) => `${at(a.at)} ${a.status_code ?? a.error}`).join('; '))))))
      : el('p', { class: 'status' }, 'The rule has no webhook.'),
  ];
}
