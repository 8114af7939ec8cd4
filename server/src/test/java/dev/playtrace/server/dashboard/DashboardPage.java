package dev.playtrace.server.dashboard;

import dev.playtrace.server.support.HeadlessChromium;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

/** Drives the dashboard in headless Chromium: opens pages, waits until they rendered, reads them, saves screenshots. */
final class DashboardPage {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

    private final HeadlessChromium browser;
    private final String origin;

    DashboardPage(HeadlessChromium browser, int port) {
        this.browser = browser;
        this.origin = "http://localhost:" + port;
    }

    ChromeDriver driver() {
        return browser.driver();
    }

    /** Signs in through the link the server prints and opens a page (a fragment path such as /overview?range=24h). */
    void openSignedIn(String tokenId, String tokenSecret, String fragmentPath) {
        String before = generation();
        driver().get(origin + "/#token=" + tokenId + ":" + tokenSecret + "&next=" + fragmentPath);
        waitForRender(before);
    }

    /** Goes to a fragment path in the running page, as a click on a link would. */
    void go(String fragmentPath) {
        goWithoutCheck(fragmentPath);
        if ("error".equals(script("return document.getElementById('main').dataset.state"))) {
            throw new AssertionError("the page shows an error: " + text(By.id("main")));
        }
    }

    /** Goes to a page that may show an error, and waits until it rendered either way. */
    void goWithoutCheck(String fragmentPath) {
        String before = generation();
        script("if (location.hash === arguments[0]) window.dispatchEvent(new HashChangeEvent('hashchange'));"
                + " else location.hash = arguments[0];", "#" + fragmentPath);
        waitForRender(before);
    }

    /** Runs an action that re-renders the page (a click, a select) and waits for the new render. */
    void rerenderAfter(Runnable action) {
        String before = generation();
        action.run();
        waitForRender(before);
        if ("error".equals(script("return document.getElementById('main').dataset.state"))) {
            throw new AssertionError("the page shows an error: " + text(By.id("main")));
        }
    }

    private String generation() {
        Object value = script("var m = document.getElementById('main'); return m ? m.dataset.generation : null");
        return value == null ? "" : value.toString();
    }

    private void waitForRender(String generationBefore) {
        new WebDriverWait(driver(), READY_TIMEOUT).until(d -> {
            Object state = script("var m = document.getElementById('main');"
                    + "return m ? m.dataset.generation + '/' + m.dataset.state : null");
            if (state == null) {
                return false;
            }
            String[] parts = state.toString().split("/");
            return !parts[0].equals(generationBefore) && (parts[1].equals("ready") || parts[1].equals("error"));
        });
    }

    /** Waits until every chart of the page is drawn (they render after the numbers). */
    void waitForCharts() {
        new WebDriverWait(driver(), READY_TIMEOUT).until(d -> Boolean.TRUE.equals(script(
                "return [...document.querySelectorAll('.chart')].every(c => c.querySelector('canvas'))"
                        + " && !document.querySelector('[data-testid=loading]')")));
    }

    Object script(String code, Object... arguments) {
        return ((JavascriptExecutor) driver()).executeScript(code, arguments);
    }

    String text(By by) {
        return driver().findElement(by).getText().trim();
    }

    List<WebElement> all(By by) {
        return driver().findElements(by);
    }

    String fragment() {
        return script("return decodeURIComponent(location.hash)").toString();
    }

    /** Console entries at SEVERE since the last call (page errors, failed requests). */
    List<String> severeConsoleEntries() {
        return browser.consoleSinceLastCall().stream().filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::toString).toList();
    }

    /**
     * Waits until the console has logged {@code count} SEVERE entries since the last read and returns them. Chromium
     * logs a refused request when its answer arrives, which may be after the page already shows the refusal (the
     * page shows the first of several refused requests).
     */
    List<String> awaitSevereConsoleEntries(int count) {
        List<String> seen = new ArrayList<>();
        try {
            new WebDriverWait(driver(), READY_TIMEOUT).until(d -> {
                seen.addAll(severeConsoleEntries());
                return seen.size() >= count;
            });
        } catch (TimeoutException e) {
            throw new AssertionError("expected " + count + " console errors, the console has " + seen, e);
        }
        return seen;
    }

    /** Saves a screenshot under the build directory's screenshots/ folder and returns its path. */
    Path screenshot(String name) {
        try {
            Path folder = buildDirectory().resolve("screenshots");
            Files.createDirectories(folder);
            Path file = folder.resolve(name + ".png");
            Files.copy(driver().getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The module's build directory (target, or the folder -Dserver.build.dir names): the parent of test-classes. */
    private static Path buildDirectory() {
        try {
            return Path.of(DashboardPage.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
