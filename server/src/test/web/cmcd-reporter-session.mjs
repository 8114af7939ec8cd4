// Drives @svta/cml-cmcd's CmcdReporter (the SVTA reference CMCD v2 event-mode reporter, the one hls.js embeds) through
// a scripted playback session on a fake clock, sending its event reports to a real Playtrace with the reporter's own
// requester (fetch). Used by dev.playtrace.server.cmcd.CmcdReporterSessionTest.
//
//   node cmcd-reporter-session.mjs <scenario> <collector URL> <t0 ms>
//
// Prints one JSON line per request the reporter made: { body, contentType, status, answer, valid, issues }, where
// valid/issues are validateCmcdEventReport()'s verdict on the request (CTA-5004-B event mode), then a last line
// { done: true }.
import { CMCD_KEYS, CmcdReporter, validateCmcdEventReport } from '@svta/cml-cmcd';

const [scenario, collector, t0Arg] = process.argv.slice(2);
const t0 = Number(t0Arg);
let now = t0;
Date.now = () => now; // the reporter stamps ts with Date.now(): the session's times are the script's
const at = (ms) => { now = t0 + ms; };

const pending = [];
async function requester(request) {
  const sent = (async () => {
    const verdict = validateCmcdEventReport(request);
    const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
    const answer = await response.text();
    console.log(JSON.stringify({ body: request.body, contentType: request.headers['Content-Type'],
      status: response.status, answer, valid: verdict.valid, issues: verdict.issues }));
    return { status: response.status };
  })();
  pending.push(sent);
  return sent;
}
const settle = async () => {
  while (pending.length) await pending.shift();
};

function reporter(sid, cid, url, batchSize) {
  return new CmcdReporter({
    sid, cid,
    eventTargets: [{ url, events: ['ps', 'e', 'bc', 't', 'rr', 'pr', 'c'], enabledKeys: CMCD_KEYS, batchSize,
      interval: 30 }],
  }, requester);
}

// A response received for a request started at startMs, first byte after ttfbMs, last after ttlbMs (session ms).
function response(r, url, status, startMs, ttfbMs, ttlbMs) {
  const request = r.createRequestReport({ url, method: 'GET' });
  const startTime = t0 + startMs - performance.timeOrigin; // the reporter adds timeOrigin back
  r.recordResponseReceived({ request, status,
    resourceTiming: { startTime, responseStart: startTime + ttfbMs, duration: ttlbMs } });
}

const scenarios = {
  // Two contents in one session, three reports per body (no line feed after the last: the reporter's own body).
  async twoContents() {
    const r = reporter('node-session', 'movie-1', collector, 3);
    at(0);
    r.update({ sta: 'd', st: 'v', br: [3000] });
    r.start();
    at(100); r.update({ sta: 's' });
    at(500); r.update({ sta: 'p', pt: 0 });
    at(800); response(r, 'https://cdn.example/movie-1/seg_001.m4s?CMCD=x', 200, 300, 50, 400);
    at(2500); r.update({ pr: 2 });
    at(3000); r.update({ sta: 'r' });
    at(3750); r.update({ sta: 'p' });
    at(6000); r.update({ sta: 'e' });
    at(6200); r.update({ cid: 'movie-2' });
    at(6300); r.update({ sta: 's' });
    at(6900); r.update({ sta: 'p' });
    at(7000); response(r, 'https://cdn.example/movie-2/seg_002.m4s', 404, 6950, 20, 30);
    at(8000); r.update({ sta: 'f' }); r.recordEvent('e', { ec: ['MEDIA_ERR_NETWORK'] });
    r.stop(true);
    await settle();
  },
  // A collector that answers 410 (Playtrace: unknown ingest key) stops this target for the rest of the session;
  // the next session sends again.
  async gone() {
    const r = reporter('gone-session-1', 'movie-1', collector, 1);
    at(0); r.update({ sta: 'd' }); r.start(); await settle();
    at(100); r.update({ sta: 's' }); await settle();
    at(500); r.update({ sta: 'p' }); await settle();
    r.update({ sid: 'gone-session-2' });
    at(600); r.update({ sta: 'a' }); await settle();
    r.stop(true);
    await settle();
  },
};

await scenarios[scenario]();
console.log(JSON.stringify({ done: true }));
