// The state collector, read as transitions: "state -> signal => emitted events", with exact events and times
// (ms after the test's start). The server's sessionizer turns exactly these events into the view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordingCollector, timeline, names, T0 } from './fakes.js';

function startedPlaying() {
  const fixture = recordingCollector();
  const { collector, time, playhead } = fixture;
  collector.play();
  time.advance(800);
  collector.playing();
  playhead.run();
  return fixture;
}

test('idle -> play => viewstart (full state), play: the view opens at the play request', () => {
  const { collector, events } = recordingCollector({ fields: { video_id: 'v1', video_title: 'Intro' } });
  collector.play();
  assert.deepEqual(events, [
    { event: 'viewstart', view_id: 'view-1', view_sequence_number: 1, viewer_time: T0, player_playhead_time: 0,
      video_id: 'v1', video_title: 'Intro' },
    { event: 'play', view_id: 'view-1', view_sequence_number: 2, viewer_time: T0, player_playhead_time: 0 },
  ]);
});

test('player ready before the view => playerready right after viewstart', () => {
  const { collector, events } = recordingCollector();
  collector.playerReady();
  assert.deepEqual(events, [], 'no view before a play request');
  collector.play();
  assert.deepEqual(names(events), ['viewstart', 'playerready', 'play']);
});

test('starting -> playing => first frame (startup = playing - play)', () => {
  const { events } = startedPlaying();
  assert.deepEqual(timeline(events), ['viewstart@0', 'play@0', 'playing@800']);
});

test('starting -> waiting => nothing: buffering before the first frame is startup, not rebuffering', () => {
  const { collector, time, events } = recordingCollector();
  collector.play();
  time.advance(100);
  collector.buffering();
  assert.deepEqual(names(events), ['viewstart', 'play']);
});

test('playing -> waiting => rebuffering; -> playing => rebuffering ends', () => {
  const { collector, time, events, playhead } = startedPlaying();
  time.advance(1_000);
  playhead.stop();
  collector.buffering();
  time.advance(600);
  collector.buffering(); // repeated waiting/stalled: one stall
  time.advance(600);
  playhead.run();
  collector.playing();
  assert.deepEqual(timeline(events.slice(3)), ['waiting@1800', 'playing@3000']);
});

test('playing -> playhead stops advancing (no waiting) => rebufferstart at the last advance; -> advances => rebufferend', () => {
  const { time, events, playhead } = startedPlaying();
  time.advance(1_000); // polls at 1000, 1250, 1500, 1750 see it advance
  playhead.stop(); // at 1800
  time.advance(2_000); // the poll at 2000 moved 50 ms since 1750: stopped at 1800; 2750 is 1 s after that
  playhead.run(); // at 3800
  time.advance(250);
  assert.deepEqual(timeline(events.slice(3)), ['rebufferstart@1800', 'rebufferend@4000']);
});

test('playing -> waiting, playhead creeps on a little => still one stall, ended by the player\'s playing', () => {
  const { collector, time, events, playhead } = startedPlaying();
  time.advance(1_000);
  collector.buffering(); // at 1800, the playhead still moving (audio draining, hls.js nudging)
  time.advance(300);
  playhead.stop(); // 300 ms of creep: not a resume
  time.advance(3_000);
  playhead.run();
  collector.playing(); // at 5100
  time.advance(2_000);
  assert.deepEqual(timeline(events.slice(3)), ['waiting@1800', 'playing@5100']);
});

test('playing -> waiting, the player never says playing but the playhead moves 1 s => playing', () => {
  const { collector, time, events, playhead } = startedPlaying();
  time.advance(1_000);
  playhead.stop();
  collector.buffering(); // at 1800
  time.advance(1_200);
  playhead.run(); // at 3000; the poll at 4000 sees 1000 ms of progress
  time.advance(1_500);
  assert.deepEqual(timeline(events.slice(3)), ['waiting@1800', 'playing@4000']);
});

test('starting -> bufferingEnded => nothing (not a first frame); playing -> waiting -> bufferingEnded => playing', () => {
  const { collector, time, events, playhead } = recordingCollector();
  collector.play();
  time.advance(100);
  collector.bufferingEnded(); // Shaka buffered enough to start: frames are not shown yet
  time.advance(100);
  collector.playing();
  playhead.run();
  time.advance(500);
  playhead.stop();
  collector.buffering();
  time.advance(700);
  collector.bufferingEnded();
  assert.deepEqual(timeline(events), ['viewstart@0', 'play@0', 'playing@200', 'waiting@700', 'playing@1400']);
});

