import { attachHtml5 } from './html5.js';
import { safe } from '../safe.js';

// Hls.Events values, so the binding works without the Hls namespace
const EVENTS = { MANIFEST_LOADING: 'hlsManifestLoading', FRAG_CHANGED: 'hlsFragChanged', ERROR: 'hlsError' };
// hls.js reports stalls as non-fatal errors: they are buffering, not warnings
const STALL_DETAILS = new Set(['bufferStalledError']);
const RECOVERY_DETAILS = new Set(['bufferNudgeOnStall', 'bufferSeekOverHole']);

/**
 * hls.js: the media element's events through the HTML5 binding, plus hls.js's own renditions (the level of the
 * fragment now playing), errors (fatal or warning) and source changes (a new manifest URL ends the view).
 */
export function attachHlsJs(hls, video, collector, log) {
  const media = video || hls.media;
  const detachMedia = attachHtml5(media, collector, log, { mediaErrors: false, sourceChanges: false });
  const Hls = hls.constructor || {};
  collector.setFields({ player_software: 'hls.js', player_software_version: Hls.version || undefined });
  let manifestUrl = hls.url || null;
  if (manifestUrl) collector.setFields({ video_source_url: manifestUrl });

  const handlers = {
    [EVENTS.MANIFEST_LOADING]: (event, data) => {
      const url = data && data.url;
      if (manifestUrl && url && url !== manifestUrl) collector.viewEnd();
      manifestUrl = url || manifestUrl;
      if (manifestUrl) collector.setFields({ video_source_url: manifestUrl });
    },
    [EVENTS.FRAG_CHANGED]: (event, data) => {
      const frag = data && data.frag;
      if (!frag || (frag.type && frag.type !== 'main')) return;
      const level = hls.levels && hls.levels[frag.level];
      if (level) {
        collector.rendition({ bitrateBps: level.bitrate, widthPx: level.width, heightPx: level.height, name: level.name });
      }
    },
    [EVENTS.ERROR]: (event, data) => {
      if (!data) return;
      if (!data.fatal && STALL_DETAILS.has(data.details)) {
        collector.buffering();
        return;
      }
      if (!data.fatal && RECOVERY_DETAILS.has(data.details)) return;
      const status = data.response && data.response.code;
      const reason = data.error && data.error.message ? `: ${data.error.message}` : '';
      collector.error(data.details || data.type || 'hlsError',
        `${data.type || 'hls.js'} ${data.details || ''}${status ? ` (HTTP ${status})` : ''}${reason}`.trim(),
        { fatal: Boolean(data.fatal) });
    },
  };
  const guarded = {};
  for (const [name, handler] of Object.entries(handlers)) {
    guarded[name] = safe(handler, log);
    hls.on(name, guarded[name]);
  }
  return () => {
    for (const [name, handler] of Object.entries(guarded)) hls.off(name, handler);
    detachMedia();
  };
}
