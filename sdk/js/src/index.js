import { createMonitor, setDefaultBeaconUrl } from './monitor.js';
import { attachHtml5, resolveVideo } from './bindings/html5.js';
import { attachHlsJs } from './bindings/hlsjs.js';
import { attachDashJs } from './bindings/dashjs.js';
import { attachShaka } from './bindings/shaka.js';
import { attachVideojs } from './bindings/videojs.js';
import { StateCollector } from './collector.js';
import { BeaconTransport } from './transport.js';
import { SDK_VERSION } from './version.js';

export const version = SDK_VERSION;
export { StateCollector, BeaconTransport, createMonitor, setDefaultBeaconUrl };

/** Monitors an HTML5 `<video>` (element or CSS selector): progressive files, native HLS. */
export function monitor(videoOrSelector, options) {
  return createMonitor(options, (collector, log) => {
    const video = resolveVideo(videoOrSelector);
    collector.setFields({ player_software: 'html5' });
    return attachHtml5(video, collector, log);
  });
}

/** Monitors an hls.js instance playing into `video` (default: the element it is attached to). */
export function hls(hlsInstance, video, options) {
  if (options === undefined && video && !isMediaLike(video)) return hls(hlsInstance, undefined, video);
  return createMonitor(options, (collector, log) => attachHlsJs(hlsInstance, resolveVideo(video), collector, log));
}

/** Monitors a dash.js MediaPlayer (video: default its getVideoElement()). */
export function dash(player, video, options) {
  if (options === undefined && video && !isMediaLike(video)) return dash(player, undefined, video);
  return createMonitor(options, (collector, log) => attachDashJs(player, resolveVideo(video), collector, log));
}

/** Monitors a Shaka Player (video: default its getMediaElement()). */
export function shaka(player, video, options) {
  if (options === undefined && video && !isMediaLike(video)) return shaka(player, undefined, video);
  return createMonitor(options, (collector, log) => attachShaka(player, resolveVideo(video), collector, log));
}

/** Monitors a video.js player. */
export function videojs(player, options) {
  return createMonitor(options, (collector, log) => attachVideojs(player, collector, log));
}

function isMediaLike(value) {
  return typeof value === 'string' || typeof value.addEventListener === 'function' && 'currentTime' in value;
}
