/**
 * The api.video-compatible analytics API (issue 5; vendor_apis.md §4, anchors.md §c.9).
 *
 * <p>Routes: {@code POST /auth/api-key}, {@code POST /auth/refresh} (not rate limited);
 * {@code GET /analytics/videos/plays}, {@code /analytics/live-streams/plays}, {@code /analytics/videos/{videoId}},
 * {@code /analytics/live-streams/{liveStreamId}}, {@code /analytics/sessions/{sessionId}/events},
 * {@code /data/metrics/{metric}/{aggregation}}, {@code /data/buckets/{metric}/{breakdown}},
 * {@code /data/timeseries/{metric}}; any other {@code /analytics/...} path answers api.video's all-null 404.
 *
 * <p>Choices where api.video's documentation is silent:
 * <ul>
 *   <li>Keys: credential kind {@code apivideo_api_key}, key id and stored secret both the key's SHA-256.
 *       {@code PLAYTRACE_APIVIDEO_API_KEY} fixes the default project's key. Access tokens (1 h) and refresh tokens
 *       (30 days, single use) are opaque and held in memory: a restart invalidates them and clients authenticate
 *       again with their key.</li>
 *   <li>A missing, malformed, expired or unknown credential on an analytics route: 401
 *       {@code {"type":"https://docs.api.video/reference/unauthorized","title":"Unauthorized request.","status":401}}
 *       without rate-limit headers (no key, no bucket).</li>
 *   <li>Analytics disabled (403): credential kind {@code apivideo_analytics_disabled}, key id = project id, stored
 *       secret {@code "true"}; set with {@link dev.playtrace.server.facade.apivideo.ApiVideoFacade#setAnalyticsEnabled}.</li>
 *   <li>Rate limit: a token bucket per API key of {@code PLAYTRACE_APIVIDEO_RATE_LIMIT} requests (default 60) refilled
 *       continuously over a minute. {@code X-RateLimit-Retry-After} is the seconds until the next request is
 *       allowed when the bucket is empty, else until it is full again. Order: authenticate, count, 429, 403, answer.</li>
 *   <li>Plays: {@code to} is inclusive (metrics.md §3a.12), windows ending in the future are clamped to now;
 *       {@code emittedAt} is hourly when {@code to − from + 1 day ≤ 2 days}, with every bucket (0 included) formatted
 *       {@code 2023-06-10 10:00:00+00:00}. Views with no stream type count as on-demand. Values with 0 plays are left
 *       out of the other dimensions; stored values that map to one api.video value add up (bot → unknown).
 *       Rows are sorted by plays descending, then value. {@code pagesTotal} is at least 1.</li>
 *   <li>Raw sessions: views loaded ({@code loadedAt}, the view start) in the period, oldest first, as the seed
 *       assigns them; {@code period} is optional (the seed's own example has none): without it, every session.
 *       Metadata (api.video's {@code metadata[key]=value} filters and {@code session.metadata}, any key): a player
 *       sends each pair as the beacon field {@code metadata.<key>} (e.g. {@code "metadata.Author": "John Doe"});
 *       the beacon protocol keeps unknown fields on the view's events, so nothing in the model or ingest changes.
 *       The custom dimensions {@code custom_1}..{@code custom_10} (mux-embed's and our SDK's custom fields) are
 *       metadata too, under those names. {@code session.metadata} lists the custom dimensions set, then each
 *       {@code metadata.<key>} by first appearance (keys new on one event by name) with the last value sent, as
 *       {@code {key, value}} text (a number as its decimal text). {@code metadata[custom_N]=v} filters on the
 *       dimension; any other {@code metadata[key]=v} keeps sessions with an event whose {@code metadata.<key>}
 *       was exactly {@code v} (store-side, JSON Pointer into the event's fields, so any key works); several pairs
 *       must all hold. Chosen over a key/value column on the view, which would change the model, the views table
 *       and every store for one facade. Cost: the filter reads the events of the project's matching views, and
 *       listing reads the page's sessions' events in one store call.
 *       {@code os.shortname} is derived from the OS family and version ({@code W10}, {@code MAC}, {@code IOS},
 *       {@code AND}, {@code LIN}). {@code location.city} stays null: enrichment resolves only the country (CDN
 *       header or an MMDB country database). {@code referrer.*} stays null/unknown: the beacon's {@code page_url}
 *       is not stored on the view and no beacon carries the document referrer or search term.</li>
 * </ul>
 */
package dev.playtrace.server.facade.apivideo;
