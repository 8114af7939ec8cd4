/**
 * MediaMelon SmartSight compatibility: the Keycloak-style token endpoint
 * ({@code POST /realms/{realm}/protocol/openid-connect/token}, also {@code POST /generateOAuthToken}), generation 2
 * {@code GET /mm-apis/session/{customerId}} and {@code /mm-apis/qbrData/vod/{customerId}} (on-demand views only), and
 * generation 3 {@code /mm-apis/metricquery/{customerId}} and {@code /mm-apis/listsessions/{customerId}}.
 * {@code customerId} is the project id. Metric keys map to catalogue metrics as metrics.md §6 says.
 *
 * <h2>Keys</h2>
 * <ul>
 *   <li>{@code grant_type=client_credentials}: an API token's id and secret as {@code client_id}/{@code client_secret}
 *   (form fields or HTTP Basic).</li>
 *   <li>{@code grant_type=password}: the project's SmartSight user (credential kind {@code smartsight_user}, key id =
 *   username, default the project id, stored as SHA-256); fixed for the default project by
 *   {@code PLAYTRACE_SMARTSIGHT_USERNAME} and {@code PLAYTRACE_SMARTSIGHT_PASSWORD}.</li>
 *   <li>{@code grant_type=refresh_token}: the refresh token of an earlier answer (valid 1,800 s).</li>
 *   <li>Access tokens are HS256 JWTs (Nimbus JOSE+JWT), valid 900 s, subject = project id. The HMAC key is generated
 *   once per data directory and stored encrypted with {@code server.key} (credential kind {@code smartsight_jwt_key},
 *   project {@code *}), so tokens survive restarts.</li>
 *   <li>Generation 3 {@code X-API-Key} (kind {@code smartsight_api_key}, key id and stored value = SHA-256 of the key),
 *   fixed by {@code PLAYTRACE_SMARTSIGHT_API_KEY}. Every data endpoint accepts either a Bearer token or the key.</li>
 *   <li>{@code planlevel} is required on the generation 1/2 routes ({@code session}, {@code qbrData/vod}), as the seed
 *   documents (400 naming it when missing), and absent from generation 3 ({@code metricquery}). Its value is checked
 *   only when the project has one ({@code PLAYTRACE_SMARTSIGHT_PLANLEVEL}, kind {@code smartsight_planlevel}); a
 *   different value is 403.</li>
 *   <li>{@code scope=openid} adds an {@code id_token} (HS256 JWT, type {@code ID}, not accepted as an access token).</li>
 *   <li>Sessions end 10 h after their login (Keycloak's SSO Session Max), however often they are refreshed: a refresh
 *   token works once, and {@code expires_in}/{@code refresh_expires_in} shrink to the time the session has left.</li>
 *   <li>Revocation (the seed documents none; Keycloak's, RFC 7009): {@code POST
 *   /realms/{realm}/protocol/openid-connect/revoke} with the form field {@code token} (access or refresh token,
 *   {@code token_type_hint} optional) answers 200 {@code {}} whether or not the token was known; a revoked access token
 *   is refused at once, a revoked refresh token can no longer be exchanged. Holding the token is enough to revoke it
 *   (revoking only shortens its life), so no client authentication is asked.</li>
 *   <li>A token request whose client authenticated with HTTP Basic and failed gets 401 with
 *   {@code WWW-Authenticate: Basic realm="<realm>"} (RFC 6749 §5.2); credentials in the form get no challenge.</li>
 * </ul>
 *
 * <h2>Choices where the seed is silent</h2>
 * <ul>
 *   <li>{@code period} is {@code [start, end)} in epoch seconds, like the native {@code timeframe[]}; start after end
 *   is swapped; the engine clamps a window ending in the future to now.</li>
 *   <li>Envelope: {@code totalcount} = {@code totalrecords} = rows of the whole result; {@code pagecount} = each row's
 *   {@code totalpages} = pages of the whole result at {@code limit} rows (vendor_apis.md §3: "pagecount = total
 *   pages in the full result"; an empty result is one empty page).</li>
 *   <li>{@code limit} defaults to the documented 1,000; {@code offset} counts rows; {@code count} is read as
 *   {@code limit} (generation 1).</li>
 *   <li>Rows are ordered by the first requested metric, largest first, unless {@code orderby}/{@code orderas}
 *   (or {@code order}) say otherwise; ties and nulls: nulls last, then by the group value ascending. Multi-metric rows
 *   are built from one breakdown per metric (all groups), joined on the group value, then ordered and paged here.</li>
 *   <li>Counts are whole numbers; {@code concurviewavg} is the peak of the per-minute concurrent-viewer samples
 *   ({@code concurrent_viewers}, measurement {@code max}), an integer: the seed's 52911 is above the time-average its
 *   own playdur allows and far below its plays. Ratios and seconds are decimals.</li>
 *   <li>Over no views (an empty period, a time bucket or group without views): counts ({@code viewercount},
 *   {@code attempts}, {@code concurviewavg}, {@code endedplays}, {@code errors}) are {@code 0} and the sum
 *   {@code playdur} is {@code 0.0}, as metrics.md §5 says ("count 0, ratio null") and as the seed's own Q-metric row
 *   shows ({@code "viewercount": 0} beside {@code "attempts": 26}); every ratio, average and score
 *   ({@code startupabandonmentrate}, {@code failurerate}, {@code bufferingratio}, {@code sumbuffwaitcirr},
 *   {@code vrtbufferingratio}, {@code latency}, {@code qualityofexperience}) is JSON {@code null}, never 0. A grouped
 *   request with no group has no rows.</li>
 *   <li>Any other path under {@code /mm-apis/} answers 404 in the data endpoints' JSON error body.</li>
 *   <li>{@code aggby=timestamp}: {@code timestamp} is the bucket start in epoch seconds; every bucket is listed.</li>
 *   <li>Stream types read and show as {@code vod}/{@code live}. {@code qoefilter} is refused (400) rather than
 *   ignored; {@code concurrency} is accepted and changes nothing (views are selected by their play request).</li>
 *   <li>listsessions: sessions whose view end lies in the period; {@code sessiontype=started} is refused (400);
 *   {@code allstatus=1} adds open views; {@code businesserror} is ignored. Its envelope is the metric endpoints':
 *   {@code totalcount} = {@code totalrecords} = sessions in all, {@code pagecount} = each row's {@code totalpages} =
 *   pages of {@code limit} (1 to 100,000, default 1,000) sessions; {@code offset} (rows) past the last session gives
 *   an empty page with the same totals.</li>
 *   <li>Errors: {@code {"status", "error", "message"}}; the token endpoint answers Keycloak's
 *   {@code {"error", "error_description"}}.</li>
 * </ul>
 */
package dev.playtrace.server.facade.smartsight;
