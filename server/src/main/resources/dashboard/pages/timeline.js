// One view's timeline drawn from its events: player states as coloured bands, moments as markers.
import { formatDurationMs } from '../format.js';
import { el } from '../ui.js';

const SVG = 'http://www.w3.org/2000/svg';
const MIN_STALL_MS = 250;
const SEEK_MERGE_MS = 2000;
export const STATE_COLORS = {
  loading: '#cbd5e1', startup: '#f59e0b', playing: '#10b981', paused: '#94a3b8',
  rebuffering: '#ef4444', seeking: '#8b5cf6', ended: '#e2e8f0',
};
const MARKERS = {
  startup: { color: '#b45309', label: 'startup' },
  stall: { color: '#b91c1c', label: 'stall' },
  seek: { color: '#6d28d9', label: 'seek' },
  rendition: { color: '#0369a1', label: 'rendition change' },
  error: { color: '#111827', label: 'error' },
};

/**
 * States and markers of a view, times in ms since the view started. Events are taken in the player's order (sequence
 * number) and placed on the device clock from the view's first event (metrics.md §1: one clock offset per view, so
 * durations are device-clock differences; each event's own event_time carries its beacon's network delay, and
 * viewer_time alone is off by minutes or hours on some devices). Like the server's view computation, an event never
 * goes back before the one it follows.
 */
export function phases(view) {
  const startMs = Date.parse(view.view_start);
  const endMs = Math.max(Date.parse(view.view_end), startMs + 1);
  const events = [...view.events].sort((a, b) => a.sequence_number - b.sequence_number || a.viewer_time - b.viewer_time);
  const firstViewerTime = events.length ? events[0].viewer_time : 0;
  const bands = [];
  const markers = [];
  let state = 'loading';
  let since = 0;
  let started = false;
  let beforeSeek = 'paused';
  const enter = (next, atMs) => {
    if (next === state) return;
    if (atMs > since) bands.push({ state, fromMs: since, toMs: atMs });
    state = next;
    since = Math.max(since, atMs);
  };
  let lastSeekEndMs = null;
  const endSeek = (next, atMs) => {
    lastSeekEndMs = atMs;
    enter(next, atMs);
  };
  let stallFromMs = 0;
  let stallMarker = null;
  const startStall = (atMs) => {
    stallFromMs = atMs;
    stallMarker = { kind: 'stall', atMs, text: 'stall' };
    markers.push(stallMarker);
    enter('rebuffering', atMs);
  };
  // A stall ends when frames advance again, and also (as the server counts it) at a pause, a seek, the end of
  // playback or the end of the view. As metrics.md counts stalls, one shorter than 250 ms is playing time, not a
  // rebuffer. Other markers (a rendition change, an error) may have come during the stall, so its own marker is
  // changed or removed, not the last one.
  const endStall = (atMs) => {
    const marker = stallMarker;
    stallMarker = null;
    if (atMs - stallFromMs >= MIN_STALL_MS) {
      marker.text = `stall of ${formatDurationMs(atMs - stallFromMs)}`;
      return;
    }
    markers.splice(markers.indexOf(marker), 1);
    const last = bands[bands.length - 1];
    if (last && last.state === 'playing' && last.toMs === stallFromMs) {
      bands.pop();
      since = last.fromMs;
    }
    state = 'playing';
  };
  const leave = (next, atMs) => {
    if (state === 'rebuffering') endStall(atMs);
    enter(next, atMs);
  };
  let cursorMs = 0;
  for (const event of events) {
    cursorMs = Math.min(Math.max(event.viewer_time - firstViewerTime, cursorMs), endMs - startMs);
    const atMs = cursorMs;
    switch (event.name) {
      case 'play':
        if (!started) enter('startup', atMs);
        else if (state === 'paused') startStall(atMs);
        break;
      case 'playing':
        if (!started) markers.push({ kind: 'startup', atMs, text: `first frame after ${formatDurationMs(atMs)}` });
        started = true;
        if (state === 'seeking') endSeek('playing', atMs);
        else leave('playing', atMs);
        break;
      case 'pause':
        if (state === 'seeking') endSeek('paused', atMs);
        else leave('paused', atMs);
        break;
      case 'waiting':
      case 'rebufferstart':
        if (started && state === 'playing') startStall(atMs);
        break;
      case 'rebufferend':
        if (state === 'rebuffering') leave('playing', atMs);
        break;
      case 'seeking':
        // as metrics.md §3a.3 counts seeks: after the first frame, and seeks within 2 s of the last one are one
        if (started && state !== 'seeking') {
          beforeSeek = state === 'paused' ? 'paused' : 'playing';
          if (lastSeekEndMs === null || atMs - lastSeekEndMs > SEEK_MERGE_MS) {
            markers.push({ kind: 'seek', atMs, text: `seek to ${formatDurationMs(event.playback_time || 0)}` });
          }
          leave('seeking', atMs);
        }
        break;
      case 'seeked':
        // a seek from playing lasts until playback resumes (the next playing)
        if (state === 'seeking' && beforeSeek === 'paused') endSeek('paused', atMs);
        break;
      case 'renditionchange': {
        const details = event.details || {};
        const bitrate = details.video_source_bitrate ? ` to ${Math.round(details.video_source_bitrate / 1000)} kbps` : '';
        markers.push({ kind: 'rendition', atMs, text: `rendition change${bitrate}` });
        break;
      }
      case 'error': {
        const details = event.details || {};
        markers.push({ kind: 'error', atMs, text: `error ${details.player_error_code || ''} ${details.player_error_message || ''}`.trim() });
        break;
      }
      case 'ended':
      case 'viewend':
        leave('ended', atMs);
        break;
      default:
        break;
    }
  }
  // a stall still going at the view's end (a live view, or a dropped one) lasts until then
  if (state === 'rebuffering') endStall(endMs - startMs);
  bands.push({ state, fromMs: since, toMs: endMs - startMs });
  return { durationMs: endMs - startMs, bands: bands.filter((b) => b.toMs > b.fromMs), markers };
}