test('playing -> pause -> play => pause, play, then playing when frames advance (the resume is a stall until then)', () => {
  const { collector, time, events, playhead } = startedPlaying();
  time.advance(1_000);
  playhead.stop();
  collector.pause();
  time.advance(5_000);
  collector.play();
  time.advance(100);
  playhead.run();
  time.advance(300); // the poll at 7000 sees it advance
  collector.playing(); // native playing after the watchdog: nothing more
  assert.deepEqual(timeline(events.slice(3)), ['pause@1800', 'play@6800', 'playing@7000']);
});

test('playing -> seeking -> seeked -> frames advance => seeking, seeked, playing (the seek ends there)', () => {
  const { collector, time, events, playhead } = startedPlaying();
  time.advance(1_000);
  playhead.stop();
  playhead.seekTo(30_000);
  collector.seeking();
  collector.seeking(); // scrubbing: still one seek
  time.advance(100);
  collector.buffering(); // waiting during a seek is seek buffering, not a stall
  time.advance(400);
  collector.seeked();
  time.advance(100);
  playhead.run();
  time.advance(400);
  assert.deepEqual(timeline(events.slice(3)), ['seeking@1800', 'seeked@2300', 'playing@2500']);
  assert.equal(events.at(-1).player_playhead_time, 30_100);
});

test('playing -> seeking, native playing before seeked => ignored: the seek ends only after seeked', () => {
  const { collector, time, events, playhead } = startedPlaying();
  time.advance(1_000);
  playhead.stop();
  collector.seeking();
  time.advance(100);
  collector.playing();
  time.advance(100);
  collector.seeked();
  collector.playing();
  assert.deepEqual(timeline(events.slice(3)), ['seeking@1800', 'seeked@2000', 'playing@2000']);
});

test('paused -> seeking -> seeked => the seek ends at seeked; the next play is a resume', () => {
  const { collector, time, events, playhead } = startedPlaying();
  time.advance(1_000);
  playhead.stop();
  collector.pause();
  time.advance(1_000);
  collector.seeking();
  time.advance(300);
  collector.seeked();
  time.advance(700);
  collector.play();
  playhead.run();
  time.advance(250);
  assert.deepEqual(timeline(events.slice(3)), ['pause@1800', 'seeking@2800', 'seeked@3100', 'play@3800', 'playing@4000']);
});

test('playing -> ended => ended; no heartbeats after it', () => {
  const { collector, time, events, playhead } = startedPlaying();
  time.advance(4_000);
  playhead.stop();
  collector.pause(); // HTML5 fires pause before ended; the binding drops it, the collector must cope either way
  collector.ended();
  time.advance(30_000);
  assert.deepEqual(timeline(events.slice(3)), ['pause@4800', 'ended@4800']);
});

test('heartbeats every 10 s while starting or playing, none while paused', () => {
  const { collector, time, events, playhead } = recordingCollector();
  collector.play(); // timers start at 0
  time.advance(12_000); // hb@10000 while starting
  collector.playing();
  playhead.run();
  time.advance(10_000); // hb@20000
  playhead.stop();
  collector.pause();
  time.advance(20_000);
  assert.deepEqual(timeline(events), ['viewstart@0', 'play@0', 'hb@10000', 'playing@12000', 'hb@20000', 'pause@22000']);
});

test('starting -> fatal error => error (fatal) and nothing after: a video start failure', () => {
  const { collector, time, events } = recordingCollector();
  collector.play();
  time.advance(500);
  collector.error(4, 'MEDIA_ERR_SRC_NOT_SUPPORTED', { fatal: true });
  collector.playing();
  collector.buffering();
  time.advance(30_000);
  assert.deepEqual(timeline(events), ['viewstart@0', 'play@0', 'error@500']);
  assert.deepEqual(events[2], {
    event: 'error', view_id: 'view-1', view_sequence_number: 3, viewer_time: T0 + 500, player_playhead_time: 0,
    player_error_code: 4, player_error_message: 'MEDIA_ERR_SRC_NOT_SUPPORTED', player_error_severity: 'fatal',
    player_error_business_exception: false,
  });
});

