// Hand-written fakes: a clock and timers moved by hand, and a collector wired to them that records what it emits.
import { StateCollector } from '../src/collector.js';

export const T0 = 1_800_000_000_000;

/** A clock and setTimeout/setInterval that only move when the test calls advance(ms). */
export class FakeTime {
  constructor(startMs = T0) {
    this.nowMs = startMs;
    this.nextId = 1;
    this.tasks = new Map(); // id -> { atMs, fn, everyMs }
    this.clock = { now: () => this.nowMs };
    this.timers = {
      setTimeout: (fn, ms) => this.schedule(fn, ms, null),
      clearTimeout: (id) => this.tasks.delete(id),
      setInterval: (fn, ms) => this.schedule(fn, ms, ms),
      clearInterval: (id) => this.tasks.delete(id),
    };
  }

  schedule(fn, ms, everyMs) {
    const id = this.nextId++;
    this.tasks.set(id, { atMs: this.nowMs + Math.max(0, ms || 0), fn, everyMs });
    return id;
  }

  /** Runs every task due within the next `ms`, in time order, moving the clock to each. */
  advance(ms) {
    const untilMs = this.nowMs + ms;
    for (;;) {
      let due = null;
      for (const [id, task] of this.tasks) {
        if (task.atMs <= untilMs && (!due || task.atMs < due.task.atMs)) due = { id, task };
      }
      if (!due) break;
      this.nowMs = due.task.atMs;
      if (due.task.everyMs) {
        due.task.atMs += due.task.everyMs;
      } else {
        this.tasks.delete(due.id);
      }
      due.task.fn();
    }
    this.nowMs = untilMs;
  }
}

/** A fake player's playhead: moves with the fake clock while `running`. */
export class FakePlayhead {
  constructor(time) {
    this.time = time;
    this.positionMs = 0;
    this.running = false;
    this.sinceMs = time.nowMs;
  }

  read() {
    if (this.running) {
      this.positionMs += this.time.nowMs - this.sinceMs;
    }
    this.sinceMs = this.time.nowMs;
    return this.positionMs;
  }

  run() {
    this.read();
    this.running = true;
  }

  stop() {
    this.read();
    this.running = false;
  }

  seekTo(ms) {
    this.read();
    this.positionMs = ms;
  }
}

/** A collector on fake time whose events are recorded in `events`. */
export function recordingCollector({ fields = { video_id: 'v1' }, ...settings } = {}) {
  const time = new FakeTime();
  const events = [];
  let viewCounter = 0;
  const collector = new StateCollector({
    send: (event) => events.push(event),
    clock: time.clock,
    timers: time.timers,
    fields,
    newViewId: () => `view-${++viewCounter}`,
    ...settings,
  });
  const playhead = new FakePlayhead(time);
  collector.usePlayheadReader(() => playhead.read());
  return { collector, time, events, playhead };
}

/** Events as "name@msSinceT0" strings, the shape the transition tests assert. */
export function timeline(events) {
  return events.map((event) => `${event.event}@${event.viewer_time - T0}`);
}

export function names(events) {
  return events.map((event) => event.event);
}