function svg(tag, attributes, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  children.forEach((child) => node.append(child));
  return node;
}

export function timeline(view) {
  const { durationMs, bands, markers } = phases(view);
  const widthPx = 1000;
  const x = (ms) => (ms / durationMs) * widthPx;
  // the margin keeps markers at either end whole
  const root = svg('svg', { viewBox: `-6 0 ${widthPx + 12} 70`, class: 'timeline', role: 'img',
    'aria-label': `timeline of ${formatDurationMs(durationMs)}`, preserveAspectRatio: 'none', 'data-testid': 'timeline' });
  for (const band of bands) {
    root.append(svg('rect', { x: x(band.fromMs), y: 26, width: Math.max(x(band.toMs) - x(band.fromMs), 0.5), height: 28,
      fill: STATE_COLORS[band.state], 'data-state': band.state },
    svg('title', {}, `${band.state} ${formatDurationMs(band.toMs - band.fromMs)} (at ${formatDurationMs(band.fromMs)})`)));
  }
  for (const marker of markers) {
    const style = MARKERS[marker.kind];
    const at = x(marker.atMs);
    root.append(svg('g', { 'data-marker': marker.kind },
      svg('line', { x1: at, x2: at, y1: 6, y2: 58, stroke: style.color, 'stroke-width': 2 }),
      svg('circle', { cx: at, cy: 8, r: 5, fill: style.color }),
      svg('title', {}, `${formatDurationMs(marker.atMs)}: ${marker.text}`)));
  }
  const legend = el('div', { class: 'legend' },
    Object.entries(STATE_COLORS).filter(([state]) => bands.some((b) => b.state === state))
      .map(([state, color]) => el('span', {}, el('i', { style: `background:${color}` }), state)),
    Object.entries(MARKERS).filter(([kind]) => markers.some((m) => m.kind === kind))
      .map(([kind, style]) => el('span', {}, el('i', { class: 'dot', style: `background:${style.color}` }),
        `${style.label} (${markers.filter((m) => m.kind === kind).length})`)));
  const axis = el('div', { class: 'axis' }, el('span', {}, '0 s'), el('span', {}, formatDurationMs(durationMs / 2)),
    el('span', {}, formatDurationMs(durationMs)));
  return el('div', { class: 'timeline-box' }, root, axis, legend);
}
