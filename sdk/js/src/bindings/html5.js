import { listen } from '../safe.js';

const HAVE_FUTURE_DATA = 3;
const MEDIA_ERROR_NAMES = ['', 'MEDIA_ERR_ABORTED', 'MEDIA_ERR_NETWORK', 'MEDIA_ERR_DECODE', 'MEDIA_ERR_SRC_NOT_SUPPORTED'];

/** Resolves a `<video>` element or a CSS selector to the element. */
export function resolveVideo(videoOrSelector, doc = globalThis.document) {
  if (typeof videoOrSelector === 'string') return doc ? doc.querySelector(videoOrSelector) : null;
  return videoOrSelector || null;
}

/**
 * Translates an HTML5 media element's events into the collector. Used alone for progressive files and native HLS,
 * and under the MSE player bindings, which turn off what their library reports better:
 * `mediaErrors` (the library reports errors itself) and `sourceChanges` (an MSE source is a new blob: URL per attach).
 */
export function attachHtml5(video, collector, log, { mediaErrors = true, sourceChanges = true } = {}) {
  if (!video) throw new Error('playtrace: no video element to monitor');
  let sourceUrl = video.currentSrc || '';
  collector.usePlayheadReader(() => video.currentTime * 1000);
  const describeElement = () => {
    const duration = video.duration;
    collector.setFields({
      player_width: video.clientWidth || undefined,
      player_height: video.clientHeight || undefined,
      player_autoplay: Boolean(video.autoplay),
      player_preload: video.preload || undefined,
      video_source_width: video.videoWidth || undefined,
      video_source_height: video.videoHeight || undefined,
      video_duration: Number.isFinite(duration) ? Math.round(duration * 1000) : undefined,
      video_stream_type: duration === Infinity ? 'live' : Number.isFinite(duration) ? 'on-demand' : undefined,
    });
    if (sourceChanges && sourceUrl) collector.setFields({ video_source_url: sourceUrl });
  };
  describeElement();

  const on = (type, handler) => listen(video, type, handler, log);
  const removers = [
    on('play', () => collector.play()),
    on('playing', () => collector.playing()),
    // the end of media fires `pause` just before `ended`: only `ended` means something there
    on('pause', () => { if (!video.ended) collector.pause(); }),
    on('waiting', () => collector.buffering()),
    // `stalled` only says the download paused; it is a stall only when nothing is left to play
    on('stalled', () => { if (!video.paused && video.readyState < HAVE_FUTURE_DATA) collector.buffering(); }),
    on('seeking', () => collector.seeking()),
    on('seeked', () => collector.seeked()),
    on('ended', () => collector.ended()),
    on('timeupdate', () => collector.observePlayhead(video.currentTime * 1000)),
    on('loadedmetadata', describeElement),
    on('durationchange', describeElement),
    on('resize', describeElement),
    on('loadstart', () => {
      if (!sourceChanges) return;
      const next = video.currentSrc || '';
      if (sourceUrl && next && next !== sourceUrl) collector.viewEnd();
      sourceUrl = next;
      if (sourceUrl) collector.setFields({ video_source_url: sourceUrl });
    }),
  ];
  if (mediaErrors) {
    removers.push(on('error', () => {
      const mediaError = video.error;
      if (!mediaError) return; // an error of a <source> child, reported again on the element when all failed
      const name = MEDIA_ERROR_NAMES[mediaError.code] || 'MEDIA_ERR';
      collector.error(mediaError.code, mediaError.message ? `${name}: ${mediaError.message}` : name, { fatal: true });
    }));
  }
  collector.playerReady();
  // monitoring started after playback did: count it from here
  if (!video.paused && !video.ended) {
    collector.play();
    if (video.readyState >= HAVE_FUTURE_DATA) collector.playing();
  }
  return () => removers.forEach((remove) => remove());
}
