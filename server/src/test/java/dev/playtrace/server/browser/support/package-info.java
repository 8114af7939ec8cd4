/**
 * Fixtures for tests that play real media in headless Chromium and check what Playtrace stored.
 *
 * <p>A test class usually holds, for all its tests: a {@link dev.playtrace.server.browser.support.PageServer}
 * (pages, media, npm packages, faults), a {@link dev.playtrace.server.browser.support.BrowserPlaytrace} (the server,
 * on the system clock) and one {@link dev.playtrace.server.support.HeadlessChromium}; and per test:
 * <pre>{@code
 * pages.reset();                                   // @BeforeEach: no faults, empty request log
 * pages.delay("/media/hls/r240/seg_003\\.ts", 3_000); // optional fault
 * PlayerPage page = PlayerPage.open(browser, pages.url("/pages/<your folder>/player.html?..."));
 * page.call("load", Map.of("src", pages.origin() + "/media/" + MediaFixtures.HLS_MASTER, "useHls", true,
 *         "level", 0, "videoId", "my-scenario"));
 * page.call("play");                                // {outcome: "playing"|"error", startupMs}
 * page.call("playheadReaches", 5, 10_000);
 * PageMeasurements measured = new PageMeasurements(page.call("finish"));
 * JsonNode view = playtrace.awaitView("my-scenario", v -> v.path("closed").asBoolean(), Duration.ofSeconds(15));
 * }</pre>
 * A page is a module that calls {@code installHarness({attach, finish, beacons, hlsConfig})} from
 * {@code /pages/common/harness.js} (see {@code src/test/resources/browser/muxembed/player.html} and
 * {@code cmcd/player.html}): {@code attach(ctx)} wires the analytics SDK to {@code ctx.video} (and {@code ctx.hls})
 * before the source loads, {@code finish(ctx)} ends the view. The harness steps are listed in {@code harness.js};
 * {@code common/video-probe.js} measures startup, stalls and seeks on the page; {@code common/beacon-log.js} records
 * each beacon and Playtrace's answer ({@link dev.playtrace.server.browser.support.PageMeasurements#beaconProblems()}).
 * {@link dev.playtrace.server.browser.support.BrowserFixturesTest} shows the media and faults behaving.
 */
package dev.playtrace.server.browser.support;
