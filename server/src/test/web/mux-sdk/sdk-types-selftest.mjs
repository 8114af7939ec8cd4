// Proves the type check of data-api-check.mjs can fail: each broken response below must be reported with the
// expected problem, and the well-formed ones must pass. Run by MuxNodeSdkTypeCheckTest; exits 1 on any surprise.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileTypes } from './sdk-types.mjs';

const webDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const types = compileTypes(webDir, {
    Errors: 'Mux.Data.ErrorsResponse',
    Timeseries: 'Mux.Data.MetricTimeseriesDataResponse',
    Breakdown: 'Mux.Data.Monitoring.MetricGetBreakdownResponse',
    ViewPage: 'Page<Mux.Data.AbridgedVideoView>',
    Overall: 'Mux.Data.OverallValuesResponse',
});

const error = { id: 1, code: null, count: 3, description: null, last_seen: '2026-01-01T00:00:00Z', message: 'm',
    notes: null, percentage: 1.5, player_error_code: 'bufferAppendError' };
const row = { concurrent_viewers: 2, metric_value: 2, negative_impact: 1, starting_up_viewers: 0, value: 'US' };
const view = { id: 'v', country_code: 'US', error_type_id: null, playback_failure: false, player_error_code: null,
    player_error_message: null, total_row_count: 1, video_title: 't', view_end: 'e', view_start: 's',
    viewer_application_name: null, viewer_experience_score: 90, viewer_os_family: null, watch_time: 10 };
const without = (object, key) => Object.fromEntries(Object.entries(object).filter(([k]) => k !== key));

const cases = [
    ['Errors', { data: [error], timeframe: [1, 2], total_row_count: 1 }, []],
    ['Errors', { data: [error, { ...error, code: 'bufferAppendError' }], timeframe: [1, 2], total_row_count: 1 },
        ['$.data[1].code: expected number | null, got "bufferAppendError"']],
    ['Errors', { data: [], timeframe: null, total_row_count: 0 }, ['$.timeframe: expected number[], got null']],
    ['Timeseries', { data: [['2026-01-01T00:00:00Z', null, 0]], meta: {}, timeframe: [1, 2], total_row_count: 1 }, []],
    ['Timeseries', { data: [['2026-01-01T00:00:00Z', true, 0]], meta: {}, timeframe: [1, 2], total_row_count: 1 },
        ['$.data[0][1]: expected string | number | null, got true']],
    ['Breakdown', { data: [row], timeframe: [1, 2], total_row_count: 1 }, []],
    ['Breakdown', { data: [without(row, 'starting_up_viewers')], timeframe: [1, 2], total_row_count: 1 },
        ['$.data[0].starting_up_viewers: missing (declared number)']],
    ['Breakdown', { data: [{ ...row, display_value: 7 }], timeframe: [1, 2], total_row_count: 1 },
        ['$.data[0].display_value: expected string | undefined, got 7']],
    ['ViewPage', { data: [view] }, []],
    ['ViewPage', { data: [{ ...view, watch_time: '10' }] }, ['$.data[0].watch_time: expected number | null, got "10"']],
    ['Overall', { data: { total_playing_time: null, total_views: 0, total_watch_time: null, value: null },
        meta: {}, timeframe: [1, 2], total_row_count: null }, ['$.data.value: expected number, got null']],
];

let failures = 0;
for (const [typeName, body, expected] of cases) {
    const problems = types.check(typeName, body);
    if (JSON.stringify(problems) !== JSON.stringify(expected)) {
        failures++;
        console.log(`SURPRISE ${typeName}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(problems)}`);
    }
}
console.log(`${cases.length} cases, ${failures} surprises`);
process.exit(failures === 0 ? 0 : 1);
