package dev.playtrace.store.clickhouse;

import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.store.spi.StoreRow;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Sends SQL to ClickHouse's HTTP interface with the JDK's client: the statement in the body, the database and settings
 * in the query string, Basic authentication. Every SELECT names its output format ({@code TabSeparatedWithNamesAndTypes})
 * in the SQL, which 18.16 and current releases answer alike. A failed statement (ClickHouse answers with a non-200
 * status and its message in the body) becomes {@code STORE_FAILURE} with ClickHouse's message.
 */
final class ClickHouseHttp implements AutoCloseable {
    static final String RESULT_FORMAT = "TabSeparatedWithNamesAndTypes";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** A generated query runs at most this long in ClickHouse (as in the DuckDB store), then fails with QUERY_TIMEOUT. */
    static final int QUERY_TIMEOUT_SECONDS = 30;
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(QUERY_TIMEOUT_SECONDS + 30);
    /** ClickHouse's error code for a query past {@code max_execution_time}. */
    private static final String TIMEOUT_EXCEEDED = "Code: 159,";

    /**
     * On a sharded store an insert into a Distributed table returns only after every shard stored its rows (by default
     * ClickHouse queues them on the entry server and answers at once): a write the store acknowledged is on its shard.
     * Ignored by tables that are not Distributed.
     */
    private static final String INSERT_DISTRIBUTED_SYNC = "insert_distributed_sync";
    /**
     * On a sharded store {@code IN (SELECT ... FROM views FINAL)} inside a query of another Distributed table is run
     * once on the entry server and its result sent to the shards ({@code GLOBAL IN}); ClickHouse refuses such
     * subqueries by default. Without Distributed tables there is nothing to distribute and it changes nothing.
     */
    private static final String DISTRIBUTED_SUBQUERIES = "distributed_product_mode";
    private static final String DISTRIBUTED_SUBQUERIES_GLOBAL = "global";

    /** How often a read that got no answer is sent again; statements that change data are sent once. */
    private static final int READS_RESENT = 1;
    private static final int NOT_RESENT = 0;

    private final ClickHouseLocation location;
    private final HttpClient client;
    private final String authorization;

