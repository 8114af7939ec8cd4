// The player bindings only translate native events into the collector: hand-written fake players fire the events
// each library documents, and the tests assert the exact beacon events that come out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordingCollector, names } from './fakes.js';
import { attachHtml5 } from '../src/bindings/html5.js';
import { attachHlsJs } from '../src/bindings/hlsjs.js';
import { attachDashJs } from '../src/bindings/dashjs.js';
import { attachShaka } from '../src/bindings/shaka.js';
import { attachVideojs } from '../src/bindings/videojs.js';

/** A stand-in for HTMLVideoElement: the properties the binding reads, and fire(type) to dispatch an event. */
class FakeVideo extends EventTarget {
  constructor() {
    super();
    Object.assign(this, { currentTime: 0, paused: true, ended: false, readyState: 0, error: null, duration: NaN,
      videoWidth: 0, videoHeight: 0, clientWidth: 640, clientHeight: 360, autoplay: false, preload: 'auto',
      currentSrc: '' });
  }

  fire(type, changes = {}) {
    Object.assign(this, changes);
    this.dispatchEvent(new Event(type));
  }
}

/** hls.js's on/off(event, (name, data) => ...) emitter. */
class FakeHls {
  static version = '1.7.4';

  constructor(levels) {
    this.levels = levels;
    this.handlers = new Map();
    this.url = null;
  }

  on(name, handler) {
    if (!this.handlers.has(name)) this.handlers.set(name, []);
    this.handlers.get(name).push(handler);
  }

  off(name, handler) {
    this.handlers.set(name, (this.handlers.get(name) || []).filter((h) => h !== handler));
  }

  trigger(name, data) {
    for (const handler of this.handlers.get(name) || []) handler(name, data);
  }
}

const LEVELS = [
  { bitrate: 400_000, width: 426, height: 240, name: 'r240' },
  { bitrate: 2_800_000, width: 1280, height: 720, name: 'r720' },
];

function startPlayback(video) {
  video.fire('play', { paused: false });
  video.fire('playing', { readyState: 4 });
}

test('html5: play, playing, waiting, playing, seeking, seeked, pause, ended => the collector events in order', () => {
  const { collector, events, time } = recordingCollector();
  const video = new FakeVideo();
  attachHtml5(video, collector, () => {});
  video.fire('loadedmetadata', { duration: 20, videoWidth: 640, videoHeight: 360, readyState: 1 });
  startPlayback(video);
  time.advance(500); // under the watchdog's 1 s: the still fake playhead is no stall yet
  video.fire('waiting', { readyState: 2 });
  video.fire('stalled'); // a second stall signal inside the same stall
  video.fire('playing', { readyState: 4 });
  video.fire('seeking', { currentTime: 12 });
  video.fire('seeked');
  video.fire('playing');
  video.fire('pause', { paused: true });
  video.fire('play', { paused: false });
  video.fire('playing');
  video.fire('pause', { paused: true, ended: true }); // the end of media fires pause first
  video.fire('ended');
  assert.deepEqual(names(events), ['viewstart', 'playerready', 'play', 'playing', 'waiting', 'playing', 'seeking',
    'seeked', 'playing', 'pause', 'play', 'playing', 'ended']);
  assert.equal(events[0].video_duration, 20_000);
  assert.equal(events[0].video_stream_type, 'on-demand');
  assert.equal(events[0].player_software, undefined, 'player_software is set by playtrace.monitor, not the binding');
  assert.deepEqual([events[0].video_source_width, events[0].player_width], [640, 640]);
});

test('html5: stalled while frames still play from the buffer => no stall', () => {
  const { collector, events } = recordingCollector();
  const video = new FakeVideo();
  attachHtml5(video, collector, () => {});
  startPlayback(video);
  video.fire('stalled', { readyState: 4 });
  assert.deepEqual(names(events), ['viewstart', 'playerready', 'play', 'playing']);
});

test('html5: media error => fatal error with the MediaError code and name', () => {
  const { collector, events } = recordingCollector();
  const video = new FakeVideo();
  attachHtml5(video, collector, () => {});
  video.fire('play', { paused: false });
  video.fire('error', { error: { code: 4, message: 'Format error' } });
  assert.deepEqual(events.at(-1), {
    event: 'error', view_id: 'view-1', view_sequence_number: 4, viewer_time: events[0].viewer_time,
    player_playhead_time: 0, player_error_code: 4, player_error_message: 'MEDIA_ERR_SRC_NOT_SUPPORTED: Format error',
    player_error_severity: 'fatal', player_error_business_exception: false,
  });
});

