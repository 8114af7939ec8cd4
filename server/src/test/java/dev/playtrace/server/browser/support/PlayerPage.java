package dev.playtrace.server.browser.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.support.HeadlessChromium;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A page built on {@code src/test/resources/browser/common/harness.js}, driven one step at a time: each
 * {@link #call} runs {@code window.harness[step](...args)} and waits for its promise (up to 60 s, the script timeout
 * of {@link HeadlessChromium}). A rejected step fails the test with the page's console.
 */
public final class PlayerPage {
    private final HeadlessChromium browser;

    private PlayerPage(HeadlessChromium browser) {
        this.browser = browser;
    }

    /** Navigates to {@code url} and waits until the harness is installed (the page title turns to {@code ready}). */
    public static PlayerPage open(HeadlessChromium browser, URI url) {
        browser.consoleSinceLastCall();
        browser.driver().get(url.toString());
        try {
            new WebDriverWait(browser.driver(), Duration.ofSeconds(15))
                    .until(driver -> "ready".equals(driver.getTitle()));
        } catch (RuntimeException e) {
            throw new AssertionError("page " + url + " did not get ready; console: " + console(browser.consoleSinceLastCall()), e);
        }
        return new PlayerPage(browser);
    }

    /** The browser's {@code navigator.userAgent} (for {@link BrowserPlaytrace#warmUp}). */
    public static String userAgent(HeadlessChromium browser) {
        return (String) ((JavascriptExecutor) browser.driver()).executeScript("return navigator.userAgent");
    }

    /** Runs a harness step and returns its result as JSON (null when it returned nothing). */
    public JsonNode call(String step, Object... args) {
        String script = "const done = arguments[arguments.length - 1];"
                + "const args = Array.prototype.slice.call(arguments, 0, arguments.length - 1);"
                + "Promise.resolve().then(() => window.harness[" + quote(step) + "](...args))"
                + ".then(v => done({ ok: JSON.stringify(v === undefined ? null : v) }),"
                + " e => done({ error: String(e && e.stack || e) }));";
        Object result = ((JavascriptExecutor) browser.driver()).executeAsyncScript(script, args);
        JsonNode node = Json.MAPPER.valueToTree(result);
        if (node.has("error")) {
            throw new AssertionError("harness." + step + Arrays.toString(args) + " failed: " + node.path("error").asText()
                    + "\nconsole: " + console(browser.consoleSinceLastCall()));
        }
        try {
            return Json.MAPPER.readTree(node.path("ok").asText());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Console entries since the last call, one per line (for failure messages). */
    public String console() {
        return console(browser.consoleSinceLastCall());
    }

    private static String console(List<LogEntry> entries) {
        return entries.stream().map(e -> e.getLevel() + " " + e.getMessage()).collect(Collectors.joining("\n"));
    }

    private static String quote(String step) {
        if (!step.matches("[A-Za-z]+")) {
            throw new IllegalArgumentException("not a step name: " + step);
        }
        return "'" + step + "'";
    }
}
