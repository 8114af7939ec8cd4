/** Device time in ms since the epoch; performance.now() keeps it monotonic within the page. */
export const systemClock = {
  now() {
    const perf = globalThis.performance;
    if (perf && typeof perf.now === 'function' && typeof perf.timeOrigin === 'number') {
      return Math.floor(perf.timeOrigin + perf.now());
    }
    return Date.now();
  },
};

/** The host's timers, behind an object so tests can drive time by hand. */
export const systemTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (id) => clearInterval(id),
};
