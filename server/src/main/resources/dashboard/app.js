// The dashboard shell: sign-in, navigation, the time range and filter bar, and page rendering.
import { apiGet, ApiError, forgetToken, savedToken, saveToken } from './api.js';
import { currentRoute, filtersOf, navigate, rangeOf, RANGES, routeHref, scopePairs } from './state.js';
import { el, failure } from './ui.js';
import * as overview from './pages/overview.js';
import * as realtime from './pages/realtime.js';
import * as breakdown from './pages/breakdown.js';
import * as views from './pages/views.js';
import * as errors from './pages/errors.js';
import * as encoding from './pages/encoding.js';
import * as incidents from './pages/incidents.js';
import * as setup from './pages/setup.js';

const PAGES = [
  { id: 'overview', label: 'Overview', module: overview, scoped: true },
  { id: 'realtime', label: 'Real time', module: realtime, scoped: 'filters' },
  { id: 'breakdown', label: 'Breakdown', module: breakdown, scoped: true },
  { id: 'views', label: 'Views', module: views, scoped: true },
  { id: 'errors', label: 'Errors', module: errors, scoped: true },
  { id: 'incidents', label: 'Incidents', module: incidents, scoped: 'range' },
  { id: 'encoding', label: 'Encoding jobs', module: encoding, scoped: 'range' },
  { id: 'setup', label: 'Setup', module: setup, scoped: false },
];
const SCOPE_PARAMS = ['range', 'from', 'to', 'f'];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const scope = document.getElementById('scope');
const signOut = document.getElementById('sign-out');
let generation = 0;
let cleanups = [];
let dimensionsPromise = null;