test('html5: a new source (loadstart with another currentSrc) => viewend; the next play opens a new view', () => {
  const { collector, events } = recordingCollector();
  const video = new FakeVideo();
  video.currentSrc = 'https://cdn.example/a.mp4';
  attachHtml5(video, collector, () => {});
  startPlayback(video);
  video.fire('loadstart', { currentSrc: 'https://cdn.example/b.mp4', paused: true });
  video.fire('play', { paused: false });
  assert.deepEqual(events.map((e) => `${e.event}:${e.view_id}`), ['viewstart:view-1', 'playerready:view-1',
    'play:view-1', 'playing:view-1', 'viewend:view-1', 'viewstart:view-2', 'playerready:view-2', 'play:view-2']);
  assert.equal(events[0].video_source_url, 'https://cdn.example/a.mp4');
  assert.equal(events[5].video_source_url, 'https://cdn.example/b.mp4');
});

test('html5: monitoring attached while the video already plays => play and playing at once', () => {
  const { collector, events } = recordingCollector();
  const video = new FakeVideo();
  Object.assign(video, { paused: false, readyState: 4, currentTime: 3 });
  attachHtml5(video, collector, () => {});
  assert.deepEqual(names(events), ['viewstart', 'playerready', 'play', 'playing']);
  assert.equal(events[0].player_playhead_time, 3_000);
});

test('hls.js: the level of the fragment now playing => renditionchange; fatal and non-fatal errors; stalls', () => {
  const { collector, events } = recordingCollector();
  const video = new FakeVideo();
  const hls = new FakeHls(LEVELS);
  attachHlsJs(hls, video, collector, () => {});
  hls.trigger('hlsManifestLoading', { url: 'https://cdn.example/master.m3u8' });
  hls.trigger('hlsFragChanged', { frag: { type: 'main', level: 0 } });
  startPlayback(video);
  hls.trigger('hlsFragChanged', { frag: { type: 'main', level: 0 } }); // same level: nothing
  hls.trigger('hlsFragChanged', { frag: { type: 'audio', level: 1 } }); // not the main track: nothing
  hls.trigger('hlsFragChanged', { frag: { type: 'main', level: 1 } });
  hls.trigger('hlsError', { type: 'mediaError', details: 'bufferStalledError', fatal: false });
  video.fire('playing');
  hls.trigger('hlsError', { type: 'networkError', details: 'bufferNudgeOnStall', fatal: false });
  hls.trigger('hlsError', { type: 'networkError', details: 'fragLoadError', fatal: false, response: { code: 503 } });
  hls.trigger('hlsError', { type: 'networkError', details: 'fragLoadError', fatal: true, response: { code: 404 } });
  video.fire('error', { error: { code: 3, message: 'decode' } }); // the video element's errors: hls.js reports them
  assert.deepEqual(names(events), ['viewstart', 'playerready', 'play', 'playing', 'renditionchange', 'waiting',
    'playing', 'error', 'error']);
  assert.deepEqual([events[0].video_source_bitrate, events[0].video_source_url, events[0].player_software,
    events[0].player_software_version], [400_000, 'https://cdn.example/master.m3u8', 'hls.js', '1.7.4']);
  assert.deepEqual([events[4].video_source_bitrate, events[4].video_source_width, events[4].video_variant_name],
    [2_800_000, 1280, 'r720']);
  assert.deepEqual([events[7].player_error_severity, events[7].player_error_message],
    ['warning', 'networkError fragLoadError (HTTP 503)']);
  assert.deepEqual([events[8].player_error_severity, events[8].player_error_code], ['fatal', 'fragLoadError']);
});

test('hls.js: loading another manifest => viewend of the current view', () => {
  const { collector, events } = recordingCollector();
  const video = new FakeVideo();
  const hls = new FakeHls(LEVELS);
  attachHlsJs(hls, video, collector, () => {});
  hls.trigger('hlsManifestLoading', { url: 'https://cdn.example/a.m3u8' });
  startPlayback(video);
  hls.trigger('hlsManifestLoading', { url: 'https://cdn.example/b.m3u8' });
  assert.deepEqual(names(events), ['viewstart', 'playerready', 'play', 'playing', 'viewend']);
});

test('hls.js: detach => no more events from hls.js or the video', () => {
  const { collector, events } = recordingCollector();
  const video = new FakeVideo();
  const hls = new FakeHls(LEVELS);
  const detach = attachHlsJs(hls, video, collector, () => {});
  detach();
  startPlayback(video);
  hls.trigger('hlsError', { type: 'networkError', details: 'fragLoadError', fatal: true });
  assert.deepEqual(events, []);
});

