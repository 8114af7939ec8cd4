// Errors: each error code with its count, share of views and when it was last seen.
import { apiGet } from '../api.js';
import { formatCount, formatPercent, formatTime } from '../format.js';
import { addFilter, scopePairs } from '../state.js';
import { el, empty } from '../ui.js';

export async function render(context) {
  const { main, range, filters, isCurrent } = context;
  main.append(el('h1', {}, 'Errors'));
  const body = await apiGet('/errors', scopePairs(range, filters));
  if (!isCurrent()) return;
  if (!body.data.length) {
    main.append(empty('No playback errors in this period with these filters.'));
    return;
  }
  main.append(el('section', { class: 'card' },
    el('p', { class: 'muted' }, 'Percentages are of all views in the period. Click a code to see its views.'),
    el('div', { class: 'table-scroll' }, el('table', { class: 'list', dataset: { testid: 'errors-table' } },
      el('thead', {}, el('tr', {}, el('th', {}, 'Code'), el('th', {}, 'Message'), el('th', { class: 'num' }, 'Count'),
        el('th', { class: 'num' }, '% of views'), el('th', {}, 'Last seen'))),
      el('tbody', {}, body.data.map((error) => el('tr', { dataset: { code: error.player_error_code } },
        el('td', {}, el('a', { href: '#', onclick: (e) => { e.preventDefault(); addFilter('error_code', error.player_error_code, 'views'); } },
          el('code', {}, error.player_error_code))),
        el('td', {}, error.message || '—'),
        el('td', { class: 'num', dataset: { testid: 'count' } }, formatCount(error.count)),
        el('td', { class: 'num', dataset: { testid: 'percentage' } }, formatPercent(error.percentage)),
        el('td', { dataset: { testid: 'last-seen' } }, formatTime(Date.parse(error.last_seen))))))))));
}
