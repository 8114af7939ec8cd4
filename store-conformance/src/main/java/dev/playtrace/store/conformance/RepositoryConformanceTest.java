package dev.playtrace.store.conformance;

import dev.playtrace.model.ApiToken;
import dev.playtrace.model.Credential;
import dev.playtrace.model.EncodingCategory;
import dev.playtrace.model.EncodingJob;
import dev.playtrace.model.EncodingJobStatus;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.Project;
import dev.playtrace.store.spi.AlertIncident;
import dev.playtrace.store.spi.AlertRule;
import dev.playtrace.store.spi.IssuedToken;
import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.RateLimitBucket;
import dev.playtrace.store.spi.WebhookAttempt;
import dev.playtrace.store.spi.WebhookDelivery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The behaviour every store must show in every repository but the views (those are {@link StoreConformanceTest}):
 * projects, API tokens, credentials, encoding categories and jobs, issued tokens, rate-limit buckets, and alert
 * rules, incidents and webhook deliveries. A store
 * module extends this class, opens an empty store and declares what it does not support ({@link StoreBehavior}).
 */
public abstract class RepositoryConformanceTest {
    private static final long T0 = 1_704_067_200_000L;
    private static final int THREADS = 8;

    protected PlaytraceStore store;

    /** A new, empty store. */
    protected abstract PlaytraceStore openStore();

    /** The store {@link #openStore()} opened last, opened again after it was closed (only with {@code SUPPORTS_REOPENING}). */
    protected PlaytraceStore reopenStore() {
        throw new UnsupportedOperationException("this store's test does not reopen stores");
    }

    /** Whether the store under test supports the behaviour; override to name what it lacks. */
    protected boolean hasBehavior(StoreBehavior behavior) {
        return switch (behavior) {
            case SUPPORTS_REOPENING, SUPPORTS_CONCURRENT_COMPARE_AND_SET, SUPPORTS_PARQUET_EXPORT -> true;
        };
    }

