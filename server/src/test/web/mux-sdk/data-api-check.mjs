// Drives Playtrace's /data/v1 with the official Mux Node SDK and checks every response against the SDK's own
// TypeScript types (sdk-types.mjs) and a few consistency rules. Run by MuxNodeSdkDataApiTest against a server holding
// simulated views; exits 1 with one line per problem, 0 when everything conforms.
//
// Environment: PLAYTRACE_BASE_URL, MUX_TOKEN_ID, MUX_TOKEN_SECRET, TIMEFRAME_FROM, TIMEFRAME_TO (epoch seconds);
// REPORT_FILE (optional): where to write every call with its raw response, for debugging.
import Mux from '@mux/mux-node';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileTypes } from './sdk-types.mjs';

const webDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const env = (name) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
};
const timeframe = [env('TIMEFRAME_FROM'), env('TIMEFRAME_TO')];

// Every SDK call's declared response type: the method's return type, or for paged lists the page the SDK parses.
const TYPES = {
    AllMetricValues: 'Mux.Data.AllMetricValuesResponse',
    BreakdownPage: 'Page<Mux.Data.BreakdownValue>',
    Overall: 'Mux.Data.OverallValuesResponse',
    Insights: 'Mux.Data.InsightsResponse',
    Timeseries: 'Mux.Data.MetricTimeseriesDataResponse',
    Dimensions: 'Mux.Data.DimensionsResponse',
    DimensionValuePage: 'Page<Mux.Data.DimensionValue>',
    Errors: 'Mux.Data.ErrorsResponse',
    Exports: 'Mux.Data.VideoViewExportsResponse',
    VideoViewPage: 'Page<Mux.Data.AbridgedVideoView>',
    VideoView: 'Mux.Data.VideoViewResponse',
    MonitoringDimensions: 'Mux.Data.MonitoringListDimensionsResponse',
    MonitoringMetrics: 'Mux.Data.Monitoring.MetricListResponse',
    MonitoringBreakdown: 'Mux.Data.Monitoring.MetricGetBreakdownResponse',
    MonitoringTimeseries: 'Mux.Data.Monitoring.MetricGetTimeseriesResponse',
    MonitoringBreakdownTimeseries: 'Mux.Data.Monitoring.MetricGetBreakdownTimeseriesResponse',
    MonitoringHistogram: 'Mux.Data.Monitoring.MetricGetHistogramTimeseriesResponse',
    RealTimeDimensions: 'Mux.Data.RealTimeDimensionsResponse',
    RealTimeMetrics: 'Mux.Data.RealTimeMetricsResponse',
    RealTimeBreakdown: 'Mux.Data.RealTimeBreakdownResponse',
    RealTimeTimeseries: 'Mux.Data.RealTimeTimeseriesResponse',
    RealTimeHistogram: 'Mux.Data.RealTimeHistogramTimeseriesResponse',
};

// SDK methods for Mux products Playtrace does not have: each must answer a JSON 404 (the SDK raises NotFoundError at
// once; a 5xx or 429 would make it retry). Listed here so the coverage check below fails when the SDK grows a method.
const NOT_SERVED = {
    'annotations.list': (c) => c.data.annotations.list(),
    'annotations.retrieve': (c) => c.data.annotations.retrieve('annotation-1'),
    'annotations.create': (c) => c.data.annotations.create({ date: 1, note: 'n' }),
    'annotations.update': (c) => c.data.annotations.update('annotation-1', { date: 1, note: 'n' }),
    'annotations.delete': (c) => c.data.annotations.delete('annotation-1'),
    'dimensions.listTraceElements': (c) => c.data.dimensions.listTraceElements('video_cdn_trace', { timeframe }),
    'incidents.list': (c) => c.data.incidents.list(),
    'incidents.retrieve': (c) => c.data.incidents.retrieve('incident-1'),
    'incidents.listRelated': (c) => c.data.incidents.listRelated('incident-1'),
    'subviewMetrics.getOverallValues': (c) => c.data.subviewMetrics.getOverallValues('playing_time', 'rendition', { timeframe }),
    'subviewMetrics.listBreakdownValues': (c) => c.data.subviewMetrics.listBreakdownValues('playing_time', 'rendition', { timeframe }),
    'subviewMetrics.listComparisonValues': (c) => c.data.subviewMetrics.listComparisonValues('playing_time', 'rendition', { dimension: 'country', timeframe }),
    'subviewMetrics.getBreakdownTimeseries': (c) => c.data.subviewMetrics.getBreakdownTimeseries('playing_time', 'rendition', { timeframe }),
    'subviewMetrics.listDimensions': (c) => c.data.subviewMetrics.listDimensions('rendition'),
    'subviewMetrics.listDimensionValues': (c) => c.data.subviewMetrics.listDimensionValues('rendition', 'country', { timeframe }),
    'engagement.assets.heatmap': (c) => c.data.engagement.assets.heatmap('asset-1'),
    'engagement.assets.hotspots': (c) => c.data.engagement.assets.hotspots('asset-1'),
    'engagement.playbackIds.heatmap': (c) => c.data.engagement.playbackIds.heatmap('playback-1'),
    'engagement.playbackIds.hotspots': (c) => c.data.engagement.playbackIds.hotspots('playback-1'),
    'engagement.videos.heatmap': (c) => c.data.engagement.videos.heatmap('video-1'),
    'engagement.videos.hotspots': (c) => c.data.engagement.videos.hotspots('video-1'),
};

