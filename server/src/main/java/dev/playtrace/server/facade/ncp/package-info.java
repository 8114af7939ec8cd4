/**
 * NAVER Cloud Platform compatibility: VPE Media Analytics ({@code /v1/charts/**}, {@code /v1/contentsSummary**})
 * and VOD Station ({@code /api/v2/**}), which reads the encoding jobs reported through the native encoding API
 * ({@code /data/v1/encoding/**}, in {@code nativeapi}).
 *
 * <h2>Keys</h2>
 * Every project gets a VPE API key (credential kind {@code ncp-vpe-api-key}, key id = project id, stored as SHA-256)
 * and an NCP access key with its secret (kind {@code ncp-access-key}, key id = access key, secret encrypted with the
 * data directory's {@code server.key}). The default project's are fixed by {@code PLAYTRACE_VPE_API_KEY},
 * {@code PLAYTRACE_NCP_ACCESS_KEY} and {@code PLAYTRACE_NCP_SECRET_KEY}.
 *
 * <h2>VPE choices where NAVER's docs are silent</h2>
 * <ul>
 *   <li>{@code startDate}/{@code endDate}: {@code yyyy-MM-dd}, {@code yyyy-MM-dd HH:mm:ss} or ISO-8601, UTC, both
 *   inclusive; end omitted = now; start omitted = the 1st of the end's month, 00:00 UTC (month to date).</li>
 *   <li>End minus start of at most one day: 5-minute buckets, {@code (5m)}; longer: 1-day buckets, {@code (1d)}.
 *   An end exactly on a bucket boundary closes the window there (no one-millisecond last bucket charted as 0).
 *   A window reaching past now stops at the current bucket (metrics.md §3a.12); a window wholly after now lists
 *   each of its buckets with 0, as a past window without plays does (the seed lists such days with 0).</li>
 *   <li>Unknown paths under {@code /v1/charts/} and {@code /v1/contentsSummary/} answer 404
 *   {@code {"error":{"errorCode":"404",...}}}; a query string over 3,500 characters answers VPE's 400 naming it.</li>
 *   <li>{@code Mobile} = phone, tablet, wearable; {@code PC} = all other views (desktop, tv, console, bot, unknown,
 *   none). {@code LIVE} = stream type live; {@code VOD} = all other views.</li>
 *   <li>Authentication failures answer HTTP 200 {@code {"code":200,"message":"Unauthorized","result":null}} (VPE's
 *   documented answer for a caller without the service); bad parameters HTTP 400
 *   {@code {"error":{"errorCode":"400","message":...}}}.</li>
 *   <li>{@code currentViewers}: concurrent viewers at the start of each of the last 60 minutes, current minute first.</li>
 *   <li>{@code contentsSummary} and the top-10 lists group by {@code video_id} ({@code contentsKey}); {@code title}
 *   and {@code videoType} are the content's most frequent title and stream type; {@code url} is null;
 *   {@code playTime} is whole seconds (rounded), {@code playTimeSum} decimal seconds.</li>
 * </ul>
 *
 * <h2>VOD Station</h2>
 * A job's "work start time" is when it was requested (created through the native encoding API); windows include both ends
 * and take the smaller of {@code workStartTimeFrom}/{@code workStartTimeTo} as the start. VOD Station's own errors
 * are the seed's {@code {"error":{"code":<Integer>,"message":...}}}; the API Gateway's (authentication, unknown
 * path) keep the gateway's {@code errorCode} string shape, since the gateway answers them before VOD Station. Every
 * answer carries the seed's {@code Content-Type: application/json;charset=utf-8} and a fresh {@code x-ncp-trace-id}.
 */
package dev.playtrace.server.facade.ncp;
