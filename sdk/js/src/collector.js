import { changedFields, withoutEmpty } from './fields.js';
import { randomId } from './ids.js';

/**
 * What the player is doing, as the server's sessionizer reads it (ingest/.../session/ViewTimeline.java): the
 * collector emits only the events that move that state machine, so the view the server computes is the one seen here.
 */
export const Phase = Object.freeze({
  IDLE: 'idle', // no play request in this view yet
  STARTING: 'starting', // asked to play, no first frame yet
  PLAYING: 'playing', // intends to play after the first frame (may be stalled or seeking)
  PAUSED: 'paused',
  ENDED: 'ended',
  FAILED: 'failed', // a fatal error stopped playback
});

/** Why an intended playback is not advancing. */
export const Stall = Object.freeze({
  WAITING: 'waiting', // the player said so (waiting / stalled)
  RESUME: 'resume', // play after pause: a stall until frames advance (the server counts it the same way)
  WATCHDOG: 'watchdog', // the playhead stopped advancing without the player saying anything
});

export const DEFAULTS = Object.freeze({
  heartbeatIntervalMs: 10_000,
  playheadPollIntervalMs: 250,
  // a playhead standing still this long while playing is a stall even when the player fires no `waiting`
  stallThresholdMs: 1_000,
  // after `waiting`, playhead progress alone ends the stall only once it moved this far
  waitingResumeAdvanceMs: 1_000,
});

const FULL_STATE_EVENTS = new Set(['viewstart', 'viewend']);

/**
 * The player-agnostic state collector: bindings call its small imperative API (play, playing, pause, buffering,
 * seeking, seeked, ended, error, rendition, ...) and it emits beacon-protocol events, one view at a time, with
 * sequence numbers, device times and only the fields that changed since the previous event of the view.
 */
export class StateCollector {
  /**
   * @param {object} options
   * @param {(event: object) => void} options.send receives each event (the transport batches them)
   * @param {{now(): number}} options.clock device time, ms since the epoch
   * @param {object} options.timers setInterval/clearInterval (and setTimeout/clearTimeout)
   * @param {object} [options.fields] the view's starting fields (metadata, SDK and page fields)
   * @param {() => string} [options.newViewId]
   */
  constructor({ send, clock, timers, fields = {}, newViewId = randomId, ...settings }) {
    this.send = send;
    this.clock = clock;
    this.timers = timers;
    this.newViewId = newViewId;
    this.settings = { ...DEFAULTS, ...withoutEmpty(settings) };
    this.fields = withoutEmpty(fields);
    this.readPlayheadMs = () => null;
    this.ready = false;
    this.view = null;
    this.resetPlayback();
  }

  resetPlayback() {
    this.phase = Phase.IDLE;
    this.stall = null;
    this.seek = null; // null | 'seeking' | 'seeked'
    this.firstFrameSeen = false;
    this.playRequested = false;
    this.stalledAtPlayheadMs = null;
    this.lastPlayheadMs = null;
    this.lastObservedAtMs = null;
    this.lastAdvanceAtMs = null;
  }

  /** The binding tells how to read the playhead (ms); it is put on every event and watched for stalls. */
  usePlayheadReader(readPlayheadMs) {
    this.readPlayheadMs = readPlayheadMs;
  }

