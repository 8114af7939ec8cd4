package dev.playtrace.server.facade.apivideo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.server.http.Json;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * api.video's {@code pagination} object with its {@code links}. Every field is always present (the official Java
 * client pages on {@code currentPage}/{@code pagesTotal}); {@code pagesTotal} is at least 1 so an empty result still
 * has a first and last page.
 */
final class Pagination {
    static final int DEFAULT_PAGE_SIZE = 25;
    static final int MAX_PAGE_SIZE = 100;

    private Pagination() {
    }

    /** {@code currentPage} and {@code pageSize} from the query string, with api.video's 400 bodies. */
    record Request(int currentPage, int pageSize) {
        /** A long: {@code currentPage} may be up to 2^31 - 1, whose offset does not fit in an int. */
        long offset() {
            return (long) (currentPage - 1) * pageSize;
        }

        static Request parse(dev.playtrace.server.http.RequestParameters parameters) {
            int currentPage = integer(parameters, "currentPage", 1, 1, Integer.MAX_VALUE,
                    "This value should be greater than or equal to 1.");
            int pageSize = integer(parameters, "pageSize", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE,
                    "This value should be between 1 and 100.");
            return new Request(currentPage, pageSize);
        }

        private static int integer(dev.playtrace.server.http.RequestParameters parameters, String name, int defaultValue,
                int min, int max, String rangeDetail) {
            String text = parameters.first(name).orElse("").trim();
            if (text.isEmpty()) {
                return defaultValue;
            }
            long value;
            try {
                value = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw ApiVideoException.invalidQueryParameter("This value should be of type int.", name);
            }
            if (value < min || value > max) {
                throw ApiVideoException.invalidQueryParameter(rangeDetail, name);
            }
            return (int) value;
        }
    }

    /**
     * @param path the route's path, e.g. {@code /analytics/videos/plays}
     * @param query the other query parameters in the order they appear in every link
     */
    static ObjectNode of(Request request, int currentPageItems, long itemsTotal, String path, Map<String, String> query) {
        long pagesTotal = Math.max(1, (itemsTotal + request.pageSize() - 1) / request.pageSize());
        ObjectNode pagination = Json.object();
        pagination.put("currentPage", request.currentPage());
        pagination.put("currentPageItems", currentPageItems);
        pagination.put("pageSize", request.pageSize());
        pagination.put("pagesTotal", pagesTotal);
        pagination.put("itemsTotal", itemsTotal);
        ArrayNode links = pagination.putArray("links");
        List<Map.Entry<String, Long>> rels = new ArrayList<>();
        rels.add(Map.entry("self", (long) request.currentPage()));
        rels.add(Map.entry("first", 1L));
        if (request.currentPage() > 1) {
            rels.add(Map.entry("previous", Math.min(request.currentPage() - 1L, pagesTotal)));
        }
        if (request.currentPage() < pagesTotal) {
            rels.add(Map.entry("next", request.currentPage() + 1L));
        }
        rels.add(Map.entry("last", pagesTotal));
        for (Map.Entry<String, Long> rel : rels) {
            links.addObject().put("rel", rel.getKey()).put("uri", uri(path, query, rel.getValue(), request.pageSize()));
        }
        return pagination;
    }

    private static String uri(String path, Map<String, String> query, long page, int pageSize) {
        Map<String, String> all = new LinkedHashMap<>(query);
        all.put("currentPage", Long.toString(page));
        all.put("pageSize", Integer.toString(pageSize));
        StringBuilder uri = new StringBuilder(path);
        char separator = '?';
        for (Map.Entry<String, String> parameter : all.entrySet()) {
            uri.append(separator).append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
            separator = '&';
        }
        return uri.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("%3A", ":")
                .replace("%5B", "[").replace("%5D", "]").replace("%2F", "/");
    }
}