/** #token=<id>:<secret>[&next=<page fragment>] signs in (the link the server prints) and forgets the secret from the address. */
function takeTokenFromFragment() {
  const match = location.hash.match(/^#token=([^:&]+):([^&]+)(?:&next=(.*))?$/);
  if (!match) return;
  saveToken(decodeURIComponent(match[1]), decodeURIComponent(match[2]));
  const next = match[3] ? decodeURIComponent(match[3]) : '/overview';
  history.replaceState(null, '', `${location.pathname}#${next.startsWith('/') ? next : '/overview'}`);
}

function showSignIn(message) {
  nav.replaceChildren();
  scope.hidden = true;
  signOut.hidden = true;
  const tokenId = el('input', { id: 'token-id', name: 'token-id', autocomplete: 'username', required: true });
  const tokenSecret = el('input', { id: 'token-secret', name: 'token-secret', type: 'password', autocomplete: 'current-password', required: true });
  const problem = el('p', { class: 'status error', role: 'alert', dataset: { testid: 'sign-in-error' } }, message || '');
  problem.hidden = !message;
  const form = el('form', { class: 'card sign-in', dataset: { testid: 'sign-in' } },
    el('h1', {}, 'Sign in'),
    el('p', {}, 'Use an API token of your project (the server prints one at start, with a link that signs in directly).'),
    el('label', { for: 'token-id' }, 'Token id'), tokenId,
    el('label', { for: 'token-secret' }, 'Token secret'), tokenSecret,
    problem,
    el('button', { type: 'submit' }, 'Sign in'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = { id: tokenId.value.trim(), secret: tokenSecret.value.trim() };
    try {
      await apiGet('/project', [], token);
      saveToken(token.id, token.secret);
      if (!location.hash || location.hash === '#') location.hash = '#/overview';
      render();
    } catch (error) {
      problem.hidden = false;
      problem.textContent = error.status === 401 ? 'That token id and secret are not valid.' : error.message;
    }
  });
  main.replaceChildren(form);
  main.dataset.page = 'sign-in';
  main.dataset.state = 'ready';
}

function renderNav(route) {
  const carried = new URLSearchParams();
  for (const name of SCOPE_PARAMS) route.params.getAll(name).forEach((v) => carried.append(name, v));
  nav.replaceChildren(...PAGES.map((page) => el('a', {
    href: routeHref(page.id, null, carried),
    class: page.id === route.page || (route.page === 'view' && page.id === 'views') ? 'active' : null,
    dataset: { testid: `nav-${page.id}` },
  }, page.label)));
}

function dimensions() {
  if (!dimensionsPromise) {
    dimensionsPromise = apiGet('/dimensions').then((body) => [...body.data.basic, ...body.data.advanced]);
    dimensionsPromise.catch(() => { dimensionsPromise = null; });
  }
  return dimensionsPromise;
}

function renderScope(route, page) {
  if (!page || !page.scoped) {
    scope.hidden = true;
    return;
  }
  scope.hidden = false;
  const range = rangeOf(route.params);
  const parts = [];
  if (page.scoped === true || page.scoped === 'range') {
    const buttons = RANGES.map((r) => el('button', {
      type: 'button',
      class: r.key === range.key ? 'chip selected' : 'chip',
      'aria-pressed': r.key === range.key ? 'true' : 'false',
      dataset: { range: r.key },
      onclick: () => {
        if (r.key === 'custom') {
          navigate({ range: 'custom', from: range.fromS, to: range.toS });
        } else {
          navigate({ range: r.key, from: null, to: null });
        }
      },
    }, r.label));
    parts.push(el('div', { class: 'ranges', role: 'group', 'aria-label': 'Time range' }, buttons));
    if (range.key === 'custom') {
      const from = el('input', { type: 'datetime-local', value: localInput(range.fromS), dataset: { testid: 'custom-from' } });
      const to = el('input', { type: 'datetime-local', value: localInput(range.toS), dataset: { testid: 'custom-to' } });
      const apply = el('button', { type: 'button', onclick: () => {
        const fromS = Math.floor(new Date(from.value).getTime() / 1000);
        const toS = Math.floor(new Date(to.value).getTime() / 1000);
        if (toS > fromS) navigate({ range: 'custom', from: fromS, to: toS });
      } }, 'Apply');
      parts.push(el('div', { class: 'custom-range' }, from, '→', to, apply));
    }
    parts.push(el('span', { class: 'range-text', dataset: { testid: 'range', from: range.fromS, to: range.toS } },
      `${new Date(range.fromS * 1000).toLocaleString()} – ${new Date(range.toS * 1000).toLocaleString()}`));
  }
  if (page.scoped === true || page.scoped === 'filters') {
    parts.push(filterBar(route, range));
  }
  scope.replaceChildren(...parts);
}

function localInput(epochS) {
  const date = new Date(epochS * 1000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function filterBar(route, range) {
  const filters = filtersOf(route.params);
  const chips = filters.map((filter) => el('span', { class: 'chip filter', dataset: { testid: 'filter', filter } },
    filter.startsWith('!') ? `not ${filter.slice(1).replace(':', ' = ')}` : filter.replace(':', ' = '),
    el('button', { type: 'button', class: 'remove', 'aria-label': `Remove filter ${filter}`,
      onclick: () => navigate({ f: filters.filter((f) => f !== filter) }) }, '×')));
  const dimensionSelect = el('select', { 'aria-label': 'Filter dimension', dataset: { testid: 'filter-dimension' } },
    el('option', { value: '' }, 'Add filter…'));
  const valueSelect = el('select', { 'aria-label': 'Filter value', dataset: { testid: 'filter-value' }, hidden: true });
  dimensions().then((names) => names.forEach((name) => dimensionSelect.append(el('option', { value: name }, name))))
    .catch(() => dimensionSelect.append(el('option', { value: '', disabled: true }, 'dimensions unavailable')));
  dimensionSelect.addEventListener('change', async () => {
    const dimension = dimensionSelect.value;
    valueSelect.hidden = !dimension;
    if (!dimension) return;
    valueSelect.replaceChildren(el('option', { value: '' }, 'Loading values…'));
    try {
      const body = await apiGet(`/dimensions/${encodeURIComponent(dimension)}`, [...scopePairs(range, filters), ['limit', 100]]);
      valueSelect.replaceChildren(el('option', { value: '' }, body.data.length ? 'Choose a value…' : 'No values in this period'),
        ...body.data.map((v) => el('option', { value: v.value }, `${v.value} (${v.total_count})`)));
    } catch (error) {
      valueSelect.replaceChildren(el('option', { value: '' }, `Error: ${error.message}`));
    }
  });
  valueSelect.addEventListener('change', () => {
    if (valueSelect.value) navigate({ f: [...filters, `${dimensionSelect.value}:${valueSelect.value}`] });
  });
  return el('div', { class: 'filters' }, chips, dimensionSelect, valueSelect);
}

async function render() {
  cleanups.forEach((cleanup) => cleanup());
  cleanups = [];
  const current = ++generation;
  const route = currentRoute();
  main.dataset.generation = String(current);
  if (!savedToken()) {
    showSignIn();
    return;
  }
  signOut.hidden = false;
  renderNav(route);
  const page = route.page === 'view' ? { module: views, scoped: false, detail: true }
    : PAGES.find((p) => p.id === route.page);
  renderScope(route, page);
  main.dataset.page = route.page;
  main.dataset.state = 'loading';
  if (!page) {
    main.replaceChildren(failure(new Error(`there is no page '${route.page}'`)));
    main.dataset.state = 'error';
    return;
  }
  const context = {
    main,
    route,
    range: rangeOf(route.params),
    filters: filtersOf(route.params),
    isCurrent: () => current === generation,
    onLeave: (cleanup) => cleanups.push(cleanup),
  };
  main.replaceChildren();
  try {
    await (page.detail ? views.renderDetail(context) : page.module.render(context));
    if (context.isCurrent()) main.dataset.state = 'ready';
  } catch (error) {
    if (!context.isCurrent()) return;
    if (error instanceof ApiError && error.status === 401) {
      forgetToken();
      showSignIn('The saved token is no longer valid; sign in again.');
      return;
    }
    main.dataset.state = 'error';
    if (!main.querySelector('[data-testid="error"]')) main.append(failure(error));
  }
}

signOut.addEventListener('click', () => {
  forgetToken();
  render();
});
window.addEventListener('hashchange', render);
takeTokenFromFragment();
render();
