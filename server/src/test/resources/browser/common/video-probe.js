// What the page itself sees of a <video>, measured with performance.now(), so a test can compare the view the
// server stored with the page's own numbers. Times are ms since the probe was created.
//   startupMs: play() called -> first 'playing'; playEventStartupMs: first 'play' event -> first 'playing' (what an
//              SDK that stamps the 'play' event reports: the event comes a task or more after the play() call)
//   stalls:    'waiting' after the first frame and outside a seek -> next 'playing' (or 'seeked' ends it as a seek)
//   seeks:     'seeking' -> 'playing' after the matching 'seeked' (or 'seeked' when paused)
export function createVideoProbe(video) {
  const origin = performance.now();
  const now = () => Math.round(performance.now() - origin);
  const probe = {
    events: [], playRequestedAt: null, firstPlayingAt: null, startupMs: null, playEventStartupMs: null,
    stalls: [], seeks: [], errors: [], renditions: [],
  };
  let openStall = null;
  let openSeek = null;
  let seekingNow = false;
  const types = ['loadstart', 'loadedmetadata', 'canplay', 'play', 'playing', 'pause', 'waiting', 'seeking',
    'seeked', 'timeupdate', 'ended', 'error', 'resize', 'stalled', 'emptied'];
  for (const type of types) {
    video.addEventListener(type, () => {
      const t = now();
      if (type !== 'timeupdate') {
        probe.events.push({ type, t, wall: Date.now(), currentTime: video.currentTime, paused: video.paused });
      }
      if (type === 'playing') {
        if (probe.firstPlayingAt === null) {
          probe.firstPlayingAt = t;
          if (probe.playRequestedAt !== null) probe.startupMs = t - probe.playRequestedAt;
          const playEvent = probe.events.find((e) => e.type === 'play');
          if (playEvent) probe.playEventStartupMs = t - playEvent.t;
        }
        if (openStall) { openStall.end = t; openStall.durationMs = t - openStall.start; probe.stalls.push(openStall); openStall = null; }
        if (openSeek && openSeek.seekedAt !== undefined) { openSeek.end = t; openSeek.durationMs = t - openSeek.start; probe.seeks.push(openSeek); openSeek = null; }
      } else if (type === 'waiting' && probe.firstPlayingAt !== null && !seekingNow && !openStall) {
        openStall = { start: t, at: video.currentTime };
      } else if (type === 'seeking') {
        seekingNow = true;
        if (openStall) openStall = null; // a seek during a stall turns it into seek buffering
        // before the first frame a seek (hls.js seeks to its start position) is startup, as metrics.md counts it
        if (!openSeek && probe.firstPlayingAt !== null) openSeek = { start: t, from: probe.lastTime, to: video.currentTime };
      } else if (type === 'seeked') {
        seekingNow = false;
        if (openSeek) {
          openSeek.seekedAt = t;
          if (video.paused) { openSeek.end = t; openSeek.durationMs = t - openSeek.start; probe.seeks.push(openSeek); openSeek = null; }
        }
      } else if (type === 'error') {
        probe.errors.push({ t, code: video.error && video.error.code, message: video.error && video.error.message });
      } else if (type === 'resize') {
        probe.renditions.push({ t, width: video.videoWidth, height: video.videoHeight });
      } else if (type === 'timeupdate') {
        probe.lastTime = video.currentTime;
      }
    });
  }
  probe.now = now;
  probe.requestPlay = () => {
    if (probe.playRequestedAt === null) probe.playRequestedAt = now();
    return video.play().catch((e) => probe.errors.push({ t: now(), code: 'play-rejected', message: String(e) }));
  };
  probe.snapshot = () => JSON.parse(JSON.stringify({ ...probe, now: undefined, requestPlay: undefined, snapshot: undefined,
    currentTime: video.currentTime, paused: video.paused, ended: video.ended,
    videoWidth: video.videoWidth, videoHeight: video.videoHeight }));
  return probe;
}

// Resolves when 'type' fires on target (or 'error' fires, rejecting), or rejects after timeoutMs.
export function nextEvent(target, type, timeoutMs = 20000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { cleanup(); reject(new Error(`no '${type}' within ${timeoutMs} ms`)); }, timeoutMs);
    const onEvent = (e) => { cleanup(); resolve(e); };
    const cleanup = () => { clearTimeout(timer); target.removeEventListener(type, onEvent); };
    target.addEventListener(type, onEvent);
  });
}

// Resolves once video.currentTime >= seconds (polling on timeupdate).
export function playheadReaches(video, seconds, timeoutMs = 30000) {
  return new Promise((resolve, reject) => {
    if (video.currentTime >= seconds) { resolve(video.currentTime); return; }
    const timer = setTimeout(() => { cleanup(); reject(new Error(`playhead ${video.currentTime} < ${seconds} after ${timeoutMs} ms`)); }, timeoutMs);
    const onTime = () => { if (video.currentTime >= seconds) { cleanup(); resolve(video.currentTime); } };
    const cleanup = () => { clearTimeout(timer); video.removeEventListener('timeupdate', onTime); };
    video.addEventListener('timeupdate', onTime);
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
