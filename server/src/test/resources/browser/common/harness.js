// window.harness: the steps a browser test drives, one Selenium executeAsyncScript call each (see
// dev.playtrace.server.browser.support.PlayerPage). Each step resolves with a JSON-able value.
// A page supplies the analytics wiring: attach(ctx) before the source loads, finish(ctx) to flush and end the view.
import Hls from '/node_modules/hls.js/dist/hls.mjs';
import { createVideoProbe, nextEvent, playheadReaches, sleep } from './video-probe.js';

// beacons: the array logBeaconsTo() fills, reported in every snapshot; hlsConfig(options): more hls.js config.
export function installHarness({ attach, finish, beacons = [], hlsConfig = () => ({}) }) {
  const ctx = { Hls, hls: null, video: null, probe: null, options: null };
  window.harness = {
    // options: { src, useHls, hlsConfig, level (hls.js level to lock to: manual mode, no ABR), preload, videoId,
    //   videoTitle }
    async load(options) {
      ctx.options = options;
      const video = ctx.video = document.createElement('video');
      video.muted = true;
      video.playsInline = true;
      video.preload = options.preload || 'auto';
      video.width = 640;
      video.height = 360;
      document.body.appendChild(video);
      ctx.probe = createVideoProbe(video);
      if (options.useHls) {
        ctx.hls = new Hls({ ...(options.hlsConfig || {}), ...hlsConfig(options) });
        ctx.hls.on(Hls.Events.ERROR, (_, data) => ctx.probe.errors.push({
          t: ctx.probe.now(), code: 'hls:' + data.details, fatal: data.fatal, message: data.error && String(data.error) }));
        ctx.hls.on(Hls.Events.LEVEL_SWITCHED, (_, data) => ctx.probe.renditions.push({ t: ctx.probe.now(), level: data.level }));
      }
      await attach(ctx);
      if (ctx.hls) {
        const parsed = new Promise((resolve) => ctx.hls.once(Hls.Events.MANIFEST_PARSED, resolve));
        ctx.hls.attachMedia(video);
        ctx.hls.loadSource(options.src);
        await parsed;
        if (options.level !== undefined) ctx.hls.currentLevel = options.level; // manual: no ABR surprises
      } else {
        video.src = options.src;
      }
      return true;
    },
    // Calls play() and resolves on the first 'playing' (or the first error) with the page's startup time.
    async play() {
      const failed = () => ctx.video.error || ctx.probe.errors.some((e) => e.fatal);
      const outcome = failed() ? Promise.resolve('error') : Promise.race([
        nextEvent(ctx.video, 'playing', 20000).then(() => 'playing'),
        nextEvent(ctx.video, 'error', 20000).then(() => 'error', () => new Promise(() => {})), hlsFatal()]);
      ctx.probe.requestPlay();
      return { outcome: await outcome, startupMs: ctx.probe.startupMs };
    },
    playheadReaches: (seconds, timeoutMs) => playheadReaches(ctx.video, seconds, timeoutMs),
    async pause() {
      const paused = nextEvent(ctx.video, 'pause', 5000);
      ctx.video.pause();
      await paused;
      return ctx.video.currentTime;
    },
    async resume() {
      const playing = nextEvent(ctx.video, 'playing', 20000);
      ctx.video.play();
      await playing;
      return ctx.video.currentTime;
    },
    // Seeks and resolves when playback goes on (or 'seeked' when paused).
    async seek(seconds) {
      const done = ctx.video.paused ? nextEvent(ctx.video, 'seeked', 20000) : nextEvent(ctx.video, 'playing', 20000);
      ctx.video.currentTime = seconds;
      await done;
      return ctx.video.currentTime;
    },
    // Switches the hls.js level (manual) and resolves when it is shown.
    async switchLevel(level) {
      const switched = new Promise((resolve) => ctx.hls.on(Hls.Events.LEVEL_SWITCHED, (_, data) => {
        if (data.level === level) resolve(level);
      }));
      ctx.hls.nextLevel = level;
      return switched;
    },
    // Resolves with the first error the page sees (video element error, or a fatal hls.js error).
    async error(timeoutMs = 30000) {
      const seen = () => ctx.probe.errors.find((e) => e.fatal !== false && e.code !== 'play-rejected');
      const started = Date.now();
      while (!seen() && Date.now() - started < timeoutMs) await sleep(50);
      if (!seen()) throw new Error('no error within ' + timeoutMs + ' ms: ' + JSON.stringify(ctx.probe.errors));
      return seen();
    },
    sleep,
    ended: () => ctx.video.ended ? Promise.resolve(true) : nextEvent(ctx.video, 'ended', 40000).then(() => true),
    // Ends the view the way the page's analytics does (flush), and returns what the page measured.
    async finish() {
      const snapshot = ctx.probe.snapshot(); // before finish: destroying hls.js empties the <video>
      snapshot.finishAt = ctx.probe.now();
      await finish(ctx);
      await sleep(100); // an SDK may post its last beacon on a timer of 0
      if (beacons.settled) await beacons.settled();
      snapshot.beacons = beacons;
      return snapshot;
    },
    snapshot: () => ({ ...ctx.probe.snapshot(), beacons }),
  };

  function hlsFatal() {
    if (!ctx.hls) return new Promise(() => {});
    return new Promise((resolve) => ctx.hls.on(Hls.Events.ERROR, (_, data) => { if (data.fatal) resolve('error'); }));
  }
  document.title = 'ready';
}