    @BeforeEach
    void openEmptyStore() {
        store = openStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    // ---- projects ----

    @Test
    void projectsAreFoundByIdAndIngestKeyAndListedById() {
        Project second = new Project("p2", "Second", "key-2", T0 + 1);
        Project first = new Project("p1", "First", "key-1", T0);
        store.projects().saveProject(second);
        store.projects().saveProject(first);

        assertThat(store.projects().findProject("p1")).contains(first);
        assertThat(store.projects().findProjectByIngestKey("key-2")).contains(second);
        assertThat(store.projects().findProject("none")).isEmpty();
        assertThat(store.projects().findProjectByIngestKey("none")).isEmpty();
        assertThat(store.projects().listProjects()).containsExactly(first, second);
    }

    @Test
    void savingAProjectAgainReplacesItsNameAndIngestKey() {
        store.projects().saveProject(new Project("p1", "First", "key-1", T0));
        Project renamed = new Project("p1", "Renamed", "key-1b", T0);
        store.projects().saveProject(renamed);

        assertThat(store.projects().listProjects()).containsExactly(renamed);
        assertThat(store.projects().findProjectByIngestKey("key-1")).isEmpty();
        assertThat(store.projects().findProjectByIngestKey("key-1b")).contains(renamed);
    }

    @Test
    void anIngestKeyBelongsToOneProject() {
        store.projects().saveProject(new Project("p1", "First", "key-1", T0));

        assertThatThrownBy(() -> store.projects().saveProject(new Project("p2", "Second", "key-1", T0)))
                .isInstanceOfSatisfying(PlaytraceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(store.projects().findProject("p2")).isEmpty();
    }

    // ---- API tokens ----

    @Test
    void apiTokensAreFoundByIdListedPerProjectAndReplacedById() {
        ApiToken read = new ApiToken("t-b", "p1", "aa".repeat(32), ApiToken.TokenRole.READ, T0);
        ApiToken admin = new ApiToken("t-a", "p1", "bb".repeat(32), ApiToken.TokenRole.ADMIN, T0 + 1);
        ApiToken other = new ApiToken("t-c", "p2", "cc".repeat(32), ApiToken.TokenRole.READ, T0);
        store.projects().saveToken(read);
        store.projects().saveToken(admin);
        store.projects().saveToken(other);

        assertThat(store.projects().findToken("t-a")).contains(admin);
        assertThat(store.projects().findToken("none")).isEmpty();
        assertThat(store.projects().listTokens("p1")).containsExactly(admin, read);

        ApiToken promoted = new ApiToken("t-b", "p1", "dd".repeat(32), ApiToken.TokenRole.ADMIN, T0 + 2);
        store.projects().saveToken(promoted);
        assertThat(store.projects().findToken("t-b")).contains(promoted);
        assertThat(store.projects().listTokens("p1")).hasSize(2);
    }

    // ---- credentials ----

    @Test
    void credentialsAreKeyedByKindAndKeyIdAndListedPerProjectAndKind() {
        Credential vpe = new Credential("vpe", "k2", "p1", "secret-2", T0);
        Credential vpeFirst = new Credential("vpe", "k1", "p1", "secret-1", T0);
        Credential sameIdOtherKind = new Credential("ncp", "k1", "p1", "secret-3", T0);
        Credential otherProject = new Credential("vpe", "k3", "p2", "secret-4", T0);
        List.of(vpe, vpeFirst, sameIdOtherKind, otherProject).forEach(store.projects()::saveCredential);

        assertThat(store.projects().findCredential("vpe", "k1")).contains(vpeFirst);
        assertThat(store.projects().findCredential("ncp", "k1")).contains(sameIdOtherKind);
        assertThat(store.projects().findCredential("ncp", "k2")).isEmpty();
        assertThat(store.projects().listCredentials("p1", "vpe")).containsExactly(vpeFirst, vpe);
        assertThat(store.projects().listCredentials("p2", "ncp")).isEmpty();

        Credential moved = new Credential("vpe", "k1", "p2", "secret-5", T0 + 1);
        store.projects().saveCredential(moved);
        assertThat(store.projects().findCredential("vpe", "k1")).contains(moved);
        assertThat(store.projects().listCredentials("p1", "vpe")).containsExactly(vpe);
    }

    // ---- encoding categories ----

    @Test
    void categoriesGetConsecutiveIdsPerProjectAndArePagedById() {
        assertThat(store.encodingJobs().createCategory("p1", "movies", T0))
                .isEqualTo(new EncodingCategory("p1", 1, "movies", T0));
        assertThat(store.encodingJobs().createCategory("p1", "shows", T0 + 1).categoryId()).isEqualTo(2);
        assertThat(store.encodingJobs().createCategory("p1", "news", T0 + 2).categoryId()).isEqualTo(3);
        assertThat(store.encodingJobs().createCategory("p2", "other", T0 + 3).categoryId()).isEqualTo(1);

        assertThat(store.encodingJobs().listCategories("p1", 1, 1)).extracting(EncodingCategory::name).containsExactly("shows");
        assertThat(store.encodingJobs().listCategories("p1", 0, 10)).extracting(EncodingCategory::categoryId)
                .containsExactly(1L, 2L, 3L);
        assertThat(store.encodingJobs().countCategories("p1")).isEqualTo(3);
        assertThat(store.encodingJobs().countCategories("none")).isZero();
        assertThat(store.encodingJobs().findCategory("p2", 1)).contains(new EncodingCategory("p2", 1, "other", T0 + 3));
        assertThat(store.encodingJobs().findCategory("p2", 2)).isEmpty();
    }

    // ---- encoding jobs ----

    @Test
    void jobsRoundTripWithEveryFieldAndNulls() {
        EncodingJob full = job("p1", "f1", T0).moveTo(EncodingJobStatus.RUNNING, T0 + 10, null)
                .moveTo(EncodingJobStatus.FAILURE, T0 + 20, "codec not supported");
        EncodingJob sparse = EncodingJob.requested("p1", "f2", null, null, null,
                new EncodingJob.Input(null, null, null, null, null, null, null, null, null), T0);
        store.encodingJobs().createJob(full);
        store.encodingJobs().createJob(sparse);

        assertThat(store.encodingJobs().findJob("p1", "f1")).contains(full);
        assertThat(store.encodingJobs().findJob("p1", "f2")).contains(sparse);
        assertThat(store.encodingJobs().findJob("p2", "f1")).isEmpty();
    }

    @Test
    void aSecondJobWithTheSameFileIdInAProjectIsAConflict() {
        store.encodingJobs().createJob(job("p1", "f1", T0));
        store.encodingJobs().createJob(job("p2", "f1", T0));

        assertThatThrownBy(() -> store.encodingJobs().createJob(job("p1", "f1", T0 + 5)))
                .isInstanceOfSatisfying(PlaytraceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(store.encodingJobs().findJob("p1", "f1").orElseThrow().requestedAtMs()).isEqualTo(T0);
    }

    @Test
    void replaceJobIsACompareAndSetOnTheStatus() {
        EncodingJob waiting = job("p1", "f1", T0);
        store.encodingJobs().createJob(waiting);
        EncodingJob running = waiting.moveTo(EncodingJobStatus.RUNNING, T0 + 10, null);
        EncodingJob runningLater = waiting.moveTo(EncodingJobStatus.RUNNING, T0 + 11, null);

        assertThat(store.encodingJobs().replaceJob(running, EncodingJobStatus.WAITING)).isTrue();
        assertThat(store.encodingJobs().replaceJob(runningLater, EncodingJobStatus.WAITING)).as("no longer waiting").isFalse();
        assertThat(store.encodingJobs().findJob("p1", "f1")).contains(running);
        assertThat(store.encodingJobs().replaceJob(job("p1", "none", T0), EncodingJobStatus.WAITING)).as("no such job").isFalse();
    }

    @Test
    void jobsAreListedNewestFirstAndCountedInTheirRequestWindow() {
        store.encodingJobs().createJob(job("p1", "f1", T0 + 1000));
        store.encodingJobs().createJob(job("p1", "f2", T0 + 2000));
        store.encodingJobs().createJob(job("p1", "f3", T0 + 2000));
        store.encodingJobs().createJob(job("p1", "f4", T0 + 5000));
        store.encodingJobs().createJob(job("p2", "f1", T0 + 1500));
        store.encodingJobs().replaceJob(store.encodingJobs().findJob("p1", "f2").orElseThrow()
                .moveTo(EncodingJobStatus.RUNNING, T0 + 2500, null), EncodingJobStatus.WAITING);

        assertThat(store.encodingJobs().listJobs("p1", T0, T0 + 10_000, 0, 10)).extracting(EncodingJob::fileId)
                .containsExactly("f4", "f2", "f3", "f1");
        assertThat(store.encodingJobs().listJobs("p1", T0 + 1000, T0 + 5000, 1, 1)).extracting(EncodingJob::fileId)
                .as("window [from, to), ties by file id, offset and limit").containsExactly("f3");
        assertThat(store.encodingJobs().countJobs("p1", T0 + 1000, T0 + 5000)).isEqualTo(3);
        assertThat(store.encodingJobs().countJobsByStatus("p1", T0, T0 + 5000))
                .hasSize(EncodingJobStatus.values().length)
                .containsEntry(EncodingJobStatus.WAITING, 2L)
                .containsEntry(EncodingJobStatus.RUNNING, 1L)
                .containsEntry(EncodingJobStatus.COMPLETE, 0L);
        assertThat(store.encodingJobs().countJobsByStatus("none", T0, T0 + 5000).values()).containsOnly(0L);
    }

    @Test
    void ofConcurrentTransitionsFromOneStatusExactlyOneWins() throws Exception {
        assumeTrue(hasBehavior(StoreBehavior.SUPPORTS_CONCURRENT_COMPARE_AND_SET));
        EncodingJob waiting = job("p1", "f1", T0);
        store.encodingJobs().createJob(waiting);

        List<Boolean> wins = concurrently(i -> store.encodingJobs().replaceJob(
                waiting.moveTo(EncodingJobStatus.RUNNING, T0 + i, null), EncodingJobStatus.WAITING));

        assertThat(wins).containsOnlyOnce(true);
    }

    // ---- issued tokens ----

    @Test
    void anIssuedTokenIsFoundByHashUntilItExpires() {
        IssuedToken token = new IssuedToken(hash('a'), "apivideo_access", "p1", "key-1", T0, T0 + 3_600_000);
        store.issuedTokens().saveIssuedToken(token);

        assertThat(store.issuedTokens().findActiveToken(hash('a'), T0)).contains(token);
        assertThat(store.issuedTokens().findActiveToken(hash('a'), T0 + 3_599_999)).contains(token);
        assertThat(store.issuedTokens().findActiveToken(hash('a'), T0 + 3_600_000)).as("expired").isEmpty();
        assertThat(store.issuedTokens().findActiveToken(hash('b'), T0)).as("never issued").isEmpty();
    }

    @Test
    void aRevokedTokenIsGoneAndOnlyTheFirstRevocationCounts() {
        IssuedToken token = new IssuedToken(hash('a'), "apivideo_refresh", "p1", "key-1", T0, T0 + 60_000);
        IssuedToken other = new IssuedToken(hash('b'), "apivideo_refresh", "p1", "key-1", T0, T0 + 60_000);
        store.issuedTokens().saveIssuedToken(token);
        store.issuedTokens().saveIssuedToken(other);

        assertThat(store.issuedTokens().revokeToken(hash('a'))).isTrue();
        assertThat(store.issuedTokens().revokeToken(hash('a'))).isFalse();
        assertThat(store.issuedTokens().revokeToken(hash('c'))).isFalse();
        assertThat(store.issuedTokens().findActiveToken(hash('a'), T0)).isEmpty();
        assertThat(store.issuedTokens().findActiveToken(hash('b'), T0)).contains(other);
    }

    @Test
    void deletingExpiredTokensKeepsTheActiveOnes() {
        store.issuedTokens().saveIssuedToken(new IssuedToken(hash('a'), "k", "p1", "s", T0, T0 + 10));
        store.issuedTokens().saveIssuedToken(new IssuedToken(hash('b'), "k", "p1", "s", T0, T0 + 20));
        IssuedToken active = new IssuedToken(hash('c'), "k", "p1", "s", T0, T0 + 21);
        store.issuedTokens().saveIssuedToken(active);

        assertThat(store.issuedTokens().deleteExpiredTokens(T0 + 20)).isEqualTo(2);
        assertThat(store.issuedTokens().deleteExpiredTokens(T0 + 20)).isZero();
        assertThat(store.issuedTokens().revokeToken(hash('a'))).as("deleted").isFalse();
        assertThat(store.issuedTokens().findActiveToken(hash('c'), T0 + 20)).contains(active);
    }

    @Test
    void ofConcurrentRevocationsOfOneTokenExactlyOneSucceeds() throws Exception {
        assumeTrue(hasBehavior(StoreBehavior.SUPPORTS_CONCURRENT_COMPARE_AND_SET));
        store.issuedTokens().saveIssuedToken(new IssuedToken(hash('a'), "k", "p1", "s", T0, T0 + 60_000));

        assertThat(concurrently(i -> store.issuedTokens().revokeToken(hash('a')))).containsOnlyOnce(true);
    }

    // ---- rate-limit buckets ----

    @Test
    void aBucketIsInsertedOnceAndReplacedOnlyFromItsCurrentState() {
        RateLimitBucket full = new RateLimitBucket("apivideo:key-1", 60.0, T0);
        RateLimitBucket taken = new RateLimitBucket("apivideo:key-1", 59.0, T0);
        RateLimitBucket refilled = new RateLimitBucket("apivideo:key-1", 59.25, T0 + 250);
        assertThat(store.rateLimits().findBucket("apivideo:key-1")).isEmpty();

        assertThat(store.rateLimits().insertBucket(full)).isTrue();
        assertThat(store.rateLimits().insertBucket(taken)).as("exists already").isFalse();
        assertThat(store.rateLimits().findBucket("apivideo:key-1")).contains(full);

        assertThat(store.rateLimits().replaceBucket(full, taken)).isTrue();
        assertThat(store.rateLimits().replaceBucket(full, refilled)).as("stale expectation").isFalse();
        assertThat(store.rateLimits().replaceBucket(taken, refilled)).isTrue();
        assertThat(store.rateLimits().findBucket("apivideo:key-1")).contains(refilled);
        assertThat(store.rateLimits().replaceBucket(new RateLimitBucket("none", 1.0, T0),
                new RateLimitBucket("none", 0.0, T0))).as("no such bucket").isFalse();
        assertThat(store.rateLimits().findBucket("none")).isEmpty();
    }

    @Test
    void concurrentCompareAndSetLoopsLoseNoUpdate() throws Exception {
        assumeTrue(hasBehavior(StoreBehavior.SUPPORTS_CONCURRENT_COMPARE_AND_SET));
        int perThread = 20;

        concurrently(i -> {
            for (int n = 0; n < perThread; n++) {
                while (true) {
                    Optional<RateLimitBucket> current = store.rateLimits().findBucket("counter");
                    boolean stored = current.isEmpty()
                            ? store.rateLimits().insertBucket(new RateLimitBucket("counter", 1.0, T0))
                            : store.rateLimits().replaceBucket(current.get(),
                                    new RateLimitBucket("counter", current.get().tokens() + 1, T0));
                    if (stored) {
                        break;
                    }
                }
            }
            return true;
        });

        assertThat(store.rateLimits().findBucket("counter").orElseThrow().tokens()).isEqualTo(THREADS * perThread);
    }

    // ---- alerts ----

    @Test
    void alertRulesAreScopedToTheirProjectReplacedByIdAndDeleted() {
        AlertRule first = new AlertRule("p1", "r1", "VSF", true, "{\"metric\":\"a\"}", T0, T0);
        AlertRule second = new AlertRule("p1", "r2", "Startup", false, "{}", T0 + 1, T0 + 1);
        AlertRule otherProject = new AlertRule("p2", "r1", "Other", true, "{}", T0, T0);
        store.alerts().saveRule(second);
        store.alerts().saveRule(first);
        store.alerts().saveRule(otherProject);

        assertThat(store.alerts().listRules("p1")).containsExactly(first, second);
        assertThat(store.alerts().findRule("p2", "r1")).contains(otherProject);
        assertThat(store.alerts().findRule("p2", "r2")).isEmpty();
        assertThat(store.alerts().listEnabledRules()).containsExactly(first, otherProject);

        AlertRule renamed = new AlertRule("p1", "r1", "VSF renamed", false, "{\"metric\":\"b\"}", T0, T0 + 5);
        store.alerts().saveRule(renamed);
        assertThat(store.alerts().findRule("p1", "r1")).contains(renamed);
        assertThat(store.alerts().listEnabledRules()).containsExactly(otherProject);

        assertThat(store.alerts().deleteRule("p1", "r1")).isTrue();
        assertThat(store.alerts().deleteRule("p1", "r1")).as("already gone").isFalse();
        assertThat(store.alerts().listRules("p1")).containsExactly(second);
    }

    @Test
    void aRuleHasAtMostOneOpenIncidentAndResolvedOnesAreListedByOverlap() {
        AlertIncident opened = new AlertIncident("p1", "i1", "r1", AlertIncident.Status.OPEN, T0, null, T0, "{}");
        assertThat(store.alerts().openIncident(opened)).isTrue();
        assertThat(store.alerts().openIncident(new AlertIncident("p1", "i2", "r1", AlertIncident.Status.OPEN, T0 + 1,
                null, T0 + 1, "{}"))).as("the rule has an open incident").isFalse();
        assertThat(store.alerts().findOpenIncident("p1", "r1")).contains(opened);
        assertThat(store.alerts().findOpenIncident("p2", "r1")).isEmpty();

        AlertIncident resolved = new AlertIncident("p1", "i1", "r1", AlertIncident.Status.RESOLVED, T0, T0 + 600_000,
                T0 + 600_000, "{\"peak\":20}");
        assertThat(store.alerts().updateIncident(resolved)).isTrue();
        assertThat(store.alerts().updateIncident(new AlertIncident("p1", "none", "r1", AlertIncident.Status.OPEN, T0,
                null, T0, "{}"))).isFalse();
        assertThat(store.alerts().findOpenIncident("p1", "r1")).isEmpty();
        AlertIncident next = new AlertIncident("p1", "i3", "r1", AlertIncident.Status.OPEN, T0 + 900_000, null,
                T0 + 900_000, "{}");
        assertThat(store.alerts().openIncident(next)).isTrue();

        assertThat(store.alerts().listIncidents("p1", T0, T0 + 3_600_000, 0, 10)).containsExactly(next, resolved);
        assertThat(store.alerts().listIncidents("p1", T0 + 700_000, T0 + 800_000, 0, 10)).as("between the two")
                .isEmpty();
        assertThat(store.alerts().listIncidents("p1", T0 + 700_000, T0 + 7_200_000, 0, 10)).containsExactly(next);
        assertThat(store.alerts().listIncidents("p1", T0, T0 + 3_600_000, 1, 10)).containsExactly(resolved);
        assertThat(store.alerts().countIncidents("p1", T0, T0 + 3_600_000)).isEqualTo(2);
        assertThat(store.alerts().findIncident("p1", "i1")).contains(resolved);
        assertThat(store.alerts().findIncident("p2", "i1")).isEmpty();
    }

    @Test
    void ofConcurrentOpeningsOfAnIncidentForOneRuleExactlyOneSucceeds() throws Exception {
        assumeTrue(hasBehavior(StoreBehavior.SUPPORTS_CONCURRENT_COMPARE_AND_SET));

        List<Boolean> opened = concurrently(i -> store.alerts().openIncident(new AlertIncident("p1", "i" + i, "r1",
                AlertIncident.Status.OPEN, T0, null, T0, "{}")));

        assertThat(opened).containsOnlyOnce(true);
        assertThat(store.alerts().countIncidents("p1", T0, T0 + 1)).isEqualTo(1);
    }

    @Test
    void deliveriesAreDueByTimeAndKeepEveryAttempt() {
        WebhookDelivery delivery = new WebhookDelivery("p1", "d1", "r1", "i1", "http://localhost/hook",
                "sealed-secret", "incident.opened", "{\"a\":1}", WebhookDelivery.Status.PENDING, 0, T0, T0);
        WebhookDelivery later = new WebhookDelivery("p1", "d2", "r1", "i1", "http://localhost/hook",
                null, "incident.resolved", "{}", WebhookDelivery.Status.PENDING, 0, T0 + 1, T0 + 60_000);
        store.alerts().saveDelivery(later);
        store.alerts().saveDelivery(delivery);

        assertThat(store.alerts().listDueDeliveries(T0, 10)).containsExactly(delivery);
        assertThat(store.alerts().listDueDeliveries(T0 + 60_000, 10)).containsExactly(delivery, later);

        WebhookDelivery retrying = delivery.after(WebhookDelivery.Status.PENDING, T0 + 2_000);
        store.alerts().recordAttempt(retrying, new WebhookAttempt("d1", 1, T0, 503, "HTTP 503", 12));
        WebhookDelivery delivered = retrying.after(WebhookDelivery.Status.DELIVERED, T0 + 2_000);
        store.alerts().recordAttempt(delivered, new WebhookAttempt("d1", 2, T0 + 2_000, 200, null, 8));
        WebhookDelivery failed = later.after(WebhookDelivery.Status.FAILED, T0 + 60_000);
        store.alerts().recordAttempt(failed, new WebhookAttempt("d2", 1, T0 + 60_000, null, "connection refused", 1));

        assertThat(store.alerts().listDueDeliveries(T0 + 3_600_000, 10)).isEmpty();
        assertThat(store.alerts().listDeliveries("p1", "i1")).containsExactly(delivered, failed);
        assertThat(store.alerts().listDeliveries("p2", "i1")).isEmpty();
        assertThat(store.alerts().findDelivery("p1", "d1")).contains(delivered);
        assertThat(store.alerts().listAttempts("d1")).containsExactly(
                new WebhookAttempt("d1", 1, T0, 503, "HTTP 503", 12), new WebhookAttempt("d1", 2, T0 + 2_000, 200, null, 8));
        assertThat(store.alerts().listAttempts("d2")).containsExactly(
                new WebhookAttempt("d2", 1, T0 + 60_000, null, "connection refused", 1));
    }

    // ---- reopening ----

    @Test
    void sharedStateSurvivesClosingAndReopeningTheStore() {
        assumeTrue(hasBehavior(StoreBehavior.SUPPORTS_REOPENING));
        IssuedToken token = new IssuedToken(hash('a'), "apivideo_access", "p1", "key-1", T0, T0 + 60_000);
        RateLimitBucket bucket = new RateLimitBucket("apivideo:key-1", 12.5, T0);
        Project project = new Project("p1", "First", "key-1", T0);
        store.issuedTokens().saveIssuedToken(token);
        store.rateLimits().insertBucket(bucket);
        store.projects().saveProject(project);
        store.encodingJobs().createJob(job("p1", "f1", T0));
        AlertRule rule = new AlertRule("p1", "r1", "VSF", true, "{}", T0, T0);
        AlertIncident incident = new AlertIncident("p1", "i1", "r1", AlertIncident.Status.OPEN, T0, null, T0, "{}");
        store.alerts().saveRule(rule);
        store.alerts().openIncident(incident);

        store.close();
        store = reopenStore();

        assertThat(store.issuedTokens().findActiveToken(hash('a'), T0)).contains(token);
        assertThat(store.rateLimits().findBucket("apivideo:key-1")).contains(bucket);
        assertThat(store.projects().findProject("p1")).contains(project);
        assertThat(store.encodingJobs().findJob("p1", "f1")).contains(job("p1", "f1", T0));
        assertThat(store.alerts().findRule("p1", "r1")).contains(rule);
        assertThat(store.alerts().findOpenIncident("p1", "r1")).contains(incident);
    }

    private static EncodingJob job(String projectId, String fileId, long requestedAtMs) {
        return EncodingJob.requested(projectId, fileId, fileId + ".mp4", "/in/" + fileId + ".mp4", 1L,
                new EncodingJob.Input(12.5, "h264", 4_000_000L, "high", 1920, 1080, 29.97, "aac", 128_000L),
                requestedAtMs);
    }

    private static String hash(char filler) {
        return String.valueOf(filler).repeat(64);
    }

    @FunctionalInterface
    private interface Call<T> {
        T call(int thread) throws Exception;
    }

    /** Runs the call on {@value #THREADS} threads released together, and returns each thread's result. */
    private static <T> List<T> concurrently(Call<T> call) throws InterruptedException, ExecutionException {
        ExecutorService executor = Executors.newFixedThreadPool(THREADS);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                int thread = i;
                Callable<T> task = () -> {
                    start.await();
                    return call.call(thread);
                };
                futures.add(executor.submit(task));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            executor.shutdownNow();
        }
    }
}
