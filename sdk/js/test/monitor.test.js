// The page-facing monitor: privacy gates, viewer id, page lifecycle, metadata, and never throwing into the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMonitor } from '../src/monitor.js';
import { VIEWER_ID_STORAGE_KEY } from '../src/privacy.js';
import { FakeTime } from './fakes.js';

/** A fake browser: window/document event targets, storage, fetch and sendBeacon that record what was sent. */
function fakeEnvironment({ doNotTrack = null, random = 0.5, storage = new Map() } = {}) {
  const time = new FakeTime();
  const sent = [];
  const record = (via) => (url, body) => {
    sent.push({ via, url, ...JSON.parse(typeof body === 'string' ? body : body.body) });
  };
  const window = new EventTarget();
  const document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  return {
    time,
    sent,
    storage,
    env: {
      window,
      document,
      navigator: { doNotTrack },
      location: { href: 'https://site.example/watch?v=1' },
      localStorage: {
        getItem: (key) => storage.get(key) ?? null,
        setItem: (key, value) => storage.set(key, value),
      },
      fetch: (url, init) => {
        record('fetch')(url, init.body);
        return Promise.resolve({ status: 200 });
      },
      sendBeacon: (url, body) => {
        record('beacon')(url, body);
        return true;
      },
      clock: time.clock,
      timers: time.timers,
      random: () => random,
    },
  };
}

/** A binding that exposes the collector to the test, and counts detaches. */
function exposingBinding() {
  const binding = { collector: null, detached: 0 };
  binding.attach = (collector) => {
    binding.collector = collector;
    return () => { binding.detached++; };
  };
  return binding;
}

const allEvents = (sent) => sent.flatMap((beacon) => beacon.events);

test('pagehide => viewend, sent with sendBeacon to the beacon URL with the env_key', () => {
  const { env, sent } = fakeEnvironment();
  const binding = exposingBinding();
  createMonitor({ envKey: 'env-1', beaconUrl: 'https://pt.example/v1/beacons', metadata: { video_id: 'v1' } },
    binding.attach, env);
  binding.collector.play();
  env.window.dispatchEvent(new Event('pagehide'));
  assert.deepEqual(sent.map((beacon) => [beacon.via, beacon.url, beacon.metadata.env_key]),
    [['beacon', 'https://pt.example/v1/beacons', 'env-1']]);
  assert.deepEqual(allEvents(sent).map((event) => event.event), ['viewstart', 'play', 'viewend']);
  const viewstart = allEvents(sent)[0];
  assert.deepEqual([viewstart.video_id, viewstart.page_url, viewstart.player_mux_plugin_name],
    ['v1', 'https://site.example/watch?v=1', 'playtrace-js']);
  assert.equal('mux_viewer_id' in viewstart, false, 'no viewer id unless the page allows storing one');
});

test('Do-Not-Track with respectDoNotTrack => a no-op monitor: nothing attached, nothing sent', () => {
  const { env, sent } = fakeEnvironment({ doNotTrack: '1' });
  const binding = exposingBinding();
  const monitor = createMonitor({ envKey: 'k', respectDoNotTrack: true }, binding.attach, env);
  assert.equal(monitor.active, false);
  assert.equal(binding.collector, null);
  monitor.setMetadata({ video_id: 'x' });
  monitor.destroy();
  assert.deepEqual(sent, []);
});

test('Do-Not-Track without respectDoNotTrack => monitored (the page decides)', () => {
  const { env } = fakeEnvironment({ doNotTrack: '1' });
  assert.equal(createMonitor({ envKey: 'k' }, exposingBinding().attach, env).active, true);
});

test('sampleRate 0.25 => monitored when the draw is below it, not otherwise', () => {
  assert.equal(createMonitor({ envKey: 'k', sampleRate: 0.25 }, exposingBinding().attach,
    fakeEnvironment({ random: 0.24 }).env).active, true);
  assert.equal(createMonitor({ envKey: 'k', sampleRate: 0.25 }, exposingBinding().attach,
    fakeEnvironment({ random: 0.25 }).env).active, false);
  assert.equal(createMonitor({ envKey: 'k', sampleRate: 0 }, exposingBinding().attach,
    fakeEnvironment({ random: 0 }).env).active, false);
});

test('persistViewerId => one id in localStorage, reused by the next page', () => {
  const storage = new Map();
  const first = fakeEnvironment({ storage });
  const bindingA = exposingBinding();
  createMonitor({ envKey: 'k', persistViewerId: true }, bindingA.attach, first.env);
  bindingA.collector.play();
  const id = storage.get(VIEWER_ID_STORAGE_KEY);
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const second = fakeEnvironment({ storage });
  const bindingB = exposingBinding();
  createMonitor({ envKey: 'k', persistViewerId: true }, bindingB.attach, second.env);
  bindingB.collector.play();
  first.env.window.dispatchEvent(new Event('pagehide'));
  second.env.window.dispatchEvent(new Event('pagehide'));
  assert.deepEqual([allEvents(first.sent)[0].mux_viewer_id, allEvents(second.sent)[0].mux_viewer_id], [id, id]);
});

test('setMetadata mid-view => on the next event; changeSource => viewend, then the new video in a new view', async () => {
  const { env, sent, time } = fakeEnvironment();
  const binding = exposingBinding();
  const monitor = createMonitor({ envKey: 'k', metadata: { video_id: 'a', video_title: 'A', custom_1: 'page' } },
    binding.attach, env);
  binding.collector.play();
  monitor.setMetadata({ custom_2: 'late' });
  binding.collector.playing();
  monitor.changeSource({ video_id: 'b' });
  binding.collector.play();
  monitor.destroy();
  await new Promise((resolve) => setImmediate(resolve));
  time.advance(10_000);
  await new Promise((resolve) => setImmediate(resolve));
  const events = allEvents(sent);
  assert.deepEqual(events.map((event) => `${event.event}:${event.view_sequence_number}`),
    ['viewstart:1', 'play:2', 'playing:3', 'viewend:4', 'viewstart:1', 'play:2', 'viewend:3']);
  assert.equal(events[2].custom_2, 'late');
  assert.deepEqual([events[4].video_id, events[4].video_title, events[4].custom_1], ['b', undefined, 'page']);
  assert.equal(binding.detached, 1);
});

test('a binding that throws, a collector signal that throws => the page sees nothing thrown', () => {
  const { env } = fakeEnvironment();
  const monitor = createMonitor({ envKey: 'k' }, () => { throw new Error('player API changed'); }, env);
  assert.equal(monitor.active, true);
  monitor.collector.send = () => { throw new Error('transport broken'); };
  assert.doesNotThrow(() => monitor.error('E1', 'boom'));
  assert.doesNotThrow(() => monitor.setMetadata(null));
  assert.doesNotThrow(() => monitor.destroy());
});
