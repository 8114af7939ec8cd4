import { attachHtml5 } from './html5.js';

/**
 * Video.js: its player re-fires the media element's events, so the HTML5 binding runs over a small adapter that
 * reads the player's API instead of the element; renditions come from VHS (the playlist it selected) when it plays
 * HLS or DASH.
 */
export function attachVideojs(player, collector, log) {
  const adapter = videojsMediaAdapter(player);
  const detachMedia = attachHtml5(adapter, collector, log, { mediaErrors: true, sourceChanges: true });
  collector.setFields({
    player_software: 'video.js',
    player_software_version: (player.constructor && player.constructor.VERSION) || globalThis.videojs?.VERSION,
  });
  const reportVhsRendition = () => {
    const tech = typeof player.tech === 'function' ? player.tech({ IWillNotUseThisInPlugins: true }) : null;
    const vhs = tech && tech.vhs;
    const media = vhs && vhs.playlists && typeof vhs.playlists.media === 'function' ? vhs.playlists.media() : null;
    const attributes = media && media.attributes;
    if (!attributes || !attributes.BANDWIDTH) return;
    const resolution = attributes.RESOLUTION || {};
    collector.rendition({ bitrateBps: attributes.BANDWIDTH, widthPx: resolution.width, heightPx: resolution.height });
  };
  const onTime = () => {
    try {
      reportVhsRendition();
    } catch (error) {
      log('could not read the VHS rendition', error);
    }
  };
  player.on('timeupdate', onTime);
  return () => {
    player.off('timeupdate', onTime);
    detachMedia();
  };
}

/** The HTMLMediaElement surface the HTML5 binding reads, answered by a video.js player. */
export function videojsMediaAdapter(player) {
  const call = (name, fallback) => (typeof player[name] === 'function' ? player[name]() : fallback);
  const element = () => (typeof player.el === 'function' ? player.el() : null);
  const wrapped = new Map();
  return {
    get currentSrc() { return call('currentSrc', ''); },
    get currentTime() { return call('currentTime', 0); },
    get paused() { return call('paused', true); },
    get ended() { return call('ended', false); },
    get readyState() { return call('readyState', 0); },
    get duration() { return call('duration', NaN); },
    get videoWidth() { return call('videoWidth', 0); },
    get videoHeight() { return call('videoHeight', 0); },
    get clientWidth() { return element() ? element().clientWidth : 0; },
    get clientHeight() { return element() ? element().clientHeight : 0; },
    get autoplay() { return Boolean(call('autoplay', false)); },
    get preload() { return call('preload', undefined); },
    get error() {
      const error = call('error', null);
      return error ? { code: error.code, message: error.message } : null;
    },
    addEventListener(type, handler) {
      const listener = () => handler();
      wrapped.set(handler, listener);
      player.on(type, listener);
    },
    removeEventListener(type, handler) {
      player.off(type, wrapped.get(handler));
    },
  };
}