test('dash.js: qualityChangeRendered (v5 newRepresentation and v4 index) => renditionchange; error => fatal', () => {
  const { collector, events } = recordingCollector();
  const video = new FakeVideo();
  const handlers = {};
  const player = {
    on: (name, handler) => { handlers[name] = handler; },
    off: (name) => { delete handlers[name]; },
    getVideoElement: () => video,
    getVersion: () => '5.2.1',
    getBitrateInfoListFor: () => [{ bitrate: 500_000, width: 640, height: 360 }, { bitrate: 3_000_000, width: 1920, height: 1080 }],
  };
  attachDashJs(player, undefined, collector, () => {});
  startPlayback(video);
  handlers.qualityChangeRendered({ mediaType: 'audio', newRepresentation: { bandwidth: 128_000 } });
  handlers.qualityChangeRendered({ mediaType: 'video', newRepresentation: { bandwidth: 1_000_000, width: 960, height: 540, id: 'v2' } });
  handlers.qualityChangeRendered({ mediaType: 'video', newQuality: 1 });
  handlers.error({ error: { code: 27, message: 'Failed loading manifest' } });
  assert.deepEqual(names(events), ['viewstart', 'playerready', 'play', 'playing', 'renditionchange', 'renditionchange', 'error']);
  assert.deepEqual([events[4].video_source_bitrate, events[4].video_variant_name], [1_000_000, 'v2']);
  assert.deepEqual([events[5].video_source_bitrate, events[5].video_source_height], [3_000_000, 1080]);
  assert.deepEqual([events[6].player_error_code, events[6].player_error_severity], [27, 'fatal']);
  assert.equal(events[0].player_software, 'dash.js');
});

test('shaka: adaptation => the active variant; buffering true/false => waiting/playing; RECOVERABLE => warning, CRITICAL => fatal', () => {
  const { collector, events } = recordingCollector();
  const video = new FakeVideo();
  let active = 0;
  const tracks = [{ id: 1, bandwidth: 600_000, width: 640, height: 360 }, { id: 2, bandwidth: 2_600_000, width: 1280, height: 720 }];
  const player = new EventTarget();
  Object.assign(player, {
    getMediaElement: () => video,
    getAssetUri: () => 'https://cdn.example/manifest.mpd',
    getVariantTracks: () => tracks.map((track, i) => ({ ...track, active: i === active })),
  });
  const fire = (type, props) => player.dispatchEvent(Object.assign(new Event(type), props));
  attachShaka(player, undefined, collector, () => {});
  fire('adaptation');
  startPlayback(video);
  active = 1;
  fire('variantchanged');
  fire('buffering', { buffering: true });
  fire('buffering', { buffering: false }); // Shaka held playbackRate at 0: no waiting/playing from the element
  video.fire('playing');
  fire('error', { detail: { severity: 1, code: 1001, category: 1 } });
  fire('error', { detail: { severity: 2, code: 3016, category: 3 } });
  assert.deepEqual(names(events), ['viewstart', 'playerready', 'play', 'playing', 'renditionchange', 'waiting',
    'playing', 'error', 'error']);
  assert.equal(events[0].video_source_bitrate, 600_000);
  assert.equal(events[0].video_source_url, 'https://cdn.example/manifest.mpd');
  assert.equal(events[4].video_source_bitrate, 2_600_000);
  assert.deepEqual(events.slice(7).map((e) => [e.player_error_code, e.player_error_severity]),
    [[1001, 'warning'], [3016, 'fatal']]);
});

test('video.js: the player re-fired media events and its error() => the collector; VHS playlist => rendition', () => {
  const { collector, events } = recordingCollector();
  const handlers = new Map();
  const state = { currentTime: 0, paused: true, ended: false, readyState: 0, error: null, src: 'https://cdn.example/v.m3u8' };
  let media = { attributes: { BANDWIDTH: 900_000, RESOLUTION: { width: 854, height: 480 } } };
  const player = {
    on: (type, fn) => handlers.set(type, [...(handlers.get(type) || []), fn]),
    off: (type, fn) => handlers.set(type, (handlers.get(type) || []).filter((h) => h !== fn)),
    currentTime: () => state.currentTime,
    paused: () => state.paused,
    ended: () => state.ended,
    readyState: () => state.readyState,
    error: () => state.error,
    currentSrc: () => state.src,
    duration: () => 60,
    videoWidth: () => 854,
    videoHeight: () => 480,
    el: () => ({ clientWidth: 800, clientHeight: 450 }),
    tech: () => ({ vhs: { playlists: { media: () => media } } }),
  };
  const fire = (type, changes = {}) => {
    Object.assign(state, changes);
    for (const fn of handlers.get(type) || []) fn();
  };
  attachVideojs(player, collector, () => {});
  fire('play', { paused: false });
  fire('playing', { readyState: 4 });
  fire('timeupdate', { currentTime: 1 });
  media = { attributes: { BANDWIDTH: 2_000_000, RESOLUTION: { width: 1280, height: 720 } } };
  fire('timeupdate', { currentTime: 2 });
  fire('error', { error: { code: 2, message: 'network' } });
  assert.deepEqual(names(events), ['viewstart', 'playerready', 'play', 'playing', 'renditionchange',
    'renditionchange', 'error']);
  assert.deepEqual([events[0].player_width, events[0].video_duration, events[0].player_software],
    [800, 60_000, 'video.js']);
  // the first known rendition is a change too; the server counts only switches between two known bitrates
  assert.deepEqual(events.slice(4, 6).map((e) => e.video_source_bitrate), [900_000, 2_000_000]);
  assert.deepEqual([events[6].player_error_code, events[6].player_error_message], [2, 'MEDIA_ERR_NETWORK: network']);
});
