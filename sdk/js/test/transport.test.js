// The beacon transport: batching, keepalive fetch, sendBeacon on unload, retry with backoff, never throwing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BeaconTransport } from '../src/transport.js';
import { FakeTime, T0 } from './fakes.js';

/** A fetch that records each request and answers with the statuses queued in `answers` (default 200). */
function fakeFetch() {
  const requests = [];
  const answers = [];
  const fetchFn = (url, init) => {
    requests.push({ url, ...init, json: JSON.parse(init.body) });
    const answer = answers.length ? answers.shift() : 200;
    return answer === 'network' ? Promise.reject(new TypeError('Failed to fetch')) : Promise.resolve({ status: answer });
  };
  return { fetchFn, requests, answers };
}

function transportWith(overrides = {}) {
  const time = new FakeTime();
  const network = fakeFetch();
  const beacons = [];
  const transport = new BeaconTransport({
    beaconUrl: 'https://playtrace.example/v1/beacons',
    envKey: 'env-1',
    clock: time.clock,
    timers: time.timers,
    fetchFn: network.fetchFn,
    sendBeaconFn: (url, body) => { beacons.push({ url, json: JSON.parse(body) }); return true; },
    ...overrides,
  });
  return { transport, time, network, beacons };
}

const event = (n) => ({ event: 'hb', view_id: 'v', view_sequence_number: n, viewer_time: T0 + n });
const settle = () => new Promise((resolve) => setImmediate(resolve));

test('events within the flush interval => one POST with env_key and transmission_timestamp, text/plain, keepalive', async () => {
  const { transport, time, network } = transportWith({ flushIntervalMs: 5_000 });
  transport.enqueue(event(1));
  time.advance(1_000);
  transport.enqueue(event(2));
  time.advance(3_999);
  await settle();
  assert.equal(network.requests.length, 0, 'nothing before the interval');
  time.advance(1);
  await settle();
  assert.equal(network.requests.length, 1);
  const request = network.requests[0];
  assert.equal(request.url, 'https://playtrace.example/v1/beacons');
  assert.equal(request.method, 'POST');
  assert.equal(request.keepalive, true);
  assert.equal(request.credentials, 'omit');
  assert.deepEqual(request.headers, { 'Content-Type': 'text/plain;charset=UTF-8' });
  assert.deepEqual(request.json, {
    metadata: { transmission_timestamp: T0 + 5_000, env_key: 'env-1' },
    events: [event(1), event(2)],
  });
});

test('an urgent event (viewend, error) => sent at once with what is queued', async () => {
  const { transport, network } = transportWith();
  transport.enqueue(event(1));
  transport.enqueue(event(2), { urgent: true });
  await settle();
  assert.deepEqual(network.requests.map((r) => r.json.events.length), [2]);
});

test('more than maxBatchEvents => split into batches sent one after the other', async () => {
  const { transport, network } = transportWith({ maxBatchEvents: 2 });
  for (let n = 1; n <= 5; n++) transport.enqueue(event(n));
  await settle();
  transport.flush();
  await settle();
  await settle();
  assert.deepEqual(network.requests.map((r) => r.json.events.map((e) => e.view_sequence_number)), [[1, 2], [3, 4], [5]]);
});

test('503, then a network error, then 200 => retried after 1 s and 2 s, with a fresh transmission_timestamp', async () => {
  const { transport, time, network } = transportWith();
  network.answers.push(503, 'network', 200);
  transport.enqueue(event(1), { urgent: true });
  await settle();
  time.advance(999);
  await settle();
  assert.equal(network.requests.length, 1, 'no retry before 1 s');
  time.advance(1);
  await settle();
  time.advance(2_000);
  await settle();
  assert.deepEqual(network.requests.map((r) => r.json.metadata.transmission_timestamp - T0), [0, 1_000, 3_000]);
  assert.deepEqual(transport.stats, { batchesSent: 1, batchesDropped: 0, retries: 2 });
});

test('400 or 401 => dropped, never retried (the same body gets the same answer)', async () => {
  const { transport, time, network } = transportWith();
  network.answers.push(400, 401);
  transport.enqueue(event(1), { urgent: true });
  await settle();
  transport.enqueue(event(2), { urgent: true });
  await settle();
  time.advance(60_000);
  await settle();
  assert.equal(network.requests.length, 2);
  assert.deepEqual(transport.stats, { batchesSent: 0, batchesDropped: 2, retries: 0 });
});

test('429 every time => backoff doubles up to the cap, then the batch is dropped after maxAttempts', async () => {
  const { transport, time, network } = transportWith({ maxAttempts: 5, retryBaseDelayMs: 1_000, retryMaxDelayMs: 4_000 });
  network.answers.push(429, 429, 429, 429, 429);
  transport.enqueue(event(1), { urgent: true });
  for (let i = 0; i < 30; i++) {
    await settle();
    time.advance(500);
  }
  assert.deepEqual(network.requests.map((r) => r.json.metadata.transmission_timestamp - T0), [0, 1_000, 3_000, 7_000, 11_000]);
  assert.equal(transport.stats.batchesDropped, 1);
});

test('unload => queued events and a batch waiting for its retry go through sendBeacon', async () => {
  const { transport, network, beacons } = transportWith();
  network.answers.push(503);
  transport.enqueue(event(1), { urgent: true });
  await settle();
  transport.enqueue(event(2));
  transport.unload();
  assert.deepEqual(beacons.map((b) => b.json.events.map((e) => e.view_sequence_number)), [[1, 2]]);
  assert.equal(beacons[0].json.metadata.env_key, 'env-1');
  assert.equal(network.requests.length, 1, 'no fetch retry after the page went away');
});

test('sendBeacon refuses (quota) => keepalive fetch instead', async () => {
  const { transport, network } = transportWith({ sendBeaconFn: () => false });
  transport.enqueue(event(1));
  transport.unload();
  await settle();
  assert.equal(network.requests.length, 1);
  assert.equal(network.requests[0].keepalive, true);
});

test('fetch throwing synchronously => treated as a network error, nothing reaches the page', async () => {
  const { transport, time } = transportWith({ fetchFn: () => { throw new Error('blocked by an extension'); } });
  transport.enqueue(event(1), { urgent: true });
  await settle();
  time.advance(1_000);
  await settle();
  assert.equal(transport.stats.retries, 2);
});
