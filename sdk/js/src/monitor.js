import { StateCollector } from './collector.js';
import { BeaconTransport } from './transport.js';
import { systemClock, systemTimers } from './clock.js';
import { doNotTrack, sampledIn, viewerId } from './privacy.js';
import { listen, safe } from './safe.js';
import { SDK_NAME, SDK_VERSION } from './version.js';

let defaultBeaconUrl = null;

/** Where beacons go when the page gives no beaconUrl: the server the single-file build was loaded from. */
export function setDefaultBeaconUrl(url) {
  defaultBeaconUrl = url;
}

/** The host's objects, gathered in one place so tests can hand in fakes. */
export function browserEnvironment() {
  const g = globalThis;
  const nav = g.navigator;
  let storage;
  try {
    storage = g.localStorage;
  } catch (ignored) {
    storage = undefined; // access throws in some sandboxed frames
  }
  return {
    window: g.window,
    document: g.document,
    navigator: nav,
    location: g.location,
    localStorage: storage,
    fetch: typeof g.fetch === 'function' ? g.fetch.bind(g) : null,
    sendBeacon: nav && typeof nav.sendBeacon === 'function' ? nav.sendBeacon.bind(nav) : null,
    clock: systemClock,
    timers: systemTimers,
    random: Math.random,
  };
}

const NOOP_MONITOR = Object.freeze({
  active: false,
  get viewId() {
    return null;
  },
  setMetadata() {},
  error() {},
  changeSource() {},
  destroy() {},
});

/**
 * One monitored player: privacy gates (Do-Not-Track, sampling), the collector, the transport, page lifecycle
 * (pagehide ends the view), and the binding that translates the player's events. Returns the page-facing monitor.
 *
 * @param {object} options see docs/sdk.md
 * @param {(collector: StateCollector, log: Function) => (() => void)} attach the binding; returns its detach
 */
export function createMonitor(options, attach, env = browserEnvironment()) {
  const opts = options || {};
  const log = opts.debug ? (...args) => console.debug('[playtrace]', ...args) : () => {};
  try {
    if (opts.respectDoNotTrack && doNotTrack(env.navigator, env.window)) {
      log('Do-Not-Track is set: not monitoring');
      return NOOP_MONITOR;
    }
    if (!sampledIn(opts.sampleRate, env.random)) {
      log('not sampled in: not monitoring');
      return NOOP_MONITOR;
    }
    return startMonitor(opts, attach, env, log);
  } catch (error) {
    log('could not start monitoring', error);
    return NOOP_MONITOR;
  }
}

function startMonitor(opts, attach, env, log) {
  const transport = new BeaconTransport({
    beaconUrl: opts.beaconUrl || defaultBeaconUrl || '/v1/beacons',
    envKey: opts.envKey,
    clock: env.clock,
    timers: env.timers,
    fetchFn: env.fetch,
    sendBeaconFn: env.sendBeacon,
    log,
    flushIntervalMs: opts.flushIntervalMs,
    maxBatchEvents: opts.maxBatchEvents,
  });
  const collector = new StateCollector({
    send(event) {
      log(event.event, event);
      transport.enqueue(event, { urgent: event.event === 'viewend' || event.event === 'error' });
    },
    clock: env.clock,
    timers: env.timers,
    fields: {
      player_mux_plugin_name: SDK_NAME,
      player_mux_plugin_version: SDK_VERSION,
      player_init_time: env.clock.now(),
      page_url: env.location ? String(env.location.href) : undefined,
      mux_viewer_id: viewerId(opts.persistViewerId, env.localStorage),
      ...opts.metadata,
    },
    heartbeatIntervalMs: opts.heartbeatIntervalMs,
    stallThresholdMs: opts.stallThresholdMs,
    playheadPollIntervalMs: opts.playheadPollIntervalMs,
  });
  const unlisten = [
    listen(env.window, 'pagehide', () => transport.leave(() => collector.viewEnd()), log),
    listen(env.document, 'visibilitychange', () => {
      // the last chance a mobile browser may give: send what is queued, the view goes on
      if (env.document.visibilityState === 'hidden') transport.unload();
    }, log),
  ];
  let detach = () => {};
  try {
    detach = attach(collector, log) || detach;
  } catch (error) {
    log('binding failed to attach', error);
  }
  let destroyed = false;
  return {
    active: true,
    collector,
    transport,
    get viewId() {
      return collector.viewId;
    },
    /** Custom metadata, also mid-view: sent with the next event (viewstart/viewend always carry everything). */
    setMetadata: safe((metadata) => collector.setFields(metadata), log),
    /** An error the page knows about (entitlement, geo-block, ...). */
    error: safe((code, message, flags) => collector.error(code, message, flags), log),
    /** Ends the view and starts the next one with new video metadata (the page keeps its other metadata). */
    changeSource: safe((metadata) => {
      collector.viewEnd();
      collector.removeFields((key) => key.startsWith('video_'));
      collector.setFields(metadata);
    }, log),
    destroy: safe(() => {
      if (destroyed) return;
      destroyed = true;
      collector.destroy();
      detach();
      unlisten.forEach((remove) => remove());
      transport.flush();
    }, log),
  };
}