test('error before any play request, then play => error, play: the attempt is recorded (a video start failure)', () => {
  const { collector, time, events } = recordingCollector();
  collector.error(2, 'MEDIA_ERR_NETWORK', { fatal: true });
  time.advance(300);
  collector.play();
  collector.play();
  assert.deepEqual(timeline(events), ['viewstart@0', 'error@0', 'play@300']);
});

test('playing -> warning => error with severity warning; playback goes on', () => {
  const { collector, time, events, playhead } = startedPlaying();
  time.advance(1_000);
  collector.error('fragLoadError', 'networkError fragLoadError', { fatal: false });
  time.advance(9_000); // hb@10000 still comes: the view is still playing
  assert.deepEqual(timeline(events.slice(3)), ['error@1800', 'hb@10000']);
  assert.equal(events[3].player_error_severity, 'warning');
  assert.equal(events[4].player_playhead_time, 9_200);
});

test('an error the page reports as a business exception => flagged on the event', () => {
  const { collector, events } = recordingCollector();
  collector.error('geo-blocked', 'not available in your country', { fatal: true, businessException: true });
  assert.deepEqual(names(events), ['viewstart', 'error']);
  assert.equal(events[1].player_error_business_exception, true);
  assert.equal(events[1].player_error_code, 'geo-blocked');
});

test('rendition before the view rides on viewstart; a different one during the view => renditionchange', () => {
  const { collector, time, events, playhead } = recordingCollector();
  collector.rendition({ bitrateBps: 800_000, widthPx: 640, heightPx: 360 });
  collector.play();
  time.advance(500);
  collector.playing();
  playhead.run();
  time.advance(1_000);
  collector.rendition({ bitrateBps: 800_000, widthPx: 640, heightPx: 360 }); // same: nothing
  collector.rendition({ bitrateBps: 2_500_000, widthPx: 1280, heightPx: 720 });
  assert.deepEqual(timeline(events), ['viewstart@0', 'play@0', 'playing@500', 'renditionchange@1500']);
  assert.equal(events[0].video_source_bitrate, 800_000);
  assert.deepEqual(events[3], {
    event: 'renditionchange', view_id: 'view-1', view_sequence_number: 4, viewer_time: T0 + 1_500,
    player_playhead_time: 1_000, video_source_bitrate: 2_500_000, video_source_width: 1280, video_source_height: 720,
  });
});

test('metadata set mid-view => sent once, with the next event only', () => {
  const { collector, time, events, playhead } = startedPlaying();
  collector.setFields({ custom_1: 'experiment-b', video_title: 'Renamed' });
  time.advance(10_000);
  time.advance(10_000);
  assert.deepEqual(timeline(events.slice(3)), ['hb@10000', 'hb@20000']);
  assert.equal(events[3].custom_1, 'experiment-b');
  assert.equal(events[3].video_title, 'Renamed');
  assert.equal('custom_1' in events[4], false);
  assert.equal(events[4].player_playhead_time, 19_200);
  assert.equal(playhead.running, true);
});

test('viewend => full state; the next play opens a new view numbered from 1', () => {
  const { collector, time, events, playhead } = startedPlaying();
  time.advance(2_000);
  collector.viewEnd();
  collector.viewEnd(); // no view open: nothing
  time.advance(20_000); // timers stopped with the view: no heartbeat
  collector.setFields({ video_id: 'v2' });
  collector.play();
  assert.deepEqual(timeline(events.slice(3)), ['viewend@2800', 'viewstart@22800', 'play@22800']);
  assert.equal(events[3].video_id, 'v1', 'viewend carries the full state');
  assert.deepEqual([events[4].view_id, events[4].view_sequence_number, events[4].video_id], ['view-2', 1, 'v2']);
  assert.equal(playhead.running, true);
});

test('sequence numbers increase by one within a view', () => {
  const { collector, time, events } = startedPlaying();
  time.advance(25_000);
  collector.viewEnd();
  assert.deepEqual(events.map((event) => event.view_sequence_number), [1, 2, 3, 4, 5, 6]);
});