  /** Sets fields silently: they ride on the next event (the protocol has no event for a metadata change). */
  setFields(values) {
    for (const [key, value] of Object.entries(values || {})) {
      if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) {
        delete this.fields[key];
      } else {
        this.fields[key] = value;
      }
    }
  }

  removeFields(predicate) {
    for (const key of Object.keys(this.fields)) {
      if (predicate(key)) delete this.fields[key];
    }
  }

  get viewId() {
    return this.view ? this.view.id : null;
  }

  // ---- player signals ----

  playerReady() {
    if (this.ready) return;
    this.ready = true;
    if (this.view) this.emit('playerready');
  }

  play() {
    this.ensureView();
    switch (this.phase) {
      case Phase.IDLE:
        this.phase = Phase.STARTING;
        this.emit('play');
        break;
      case Phase.PAUSED:
      case Phase.ENDED:
        this.emit('play');
        if (this.firstFrameSeen) {
          this.enterPlaying();
          this.stall = this.seek ? null : Stall.RESUME;
        } else {
          this.phase = Phase.STARTING;
        }
        break;
      case Phase.FAILED:
        // a play request on a player that already failed is still an attempt: a video start failure
        if (!this.playRequested) this.emit('play');
        break;
      case Phase.STARTING:
      case Phase.PLAYING:
        break; // already asked to play
    }
    this.playRequested = true;
  }

  playing() {
    this.ensureView();
    switch (this.phase) {
      case Phase.IDLE: // frames without a play event (some autoplay paths): the server starts the view here
      case Phase.STARTING:
      case Phase.PAUSED: // resumed on its own, without a play event
      case Phase.ENDED:
        this.emit('playing');
        this.firstFrameSeen = true;
        this.seek = null;
        this.enterPlaying();
        break;
      case Phase.PLAYING:
        this.resumeIfHeld({ playerSaidSo: true });
        break;
      case Phase.FAILED:
        break;
    }
  }

  pause() {
    if (!this.view) return;
    switch (this.phase) {
      case Phase.STARTING:
      case Phase.PLAYING:
        this.emit('pause');
        this.phase = Phase.PAUSED;
        this.stall = null;
        // a seek that reached its position ends at the pause; one still seeking ends at its `seeked`
        if (this.seek === 'seeked') this.seek = null;
        break;
      case Phase.IDLE:
      case Phase.PAUSED:
      case Phase.ENDED:
      case Phase.FAILED:
        break;
    }
  }

  /** The player waits for data (HTML5 `waiting`, a stalled download with nothing buffered, ...). */
  buffering() {
    if (!this.view || this.phase !== Phase.PLAYING || this.seek || this.stall) return;
    this.stall = Stall.WAITING;
    this.markPlayheadBaseline();
    this.stalledAtPlayheadMs = this.lastPlayheadMs ?? Infinity; // unknown: only the player can end it
    this.emit('waiting');
  }

  /** The player says a stall is over (for players that hold playback without firing `playing`, like Shaka). */
  bufferingEnded() {
    if (this.view && this.phase === Phase.PLAYING) this.resumeIfHeld({ playerSaidSo: true });
  }

  seeking() {
    if (!this.view || this.phase === Phase.FAILED || this.seek === 'seeking') return;
    this.stall = null;
    this.seek = 'seeking';
    this.emit('seeking');
  }

  seeked() {
    if (!this.view || this.seek !== 'seeking') return;
    this.emit('seeked');
    if (this.phase === Phase.PLAYING) {
      this.seek = 'seeked';
      this.markPlayheadBaseline();
    } else {
      this.seek = null;
    }
  }

  ended() {
    if (!this.view) return;
    switch (this.phase) {
      case Phase.STARTING:
      case Phase.PLAYING:
      case Phase.PAUSED:
        this.emit('ended');
        this.phase = Phase.ENDED;
        this.stall = null;
        this.seek = null;
        break;
      case Phase.IDLE:
      case Phase.ENDED:
      case Phase.FAILED:
        break;
    }
  }

  /**
   * Reports an error. A fatal one stops playback (the server stops watch time there); a warning changes nothing.
   * A business exception (geo-block, entitlement) is a decision, not a technical failure.
   */
  error(code, message, { fatal = true, businessException = false } = {}) {
    this.ensureView();
    this.emit('error', withoutEmpty({
      player_error_code: typeof code === 'number' && Number.isInteger(code) ? code : code == null ? undefined : String(code),
      player_error_message: message == null ? undefined : String(message).slice(0, 1024),
      player_error_severity: fatal ? 'fatal' : 'warning',
      player_error_business_exception: Boolean(businessException),
    }));
    if (fatal && this.phase !== Phase.FAILED) {
      this.phase = Phase.FAILED;
      this.stall = null;
      this.seek = null;
    }
  }

  /** The rendition playing now; a `renditionchange` is emitted when it differs from the previous one. */
  rendition({ bitrateBps, widthPx, heightPx, name } = {}) {
    const next = withoutEmpty({
      video_source_bitrate: bitrateBps > 0 ? Math.round(bitrateBps) : undefined,
      video_source_width: widthPx > 0 ? widthPx : undefined,
      video_source_height: heightPx > 0 ? heightPx : undefined,
      video_variant_name: name,
    });
    const changed = Object.keys(next).some((key) => this.fields[key] !== next[key]);
    if (!changed) return;
    this.setFields(next);
    if (this.view) this.emit('renditionchange');
  }

  /** A playhead reading (ms), from `timeupdate` or the poll: ends held states when frames advance, finds silent stalls. */
  observePlayhead(playheadMs) {
    if (playheadMs == null || !Number.isFinite(playheadMs)) return;
    const nowMs = this.clock.now();
    const previousMs = this.lastPlayheadMs;
    const previousAtMs = this.lastObservedAtMs;
    this.lastPlayheadMs = playheadMs;
    this.lastObservedAtMs = nowMs;
    if (this.phase !== Phase.PLAYING || this.seek === 'seeking') return;
    if (previousMs != null && playheadMs > previousMs) {
      // at normal speed the playhead moved until previousAt + distance: a stall that began between two readings
      // is dated where the playhead stopped, not where the next reading noticed it
      this.lastAdvanceAtMs = previousAtMs == null ? nowMs : Math.min(nowMs, previousAtMs + (playheadMs - previousMs));
      this.resumeIfHeld({ playerSaidSo: false });
    } else if (!this.stall && !this.seek && this.lastAdvanceAtMs != null
        && nowMs - this.lastAdvanceAtMs >= this.settings.stallThresholdMs) {
      this.stall = Stall.WATCHDOG;
      // rebufferstart keeps its own (earlier) time on the server
      this.emit('rebufferstart', {}, this.lastAdvanceAtMs);
    }
  }

  /** Closes the view (page hidden for good, source change, destroy); the next play opens a new one. */
  viewEnd() {
    if (!this.view) return;
    this.emit('viewend');
    this.stopTimers();
    this.view = null;
    this.resetPlayback();
  }

  // ---- internals ----

  enterPlaying() {
    this.phase = Phase.PLAYING;
    this.stall = null;
    this.markPlayheadBaseline();
  }

  /** From here on, only movement beyond the playhead's current position counts as frames advancing. */
  markPlayheadBaseline() {
    const nowMs = this.clock.now();
    this.lastAdvanceAtMs = nowMs;
    const playheadMs = this.safePlayheadMs();
    if (playheadMs != null) {
      this.lastPlayheadMs = playheadMs;
      this.lastObservedAtMs = nowMs;
    }
  }

  /** Frames advance again: ends a stall or a seek that reached its position. */
  resumeIfHeld({ playerSaidSo }) {
    if (this.seek === 'seeking') return;
    // after `waiting` the playhead may still creep (the audio clock drains, hls.js nudges it over gaps): the player's
    // own `playing` ends that stall, or clear progress when a player never sends one
    if (!playerSaidSo && this.stall === Stall.WAITING
        && this.lastPlayheadMs - this.stalledAtPlayheadMs < this.settings.waitingResumeAdvanceMs) return;
    if (this.stall === Stall.WATCHDOG) {
      this.stall = null;
      this.emit('rebufferend');
      if (this.seek === 'seeked') {
        this.seek = null;
        this.emit('playing');
      }
      return;
    }
    if (this.stall || this.seek === 'seeked') {
      this.stall = null;
      this.seek = null;
      this.emit('playing');
    }
  }

  ensureView() {
    if (this.view) return;
    this.view = { id: this.newViewId(), sequenceNumber: 0, lastSent: {} };
    this.emit('viewstart');
    if (this.ready) this.emit('playerready');
    this.startTimers();
  }

  startTimers() {
    this.heartbeatTimer = this.timers.setInterval(() => this.heartbeat(), this.settings.heartbeatIntervalMs);
    this.pollTimer = this.timers.setInterval(() => this.observePlayhead(this.safePlayheadMs()),
      this.settings.playheadPollIntervalMs);
  }

  stopTimers() {
    this.timers.clearInterval(this.heartbeatTimer);
    this.timers.clearInterval(this.pollTimer);
  }

  heartbeat() {
    if (this.phase === Phase.STARTING || this.phase === Phase.PLAYING) this.emit('hb');
  }

  safePlayheadMs() {
    try {
      const playheadMs = this.readPlayheadMs();
      return playheadMs == null || !Number.isFinite(playheadMs) || playheadMs < 0 ? null : Math.floor(playheadMs);
    } catch (ignored) {
      return null;
    }
  }

  emit(name, eventFields = {}, atMs = this.clock.now()) {
    const view = this.view;
    const full = FULL_STATE_EVENTS.has(name);
    const playheadMs = this.safePlayheadMs();
    const fields = full ? { ...this.fields } : changedFields(this.fields, view.lastSent);
    view.lastSent = { ...this.fields };
    const event = {
      event: name,
      view_id: view.id,
      view_sequence_number: ++view.sequenceNumber,
      viewer_time: Math.floor(atMs),
      ...(playheadMs == null ? {} : { player_playhead_time: playheadMs }),
      ...fields,
      ...eventFields,
    };
    this.send(event);
  }

  destroy() {
    this.viewEnd();
    this.stopTimers();
  }
}
