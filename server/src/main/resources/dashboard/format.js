// How the dashboard writes numbers. The browser tests format the API's values with the same rules
// (DashboardFormat.java): change one, change the other.

const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Formats a metric value by the metric's unit (as GET /data/v1/metrics gives it). */
export function formatValue(value, unit, metricId) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (metricId === 'watch_time' || metricId === 'playing_time' || metricId === 'play_duration') {
    return `${(value / 3_600_000).toFixed(1)} h`;
  }
  switch (unit) {
    case '%': return `${value.toFixed(2)}%`;
    case 'ms': return `${INTEGER.format(Math.round(value))} ms`;
    case 'score': return value.toFixed(1);
    case 'bps': return `${INTEGER.format(Math.round(value / 1000))} kbps`;
    case '1/min': return `${value.toFixed(2)}/min`;
    default: return Number.isInteger(value) ? INTEGER.format(value) : value.toFixed(2);
  }
}

export function formatCount(value) {
  return value === null || value === undefined ? '—' : INTEGER.format(value);
}

/** Relative change against the previous period, one decimal; none when the previous value is 0 or unknown. */
export function formatChange(current, previous) {
  if (current === null || previous === null || current === undefined || previous === undefined || previous === 0) {
    return '—';
  }
  const percent = ((current - previous) / Math.abs(previous)) * 100;
  const text = `${Math.abs(percent).toFixed(1)}%`;
  if (text === '0.0%') return '0.0%';
  return percent > 0 ? `+${text}` : `−${text}`;
}

export function formatPercent(value) {
  return value === null || value === undefined ? '—' : `${value.toFixed(2)}%`;
}

export function formatDurationMs(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A timestamp in the viewer's local time, to the second. */
export function formatTime(epochMs) {
  if (epochMs === null || epochMs === undefined) return '—';
  const date = new Date(epochMs);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} `
    + `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Short axis labels: 1.2k, 950 ms, 2.5 s, 3%, 12 h. */
export function formatAxis(value, unit, metricId) {
  if (value === null || value === undefined) return '';
  if (metricId === 'watch_time' || metricId === 'playing_time' || metricId === 'play_duration') {
    return `${trim(value / 3_600_000)} h`;
  }
  switch (unit) {
    case '%': return `${trim(value)}%`;
    case 'ms': return value >= 1000 ? `${trim(value / 1000)} s` : `${Math.round(value)} ms`;
    case 'bps': return `${trim(value / 1000)}k`;
    default:
      if (Math.abs(value) >= 1_000_000) return `${trim(value / 1_000_000)}M`;
      if (Math.abs(value) >= 1000) return `${trim(value / 1000)}k`;
      return trim(value);
  }
}

function trim(value) {
  return String(Number(value.toFixed(Math.abs(value) >= 10 ? 0 : 1)));
}
