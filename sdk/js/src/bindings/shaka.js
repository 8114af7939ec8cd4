import { attachHtml5 } from './html5.js';
import { listen } from '../safe.js';

const CRITICAL = 2; // shaka.util.Error.Severity.CRITICAL

/**
 * Shaka Player: the media element's events through the HTML5 binding, plus Shaka's active variant (on
 * `adaptation` / `variantchanged`), its `buffering` signal (start and end of a stall), its errors (CRITICAL is fatal, RECOVERABLE a warning)
 * and source changes (`loading` of another URI ends the view).
 */
export function attachShaka(player, video, collector, log) {
  const media = video || (typeof player.getMediaElement === 'function' ? player.getMediaElement() : null);
  const detachMedia = attachHtml5(media, collector, log, { mediaErrors: false, sourceChanges: false });
  const Shaka = player.constructor || {};
  collector.setFields({ player_software: 'shaka-player', player_software_version: Shaka.version || undefined });
  let assetUri = typeof player.getAssetUri === 'function' ? player.getAssetUri() : null;

  const reportVariant = () => {
    const tracks = typeof player.getVariantTracks === 'function' ? player.getVariantTracks() : [];
    const active = (tracks || []).find((track) => track.active);
    if (active) {
      collector.rendition({ bitrateBps: active.videoBandwidth || active.bandwidth, widthPx: active.width,
        heightPx: active.height, name: active.id == null ? undefined : String(active.id) });
    }
  };
  const removers = [
    listen(player, 'adaptation', reportVariant, log),
    listen(player, 'variantchanged', reportVariant, log),
    // Shaka holds playback at playbackRate 0 while it buffers, so the element fires neither `waiting` nor `playing`:
    // its own buffering signal is the stall, both ways
    listen(player, 'buffering', (event) => {
      if (event && event.buffering) {
        collector.buffering();
      } else {
        collector.bufferingEnded();
      }
    }, log),
    listen(player, 'loading', () => {
      const uri = typeof player.getAssetUri === 'function' ? player.getAssetUri() : null;
      if (assetUri && uri && uri !== assetUri) collector.viewEnd();
      assetUri = uri || assetUri;
      if (assetUri) collector.setFields({ video_source_url: assetUri });
    }, log),
    listen(player, 'error', (event) => {
      const error = (event && event.detail) || {};
      collector.error(error.code == null ? 'shaka' : error.code,
        `shaka error ${error.code}${error.category == null ? '' : ` (category ${error.category})`}`,
        { fatal: error.severity === CRITICAL });
    }, log),
  ];
  if (assetUri) collector.setFields({ video_source_url: assetUri });
  return () => {
    removers.forEach((remove) => remove());
    detachMedia();
  };
}
