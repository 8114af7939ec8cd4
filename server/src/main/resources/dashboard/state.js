// Everything a view depends on lives in the URL fragment (#/page/arg?range=24h&f=country:US), so any view can be
// shared by copying the address. The fragment never reaches the server.

export const RANGES = [
  { key: '1h', label: 'Last hour', spanS: 3600 },
  { key: '24h', label: '24 hours', spanS: 86_400 },
  { key: '7d', label: '7 days', spanS: 7 * 86_400 },
  { key: '30d', label: '30 days', spanS: 30 * 86_400 },
  { key: 'custom', label: 'Custom', spanS: null },
];
const DEFAULT_RANGE = '24h';

export function currentRoute() {
  const fragment = location.hash.replace(/^#/, '');
  const question = fragment.indexOf('?');
  const path = question < 0 ? fragment : fragment.slice(0, question);
  const params = new URLSearchParams(question < 0 ? '' : fragment.slice(question + 1));
  const parts = path.split('/').filter(Boolean);
  return { page: parts[0] || 'overview', arg: parts[1] ? decodeURIComponent(parts[1]) : null, params };
}

export function routeHref(page, arg, params) {
  const text = params.toString();
  return `#/${page}${arg ? `/${encodeURIComponent(arg)}` : ''}${text ? `?${text}` : ''}`;
}

/** Goes to the page with the params changed; null or undefined removes a param, arrays repeat it. */
export function navigate(changes, page, arg) {
  const route = currentRoute();
  const params = new URLSearchParams(route.params);
  for (const [name, value] of Object.entries(changes || {})) {
    params.delete(name);
    if (Array.isArray(value)) value.forEach((v) => params.append(name, v));
    else if (value !== null && value !== undefined && value !== '') params.set(name, value);
  }
  location.hash = routeHref(page || route.page, page ? arg : route.arg, params);
}

/**
 * The time range of the route in epoch seconds. Presets end at the current minute, so the numbers of a page stay
 * the same for a minute whoever loads it; custom ranges are absolute.
 */
export function rangeOf(params, nowMs = Date.now()) {
  const key = params.get('range') || DEFAULT_RANGE;
  if (key === 'custom') {
    const fromS = Number(params.get('from'));
    const toS = Number(params.get('to'));
    if (Number.isFinite(fromS) && Number.isFinite(toS) && toS > fromS && fromS > 0) {
      return { key, fromS, toS, spanS: toS - fromS };
    }
  }
  const preset = RANGES.find((r) => r.key === key && r.spanS) || RANGES.find((r) => r.key === DEFAULT_RANGE);
  const toS = Math.floor(nowMs / 60_000) * 60;
  return { key: preset.key, fromS: toS - preset.spanS, toS, spanS: preset.spanS };
}

export function previousRange(range) {
  return { key: range.key, fromS: range.fromS - range.spanS, toS: range.fromS, spanS: range.spanS };
}

/** Filters as the API writes them: dimension:value, or !dimension:value to exclude. */
export function filtersOf(params) {
  return params.getAll('f').filter((f) => f.includes(':'));
}

/** The API parameters for a range and the route's filters. */
export function scopePairs(range, filters) {
  return [['timeframe[]', range.fromS], ['timeframe[]', range.toS], ...filters.map((f) => ['filters[]', f])];
}

/** Adds a filter to the route, on another page when given (breakdown rows and error codes call this). */
export function addFilter(dimension, value, page) {
  const route = currentRoute();
  const filter = `${dimension}:${value}`;
  const filters = filtersOf(route.params).filter((f) => f !== filter);
  navigate({ f: [...filters, filter] }, page || route.page, page ? null : route.arg);
}