const exchanges = [];
const client = new Mux({
    tokenId: env('MUX_TOKEN_ID'),
    tokenSecret: env('MUX_TOKEN_SECRET'),
    baseURL: env('PLAYTRACE_BASE_URL'),
    maxRetries: 0,
    timeout: 60_000,
    // keeps each raw response: the types are checked on the JSON exactly as the server sent it
    fetch: async (url, init) => {
        const response = await fetch(url, init);
        const text = await response.clone().text();
        exchanges.push({ url: String(url), status: response.status, text });
        return response;
    },
});

const types = compileTypes(webDir, TYPES);
const problems = [];
const called = new Set();
const report = [];
let checkedResponses = 0;

/** Calls the SDK, checks the raw response against the declared type, and returns the SDK's parsed result. */
async function call(method, typeName, invoke) {
    called.add(method);
    const before = exchanges.length;
    let result;
    try {
        result = await invoke(client);
    } catch (e) {
        const exchange = exchanges[exchanges.length - 1];
        problems.push(`${method}: the SDK threw ${e.constructor.name}: ${e.message}`
            + (exchange ? ` (${exchange.status} from ${exchange.url})` : ''));
        return undefined;
    }
    const exchange = exchanges[before];
    if (!exchange) {
        problems.push(`${method}: no HTTP exchange recorded`);
        return result;
    }
    const body = JSON.parse(exchange.text);
    report.push({ method, url: exchange.url, status: exchange.status, type: TYPES[typeName], body });
    checkedResponses++;
    for (const problem of types.check(typeName, body)) {
        problems.push(`${method} ${shortUrl(exchange.url)}: ${problem}`);
    }
    return body;
}

function shortUrl(url) {
    const u = new URL(url);
    const query = decodeURIComponent(u.search).replace(/timeframe\[\]=\d+&timeframe\[\]=\d+&?/, '');
    return u.pathname.replace('/data/v1', '') + (query.length > 1 ? query : '');
}

function expect(condition, message) {
    if (!condition) problems.push(message);
}

// ---- metrics -------------------------------------------------------------------------------------------------------
const catalogue = await (await fetch(`${env('PLAYTRACE_BASE_URL')}/data/v1/metrics`, {
    headers: { Authorization: 'Basic ' + Buffer.from(`${env('MUX_TOKEN_ID')}:${env('MUX_TOKEN_SECRET')}`).toString('base64') },
})).json();
const served = new Map(catalogue.data.map((m) => [m.id, m]));

// every count and duration metric takes measurement=sum (metrics.md; issue 16)
for (const metric of catalogue.data) {
    if ((metric.unit === 'count' || metric.unit === 'ms') && metric.id !== 'unique_viewers' && metric.id !== 'concurrent_viewers') {
        expect(metric.measurements.includes('sum'), `metric ${metric.id} (${metric.unit}) does not accept measurement=sum`);
    }
}

const breakdownViews = new Map();
for (const [id, metric] of served) {
    for (const measurement of metric.measurements) {
        const body = await call('metrics.getOverallValues', 'Overall',
            (c) => c.data.metrics.getOverallValues(id, { timeframe, measurement }));
        expect(!body || body.meta?.aggregation === measurement,
            `metrics.getOverallValues ${id} measurement=${measurement}: meta.aggregation is ${body?.meta?.aggregation}`);
    }
    const page = await call('metrics.listBreakdownValues', 'BreakdownPage',
        (c) => c.data.metrics.listBreakdownValues(id, { group_by: 'country', timeframe, limit: 100 }));
    if (id === 'views' && page) {
        for (const row of page.data) breakdownViews.set(row.field, row.views);
    }
    await call('metrics.getInsights', 'Insights', (c) => c.data.metrics.getInsights(id, { timeframe }));
    const series = await call('metrics.getTimeseries', 'Timeseries', (c) => c.data.metrics.getTimeseries(id, { timeframe }));
    expect(!series || series.data.length > 0, `metrics.getTimeseries ${id}: no buckets`);
}
expect(breakdownViews.size > 1, 'views broken down by country has fewer than two countries: the data set is too small');

