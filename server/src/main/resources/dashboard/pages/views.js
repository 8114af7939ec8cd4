// Views: a searchable, paged list; and one view's page with its timeline, primitives and scores.
import { apiGet } from '../api.js';
import { formatCount, formatDurationMs, formatTime } from '../format.js';
import { currentRoute, navigate, routeHref, scopePairs } from '../state.js';
import { el, empty } from '../ui.js';
import { timeline } from './timeline.js';

const PAGE_SIZE = 25;
const SEARCH_FIELDS = [
  { id: 'video_title', label: 'Video title', toPairs: (text) => [['filters[]', `video_title:${text}`]] },
  { id: 'viewer', label: 'Viewer id', toPairs: (text) => [['viewer_id', text]] },
  { id: 'error_code', label: 'Error code', toPairs: (text) => [['filters[]', `error_code:${text}`]] },
  { id: 'country', label: 'Country', toPairs: (text) => [['filters[]', `country:${text.toUpperCase()}`]] },
];

export async function render(context) {
  const { main, route, range, filters, isCurrent } = context;
  const field = SEARCH_FIELDS.find((f) => f.id === route.params.get('by')) || SEARCH_FIELDS[0];
  const text = route.params.get('q') || '';
  const page = Math.max(1, Number(route.params.get('page')) || 1);
  const input = el('input', { type: 'search', value: text, placeholder: 'Search…', 'aria-label': 'Search views', dataset: { testid: 'search' } });
  const select = el('select', { 'aria-label': 'Search in' },
    SEARCH_FIELDS.map((f) => el('option', { value: f.id, selected: f.id === field.id }, f.label)));
  const form = el('form', { class: 'controls', role: 'search' }, select, input, el('button', { type: 'submit' }, 'Search'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate({ q: input.value.trim(), by: select.value, page: null });
  });
  main.append(el('h1', {}, 'Views'), form);
  const search = text ? field.toPairs(text) : [];
  const body = await apiGet('/video-views', [...scopePairs(range, filters), ...search, ['limit', PAGE_SIZE], ['page', page]]);
  if (!isCurrent()) return;
  if (!body.data.length) {
    main.append(empty(text ? `No views match “${text}” in this period.` : 'No views in this period with these filters.'));
    return;
  }
  const pages = Math.max(1, Math.ceil(body.total_row_count / PAGE_SIZE));
  const carried = new URLSearchParams(currentRoute().params);
  main.append(el('section', { class: 'card' },
    el('p', { class: 'muted' }, el('span', { dataset: { testid: 'total' } }, formatCount(body.total_row_count)), ' views, by when they ended, latest first'),
    el('div', { class: 'table-scroll' }, el('table', { class: 'list', dataset: { testid: 'views-table' } },
      el('thead', {}, el('tr', {}, ['Started', 'Title', 'Country', 'Device', 'Watch time', 'Experience', 'Outcome']
        .map((h) => el('th', {}, h)))),
      el('tbody', {}, body.data.map((view) => el('tr', { dataset: { viewId: view.id } },
        el('td', {}, el('a', { href: routeHref('view', view.id, carried) }, formatTime(Date.parse(view.view_start)))),
        el('td', {}, view.video_title || '—'),
        el('td', {}, view.country_code || '—'),
        el('td', {}, [view.viewer_device_category, view.viewer_os_family].filter(Boolean).join(' · ') || '—'),
        el('td', { class: 'num' }, formatDurationMs(view.watch_time)),
        el('td', { class: 'num' }, view.viewer_experience_score === null ? '—' : view.viewer_experience_score.toFixed(1)),
        el('td', {}, outcome(view))))))),
    el('div', { class: 'pager' },
      el('button', { type: 'button', disabled: page <= 1, onclick: () => navigate({ page: page - 1 }) }, '‹ Newer'),
      el('span', { dataset: { testid: 'page' } }, `page ${page} of ${pages}`),
      el('button', { type: 'button', disabled: page >= pages, onclick: () => navigate({ page: page + 1 }) }, 'Older ›'))));
}

function outcome(view) {
  if (view.player_error_code) {
    return el('span', { class: 'badge bad', title: view.player_error_message || '' }, `error ${view.player_error_code}`);
  }
  if (view.view_dropped) return el('span', { class: 'badge warn' }, 'dropped');
  return el('span', { class: 'badge' }, 'ok');
}

const PRIMITIVES = [
  ['video_startup_time', 'Startup time', (v) => formatDurationMs(v)],
  ['watch_time', 'Watch time', (v) => formatDurationMs(v)],
  ['view_playing_time', 'Playing time', (v) => formatDurationMs(Number(v))],
  ['rebuffer_count', 'Stalls', formatCount],
  ['rebuffer_duration', 'Stall time', (v) => formatDurationMs(v)],
  ['rebuffer_percentage', 'Rebuffer %', (v) => (v === null ? '—' : `${Number(v).toFixed(2)}%`)],
  ['view_seek_count', 'Seeks', formatCount],
  ['rendition_change_count', 'Rendition changes', formatCount],
  ['weighted_average_bitrate', 'Average bitrate', (v) => (v === null ? '—' : `${formatCount(Math.round(v / 1000))} kbps`)],
  ['view_max_upscale_percentage', 'Max upscale', (v) => (v === null ? '—' : `${Number(v).toFixed(1)}%`)],
  ['error_count', 'Errors', formatCount],
  ['event_count', 'Events', formatCount],
];
const SCORES = [
  ['viewer_experience_score', 'Viewer experience'],
  ['startup_score', 'Startup'],
  ['rebuffering_score', 'Smoothness'],
  ['quality_score', 'Video quality'],
  ['playback_score', 'Playback success'],
];

export async function renderDetail(context) {
  const { main, route, isCurrent } = context;
  const back = new URLSearchParams(route.params);
  main.append(el('p', {}, el('a', { href: routeHref('views', null, back) }, '‹ All views')));
  const body = await apiGet(`/video-views/${encodeURIComponent(route.arg)}`);
  if (!isCurrent()) return;
  const view = body.data;
  const dimensions = [view.video_title, view.viewer_device_category, view.viewer_os_family, view.viewer_application_name,
    view.country_code, view.player_name].filter(Boolean).join(' · ');
  main.append(...[
    el('h1', {}, view.video_title || view.id),
    el('p', { class: 'muted' }, `${formatTime(Date.parse(view.view_start))} · ${dimensions} · view ${view.id}`),
    view.player_error_code ? el('p', { class: 'status error' }, `Fatal error ${view.player_error_code}: ${view.player_error_message || ''}`) : null,
    el('section', { class: 'card' }, el('h2', {}, 'Timeline'), timeline(view)),
    el('div', { class: 'columns' },
      el('section', { class: 'card' }, el('h2', {}, 'Scores'), el('dl', { class: 'facts', dataset: { testid: 'scores' } },
        SCORES.map(([key, label]) => [el('dt', {}, label),
          el('dd', { dataset: { field: key } }, view[key] === null ? '—' : Number(view[key]).toFixed(1))]))),
      el('section', { class: 'card' }, el('h2', {}, 'Primitives'), el('dl', { class: 'facts', dataset: { testid: 'primitives' } },
        PRIMITIVES.map(([key, label, format]) => [el('dt', {}, label),
          el('dd', { dataset: { field: key } }, view[key] === null || view[key] === undefined ? '—' : format(view[key]))]))))]
    .filter(Boolean));
}