    ClickHouseHttp(ClickHouseLocation location) {
        this.location = location;
        // ClickHouse speaks HTTP/1.1 only; the JDK's default would try an h2c upgrade on each new connection
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (location.user() + ":" + location.password()).getBytes(StandardCharsets.UTF_8));
    }

    /** Runs a statement that returns nothing (DDL, INSERT ... SELECT) in the store's database. */
    void execute(String sql) {
        send(sql, Map.of("database", location.database()), NOT_RESENT);
    }

    /** Runs a statement outside any database (creating the database itself). */
    void executeWithoutDatabase(String sql) {
        send(sql, Map.of(), NOT_RESENT);
    }

    /** Runs a SELECT (bound already) and reads every row by column name. */
    List<StoreRow> select(String sql) {
        String body = send(withFormat(sql, RESULT_FORMAT), Map.of("database", location.database(),
                // the whole result is computed before the status is sent, so a failure is a 500, never a cut result
                "wait_end_of_query", "1", "join_use_nulls", "1",
                "max_execution_time", Integer.toString(QUERY_TIMEOUT_SECONDS),
                DISTRIBUTED_SUBQUERIES, DISTRIBUTED_SUBQUERIES_GLOBAL), READS_RESENT);
        return parseRows(body);
    }

    /**
     * Inserts rows, values in {@code columns} order, as one RowBinary block: atomic for each partition it touches
     * (ClickHouse commits one part per partition of a block), not across the shards of a Distributed table.
     */
    void insert(String table, List<String> columns, List<String> types, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        RowBinary body = new RowBinary(types);
        rows.forEach(body::row);
        String statement = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") FORMAT RowBinary";
        try {
            HttpResponse<String> response = client.send(request(HttpRequest.BodyPublishers.ofByteArray(body.bytes()),
                            Map.of("database", location.database(), "query", statement,
                                    INSERT_DISTRIBUTED_SYNC, "1")),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                throw failure(response.body());
            }
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "interrupted while writing to ClickHouse at "
                    + location, e);
        }
    }

    /** Streams a SELECT's output in {@code format} to the consumer, without holding it. */
    void stream(String sql, String format, ResultConsumer consumer) {
        HttpRequest request = request(withFormat(sql, format), Map.of("database", location.database(),
                "join_use_nulls", "1", DISTRIBUTED_SUBQUERIES, DISTRIBUTED_SUBQUERIES_GLOBAL));
        try {
            HttpResponse<InputStream> response = sendResendingOnce(request, HttpResponse.BodyHandlers.ofInputStream(),
                    READS_RESENT);
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw failure(new String(body.readAllBytes(), StandardCharsets.UTF_8));
                }
                consumer.accept(body);
            }
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "interrupted while reading from ClickHouse at "
                    + location, e);
        }
    }

    /** Reads a streamed result. */
    @FunctionalInterface
    interface ResultConsumer {
        void accept(InputStream body) throws IOException;
    }

    /** Parses {@code TabSeparatedWithNamesAndTypes}: a line of names, a line of types, then rows. */
    static List<StoreRow> parseRows(String body) {
        try (BufferedReader reader = new BufferedReader(new java.io.StringReader(body))) {
            return readRows(reader);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<StoreRow> readRows(BufferedReader reader) throws IOException {
        String names = reader.readLine();
        String types = reader.readLine();
        if (names == null || types == null) {
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "ClickHouse answered a SELECT without its header");
        }
        List<String> columnTypes = TabSeparated.splitRow(types);
        StoreRow.Columns columns = StoreRow.Columns.of(TabSeparated.splitRow(names));
        List<StoreRow> rows = new ArrayList<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            List<String> fields = TabSeparated.splitRow(line);
            Object[] values = new Object[fields.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = ClickHouseValues.convert(fields.get(i), columnTypes.get(i));
            }
            rows.add(StoreRow.of(columns, values));
        }
        return rows;
    }

    private String send(String sql, Map<String, String> parameters, int resends) {
        try {
            HttpResponse<String> response = sendResendingOnce(request(sql, parameters),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), resends);
            if (response.statusCode() != 200) {
                throw failure(response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "interrupted while waiting for ClickHouse at "
                    + location, e);
        }
    }

    /**
     * Sends a request, and a read once more when it got no answer at all: ClickHouse closes a kept-alive connection
     * after {@code keep_alive_timeout} (3 s by default) of idleness, and a request the JDK client sends on it at that
     * moment fails before any response byte. A read is safe to send again; a write is not resent here (its caller,
     * the bus position or the API client, decides).
     */
    private <T> HttpResponse<T> sendResendingOnce(HttpRequest request, HttpResponse.BodyHandler<T> handler, int resends)
            throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                return client.send(request, handler);
            } catch (ConnectException | HttpTimeoutException e) {
                throw e; // nothing listens, or it took too long already: sending again would not help
            } catch (IOException e) {
                if (attempt >= resends) {
                    throw e;
                }
            }
        }
    }

    private HttpRequest request(String sql, Map<String, String> parameters) {
        return request(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8), parameters);
    }

    /** The statement is in the body, or (for an insert whose body is data) in the {@code query} parameter. */
    private HttpRequest request(HttpRequest.BodyPublisher body, Map<String, String> parameters) {
        String query = parameters.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(URI.create(location.httpEndpoint() + (query.isEmpty() ? "" : "?" + query)))
                .timeout(STATEMENT_TIMEOUT)
                .header("Authorization", authorization)
                .POST(body)
                .build();
    }

    private static String withFormat(String sql, String format) {
        String statement = sql.strip();
        if (statement.endsWith(";")) {
            statement = statement.substring(0, statement.length() - 1);
        }
        return statement + "\nFORMAT " + format;
    }

    private PlaytraceException failure(String body) {
        if (body.startsWith(TIMEOUT_EXCEEDED)) {
            return new PlaytraceException(ErrorCode.QUERY_TIMEOUT, "the query ran longer than " + QUERY_TIMEOUT_SECONDS
                    + " s in ClickHouse at " + location + " and was cancelled; narrow the time range or the filters");
        }
        return new PlaytraceException(ErrorCode.STORE_FAILURE, "ClickHouse at " + location + " refused a statement: "
                + body.strip());
    }

    private PlaytraceException unreachable(IOException e) {
        return new PlaytraceException(ErrorCode.STORE_FAILURE, "cannot reach ClickHouse at " + location + ": " + e, e);
    }

    @Override
    public void close() {
        client.close();
    }
}
