// Overview: one tile per key metric with its change against the previous period, and its timeseries.
import { apiGet } from '../api.js';
import { isoSeconds, timeChart } from '../chart.js';
import { formatAxis, formatChange, formatValue } from '../format.js';
import { previousRange, scopePairs } from '../state.js';
import { el, empty, fill } from '../ui.js';
import { incidentsIn } from './incidents.js';

export const TILES = [
  { metric: 'views', label: 'Views', unit: 'count' },
  { metric: 'plays', label: 'Plays', unit: 'count' },
  { metric: 'unique_viewers', label: 'Unique viewers', unit: 'count' },
  { metric: 'viewer_experience_score', label: 'Viewer experience', unit: 'score' },
  { metric: 'video_startup_time', label: 'Startup time (median)', unit: 'ms' },
  { metric: 'rebuffer_percentage', label: 'Rebuffer %', unit: '%', lowerIsBetter: true },
  { metric: 'exits_before_video_start', label: 'Exits before start (EBVS)', unit: '%', lowerIsBetter: true },
  { metric: 'video_startup_failure_percentage', label: 'Startup failures (VSF)', unit: '%', lowerIsBetter: true },
  { metric: 'playback_failure_percentage', label: 'Playback failures', unit: '%', lowerIsBetter: true },
  { metric: 'watch_time', label: 'Watch time', unit: 'ms' },
];

export async function render(context) {
  const { main, range, filters, isCurrent } = context;
  const grid = el('div', { class: 'tiles', dataset: { testid: 'tiles' } });
  main.append(el('h1', {}, 'Overview'), grid);
  const [current, previous, incidents] = await Promise.all([
    apiGet('/metrics/comparison', scopePairs(range, filters)),
    apiGet('/metrics/comparison', scopePairs(previousRange(range), filters)),
    // incidents are marked on the charts; the overview still shows without them
    incidentsIn(range).catch(() => []),
  ]);
  if (!isCurrent()) return;
  const valueOf = (body, metric) => {
    const item = body.data.find((m) => m.metric === metric);
    return item ? item.value : null;
  };
  const totalViews = valueOf(current, 'views');
  if (!totalViews) {
    main.insertBefore(empty('No views in this period with these filters. Pick a longer range or remove a filter.'), grid);
  }
  const charts = [];
  for (const tile of TILES) {
    const value = valueOf(current, tile.metric);
    const before = valueOf(previous, tile.metric);
    const change = formatChange(value, before);
    const direction = change.startsWith('+') ? 'up' : change.startsWith('−') ? 'down' : 'flat';
    const good = direction === 'flat' ? '' : ((direction === 'up') !== Boolean(tile.lowerIsBetter) ? 'good' : 'bad');
    const chartBox = el('div', { class: 'tile-chart' });
    grid.append(el('article', { class: 'tile', dataset: { metric: tile.metric } },
      el('h3', {}, tile.label),
      el('div', { class: 'value', dataset: { testid: 'value' } }, formatValue(value, tile.unit, tile.metric)),
      el('div', { class: `change ${good}`, title: 'against the previous period of the same length' },
        el('span', { dataset: { testid: 'change' } }, change), ' vs previous'),
      chartBox));
    charts.push(fill(chartBox, async () => {
      const body = await apiGet(`/metrics/${tile.metric}/timeseries`, scopePairs(range, filters));
      return timeChart({
        times: body.data.map((point) => isoSeconds(point[0])),
        series: [{ label: tile.label, values: body.data.map((point) => point[1]) }],
        heightPx: 110,
        format: (v) => formatValue(v, tile.unit, tile.metric),
        axisFormat: (v) => formatAxis(v, tile.unit, tile.metric),
        bands: incidents.filter((incident) => incident.metric === tile.metric).map((incident) => ({
          fromS: isoSeconds(incident.first_window_from), toS: incident.resolved_at ? isoSeconds(incident.resolved_at) : null,
        })),
        testid: `chart-${tile.metric}`,
      });
    }, isCurrent));
  }
  await Promise.all(charts);
}