// comparison: without a segment, with dimension/value, with filters[]; view_count is the segment's views for every metric
await call('metrics.list', 'AllMetricValues', (c) => c.data.metrics.list({ timeframe }));
const [topCountry, topCountryViews] = [...breakdownViews.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
for (const [label, params] of [
    ['dimension=country&value', { timeframe, dimension: 'country', value: topCountry }],
    ['filters[]=country', { timeframe, filters: [`country:${topCountry}`] }],
]) {
    const body = await call('metrics.list', 'AllMetricValues', (c) => c.data.metrics.list(params));
    if (!body) continue;
    const counts = new Set(body.data.map((row) => row.view_count));
    expect(counts.size === 1, `metrics.list ${label}: view_count differs across metrics: ${[...counts].join(', ')}`);
    expect(counts.has(topCountryViews),
        `metrics.list ${label}: view_count ${[...counts].join(', ')} is not the views breakdown's ${topCountryViews} for ${topCountry}`);
    const views = body.data.find((row) => row.metric === 'views');
    const overall = await call('metrics.getOverallValues', 'Overall',
        (c) => c.data.metrics.getOverallValues('views', { timeframe, filters: [`country:${topCountry}`] }));
    expect(overall?.data.total_views === topCountryViews,
        `metrics.getOverallValues views for ${topCountry}: total_views ${overall?.data.total_views} != ${topCountryViews}`);
    expect(views?.value === topCountryViews, `metrics.list ${label}: views value ${views?.value} != ${topCountryViews}`);
}

// ---- dimensions ------------------------------------------------------------------------------------------------------
const dimensions = await call('dimensions.list', 'Dimensions', (c) => c.data.dimensions.list());
const firstValues = await call('dimensions.listValues', 'DimensionValuePage',
    (c) => c.data.dimensions.listValues('country', { timeframe }));
// the SDK's iterator pages with page=2, 3, ... until an empty page: it must end and see every value once
const iterated = [];
for await (const value of client.data.dimensions.listValues('country', { timeframe, limit: 2 })) {
    iterated.push(value.value);
    if (iterated.length > 10_000) break;
}
expect(firstValues && iterated.length === firstValues.total_row_count && new Set(iterated).size === iterated.length,
    `dimensions.listValues iterated ${iterated.length} values, total_row_count says ${firstValues?.total_row_count}`);
for (const id of dimensions ? [...dimensions.data.basic, ...dimensions.data.advanced] : []) {
    await call('dimensions.listValues', 'DimensionValuePage', (c) => c.data.dimensions.listValues(id, { timeframe, limit: 5 }));
}

// ---- errors, exports, video views -------------------------------------------------------------------------------------
const errors = await call('errors.list', 'Errors', (c) => c.data.errors.list({ timeframe }));
expect(errors && errors.data.length > 0, 'errors.list: no errors in a data set with failures');
await call('exports.listVideoViews', 'Exports', (c) => c.data.exports.listVideoViews());

const viewPage = await call('videoViews.list', 'VideoViewPage', (c) => c.data.videoViews.list({ timeframe, limit: 50 }));
expect(viewPage && viewPage.data.length > 0, 'videoViews.list: no views');
const failed = viewPage?.data.find((v) => v.player_error_code !== null);
for (const view of [viewPage?.data[0], failed].filter(Boolean)) {
    const body = await call('videoViews.retrieve', 'VideoView', (c) => c.data.videoViews.retrieve(view.id));
    expect(!body || body.data.id === view.id, `videoViews.retrieve ${view.id}: answered ${body?.data.id}`);
}

// ---- monitoring (and its deprecated alias, real-time) --------------------------------------------------------------
const monitoringMetrics = await call('monitoring.metrics.list', 'MonitoringMetrics', (c) => c.data.monitoring.metrics.list());
const monitoringDimensions = await call('monitoring.listDimensions', 'MonitoringDimensions', (c) => c.data.monitoring.listDimensions());
const histogramMetrics = ['video-startup-time'];
const monitoringIds = (monitoringMetrics?.data ?? []).map((m) => m.name).filter((name) => !histogramMetrics.includes(name));
for (const sdkId of ['current-concurrent-viewers', 'current-rebuffering-percentage', 'exits-before-video-start',
    'playback-failure-percentage', 'current-average-bitrate', 'video-startup-failure-percentage']) {
    expect(monitoringIds.includes(sdkId), `monitoring.metrics.list does not list ${sdkId}, a metric the SDK names`);
}
let anyStartingUp = false;
for (const id of monitoringIds) {
    for (const dimension of (monitoringDimensions?.data ?? []).map((d) => d.name)) {
        const breakdown = await call('monitoring.metrics.getBreakdown', 'MonitoringBreakdown',
            (c) => c.data.monitoring.metrics.getBreakdown(id, { dimension }));
        anyStartingUp ||= (breakdown?.data ?? []).some((row) => row.starting_up_viewers > 0);
    }
    const series = await call('monitoring.metrics.getTimeseries', 'MonitoringTimeseries',
        (c) => c.data.monitoring.metrics.getTimeseries(id));
    expect(!series || series.data.length > 0, `monitoring.metrics.getTimeseries ${id}: no points`);
    expect(!series || series.data.some((point) => point.value !== null),
        `monitoring.metrics.getTimeseries ${id}: no value in 30 minutes of simulated views`);
    await call('monitoring.metrics.getBreakdownTimeseries', 'MonitoringBreakdownTimeseries',
        (c) => c.data.monitoring.metrics.getBreakdownTimeseries(id, { dimension: 'country' }));
}
expect(anyStartingUp, 'monitoring breakdowns: no starting_up_viewers anywhere, with views starting up now');
const current = await call('monitoring.metrics.getTimeseries', 'MonitoringTimeseries',
    (c) => c.data.monitoring.metrics.getTimeseries('current-concurrent-viewers'));
expect(current && current.data.some((point) => point.value > 0), 'current-concurrent-viewers: no viewer now');
for (const id of histogramMetrics) {
    const histogram = await call('monitoring.metrics.getHistogramTimeseries', 'MonitoringHistogram',
        (c) => c.data.monitoring.metrics.getHistogramTimeseries(id));
    for (const point of histogram?.data ?? []) {
        const count = point.bucket_values.reduce((sum, b) => sum + b.count, 0);
        expect(count === point.sum, `histogram ${point.timestamp}: bucket counts add up to ${count}, sum says ${point.sum}`);
        expect(point.bucket_values.length === histogram.meta.buckets.length, `histogram ${point.timestamp}: bucket count`);
    }
    expect(histogram && histogram.data.some((point) => point.sum > 0), `histogram ${id}: no started view`);
}

const realTimeMetrics = await call('realTime.listMetrics', 'RealTimeMetrics', (c) => c.data.realTime.listMetrics());
await call('realTime.listDimensions', 'RealTimeDimensions', (c) => c.data.realTime.listDimensions());
for (const id of (realTimeMetrics?.data ?? []).map((m) => m.name).filter((name) => !histogramMetrics.includes(name))) {
    await call('realTime.retrieveBreakdown', 'RealTimeBreakdown', (c) => c.data.realTime.retrieveBreakdown(id, { dimension: 'country' }));
    await call('realTime.retrieveTimeseries', 'RealTimeTimeseries', (c) => c.data.realTime.retrieveTimeseries(id));
}
await call('realTime.retrieveHistogramTimeseries', 'RealTimeHistogram',
    (c) => c.data.realTime.retrieveHistogramTimeseries('video-startup-time'));

// ---- products Playtrace does not have: a JSON 404 the SDK raises at once ------------------------------------------
for (const [method, invoke] of Object.entries(NOT_SERVED)) {
    called.add(method);
    const before = exchanges.length;
    try {
        await invoke(client);
        problems.push(`${method}: answered success; it is listed as not served`);
    } catch (e) {
        const exchange = exchanges[before];
        const json = (() => { try { return JSON.parse(exchange?.text ?? ''); } catch { return null; } })();
        expect(e instanceof Mux.NotFoundError && exchanges.length === before + 1 && json?.error?.type === 'not_found',
            `${method}: expected one JSON 404, got ${e.constructor.name} after ${exchanges.length - before} requests: ${exchange?.text?.slice(0, 120)}`);
    }
}

// ---- coverage: every method of every client.data resource was called -----------------------------------------------
function methodsOf(resource, prefix, into) {
    for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(resource))) {
        if (name !== 'constructor' && typeof resource[name] === 'function') into.push(prefix + name);
    }
    for (const [name, child] of Object.entries(resource)) {
        if (child && typeof child === 'object' && child._client) methodsOf(child, `${prefix}${name}.`, into);
    }
    return into;
}
for (const method of methodsOf(client.data, '', [])) {
    expect(called.has(method), `client.data.${method} is never called by this check`);
}

if (process.env.REPORT_FILE) {
    fs.writeFileSync(process.env.REPORT_FILE, JSON.stringify(report, null, 1));
}
console.log(`${checkedResponses} responses checked against @mux/mux-node types, ${called.size} SDK methods called,`
    + ` ${exchanges.length} HTTP requests`);
for (const problem of problems) {
    console.log('PROBLEM ' + problem);
}
process.exit(problems.length === 0 ? 0 : 1);
