import { attachHtml5 } from './html5.js';
import { safe } from '../safe.js';

/**
 * dash.js: the media element's events through the HTML5 binding, plus dash.js's rendered quality changes
 * (`qualityChangeRendered`, v4 `newQuality` index or v5 `newRepresentation`) and its errors, which are fatal:
 * dash.js raises `error` only once it has given up.
 */
export function attachDashJs(player, video, collector, log) {
  const media = video || (typeof player.getVideoElement === 'function' ? player.getVideoElement() : null);
  const detachMedia = attachHtml5(media, collector, log, { mediaErrors: false, sourceChanges: false });
  collector.setFields({
    player_software: 'dash.js',
    player_software_version: typeof player.getVersion === 'function' ? player.getVersion() : undefined,
  });
  const handlers = {
    qualityChangeRendered: (event) => {
      if (!event || event.mediaType !== 'video') return;
      let representation = event.newRepresentation;
      if (!representation && typeof player.getBitrateInfoListFor === 'function') {
        representation = (player.getBitrateInfoListFor('video') || [])[event.newQuality];
      }
      if (!representation) return;
      collector.rendition({
        bitrateBps: representation.bandwidth || representation.bitrate,
        widthPx: representation.width,
        heightPx: representation.height,
        name: representation.id == null ? undefined : String(representation.id),
      });
    },
    error: (event) => {
      const error = (event && event.error) || {};
      collector.error(error.code == null ? 'dashjs' : error.code, error.message || 'dash.js error', { fatal: true });
    },
  };
  const guarded = {};
  for (const [name, handler] of Object.entries(handlers)) {
    guarded[name] = safe(handler, log);
    player.on(name, guarded[name]);
  }
  return () => {
    for (const [name, handler] of Object.entries(guarded)) player.off(name, handler);
    detachMedia();
  };
}
