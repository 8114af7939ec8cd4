export const TRANSPORT_DEFAULTS = Object.freeze({
  flushIntervalMs: 5_000,
  maxBatchEvents: 200,
  retryBaseDelayMs: 1_000,
  retryMaxDelayMs: 30_000,
  maxAttempts: 6,
});

// browsers refuse keepalive requests whose bodies add up to more than 64 KiB
const KEEPALIVE_MAX_CHARS = 60_000;

/**
 * Sends events to POST /v1/beacons in batches: `fetch` with `keepalive` normally, `navigator.sendBeacon` when the
 * page goes away. Retries network errors, 429 and 5xx with exponential backoff; drops a batch the server refused
 * (400, 401, 413: the same body gets the same answer). One batch is in flight at a time, so batches arrive in order.
 * Never throws into the host page.
 */
export class BeaconTransport {
  constructor({ beaconUrl, envKey, clock, timers, fetchFn, sendBeaconFn, log = () => {}, ...settings }) {
    this.beaconUrl = beaconUrl;
    this.envKey = envKey;
    this.clock = clock;
    this.timers = timers;
    this.fetchFn = fetchFn;
    this.sendBeaconFn = sendBeaconFn;
    this.log = log;
    this.settings = { ...TRANSPORT_DEFAULTS };
    for (const [key, value] of Object.entries(settings)) {
      if (value != null) this.settings[key] = value;
    }
    this.queue = [];
    this.inFlight = null; // the batch being sent or waiting for its retry
    this.flushTimer = null;
    this.retryTimer = null;
    this.stats = { batchesSent: 0, batchesDropped: 0, retries: 0 };
  }

  /** Queues an event; `urgent` (viewend, errors) sends it now rather than at the next flush tick. */
  enqueue(event, { urgent = false } = {}) {
    this.queue.push(event);
    if (this.leaving) return;
    if (urgent || this.queue.length >= this.settings.maxBatchEvents) {
      this.flush();
    } else if (this.flushTimer == null) {
      this.flushTimer = this.timers.setTimeout(() => {
        this.flushTimer = null;
        this.flush();
      }, this.settings.flushIntervalMs);
    }
  }

  flush() {
    if (this.flushTimer != null) {
      this.timers.clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    if (this.inFlight || this.queue.length === 0) return;
    this.inFlight = { events: this.queue.splice(0, this.settings.maxBatchEvents), attempt: 1 };
    this.sendInFlight();
  }

  /** Runs `produceLastEvents` (e.g. the viewend) and hands its events with everything queued to sendBeacon. */
  leave(produceLastEvents) {
    this.leaving = true;
    try {
      produceLastEvents();
    } finally {
      this.leaving = false;
      this.unload();
    }
  }

  /** The page is going away: hand everything, including a batch waiting for its retry, to sendBeacon. */
  unload() {
    if (this.flushTimer != null) this.timers.clearTimeout(this.flushTimer);
    if (this.retryTimer != null) this.timers.clearTimeout(this.retryTimer);
    this.flushTimer = null;
    this.retryTimer = null;
    const pending = (this.inFlight && this.inFlight.waitingForRetry ? this.inFlight.events : []).concat(this.queue);
    if (this.inFlight && this.inFlight.waitingForRetry) this.inFlight = null;
    this.queue = [];
    for (let i = 0; i < pending.length; i += this.settings.maxBatchEvents) {
      const body = this.body(pending.slice(i, i + this.settings.maxBatchEvents));
      let queued = false;
      try {
        queued = Boolean(this.sendBeaconFn && this.sendBeaconFn(this.beaconUrl, body));
      } catch (error) {
        this.log('sendBeacon failed', error);
      }
      if (!queued) this.post(body, true).catch(() => {});
    }
  }

  body(events) {
    const metadata = { transmission_timestamp: this.clock.now() };
    if (this.envKey) metadata.env_key = this.envKey;
    return JSON.stringify({ metadata, events });
  }

  post(body, keepalive) {
    try {
      return Promise.resolve(this.fetchFn(this.beaconUrl, {
        method: 'POST',
        body,
        // text/plain is a "simple" request: no CORS preflight, and what sendBeacon sends too
        headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
        keepalive: keepalive && body.length <= KEEPALIVE_MAX_CHARS,
        credentials: 'omit',
        mode: 'cors',
      }));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  sendInFlight() {
    const batch = this.inFlight;
    batch.waitingForRetry = false;
    // sent again on a retry with a fresh transmission_timestamp: the server corrects the clock per beacon
    this.post(this.body(batch.events), true).then(
      (response) => this.onAnswer(batch, response.status),
      (error) => this.onAnswer(batch, 0, error),
    );
  }

  onAnswer(batch, status, error) {
    if (this.inFlight !== batch) return; // handed to sendBeacon meanwhile
    const retryable = status === 0 || status === 429 || status >= 500;
    if (retryable && batch.attempt < this.settings.maxAttempts) {
      const delayMs = Math.min(this.settings.retryMaxDelayMs,
        this.settings.retryBaseDelayMs * 2 ** (batch.attempt - 1));
      this.log(`beacon failed (${status || error}); retry ${batch.attempt} in ${delayMs} ms`);
      batch.attempt++;
      batch.waitingForRetry = true;
      this.stats.retries++;
      this.retryTimer = this.timers.setTimeout(() => {
        this.retryTimer = null;
        this.sendInFlight();
      }, delayMs);
      return;
    }
    if (status >= 200 && status < 300) {
      this.stats.batchesSent++;
    } else {
      this.stats.batchesDropped++;
      this.log(`beacon dropped (${status || error})`);
    }
    this.inFlight = null;
    if (this.queue.length > 0) this.flush();
  }
}
