// The single-file builds the server serves: the script sets window.playtrace and posts to the server it came from;
// the ES module exports the same API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import vm from 'node:vm';
import { bundle, iife } from '../build.mjs';
import { SDK_VERSION } from '../src/version.js';

const API = ['BeaconTransport', 'StateCollector', 'createMonitor', 'dash', 'hls', 'monitor', 'setDefaultBeaconUrl',
  'shaka', 'version', 'videojs'];

test('playtrace.js loaded from a Playtrace server => window.playtrace, beacons to that server by default', async () => {
  const posts = [];
  const window = new EventTarget();
  const context = vm.createContext({
    window,
    URL,
    console,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    document: Object.assign(new EventTarget(), { currentScript: { src: 'https://pt.example:8443/sdk/playtrace.js' } }),
    fetch: (url, init) => {
      posts.push({ url, body: JSON.parse(init.body) });
      return Promise.resolve({ status: 200 });
    },
  });
  vm.runInContext(iife(bundle()), context);
  const playtrace = window.playtrace;
  assert.deepEqual(Object.keys(playtrace).sort(), API);
  assert.equal(playtrace.version, SDK_VERSION);

  const video = Object.assign(new EventTarget(), { currentTime: 0, paused: true, ended: false, readyState: 0 });
  const monitor = playtrace.monitor(video, { envKey: 'k1', metadata: { video_id: 'v' } });
  video.dispatchEvent(new Event('play'));
  monitor.destroy();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(posts.map((post) => post.url), ['https://pt.example:8443/v1/beacons']);
  assert.deepEqual(posts[0].body.events.map((event) => event.event), ['viewstart', 'playerready', 'play', 'viewend']);
  assert.equal(posts[0].body.events[0].player_software, 'html5');
});

test('build.mjs <dir> => playtrace.js and an ES module playtrace.mjs with the same API', async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'playtrace-sdk-'));
  execFileSync(process.execPath, [new URL('../build.mjs', import.meta.url).pathname, outDir]);
  assert.match(readFileSync(join(outDir, 'playtrace.js'), 'utf8'), /^\/\*! Playtrace JS SDK /);
  const module = await import(pathToFileURL(join(outDir, 'playtrace.mjs')).href);
  assert.deepEqual(Object.keys(module).sort(), API);
  assert.equal(typeof module.hls, 'function');
});
