package io.inferscope.bench.footprint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * fabric8's CRUD dispatcher with list paging as a real API server does it: a list request with
 * {@code limit=N} gets at most N items and a {@code metadata.continue} token while more remain; the
 * next request passes the token back. The stock mock ignores {@code limit} and always answers the
 * whole list, which would hide what a collector gains by listing in pages (a real server pages).
 * Every page is cut from the list as it stands when the page is asked for; nothing changes the
 * objects while the bench lists them.
 */
final class PagingCrudDispatcher extends KubernetesCrudDispatcher {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public MockResponse handleGet(String path) {
        MockResponse full = super.handleGet(path);
        int q = path.indexOf('?');
        if (q < 0 || full.code() != 200) {
            return full;
        }
        String query = path.substring(q + 1);
        String limit = param(query, "limit");
        if (limit == null || "true".equals(param(query, "watch"))) {
            return full;
        }
        String token = param(query, "continue");
        int from = token == null ? 0 : Integer.parseInt(decode(token));
        return page(full, from, Integer.parseInt(limit));
    }

    private static MockResponse page(MockResponse full, int from, int limit) {
        try {
            JsonNode root = JSON.readTree(full.getBody().getBytes());
            JsonNode items = root.get("items");
            if (!(root instanceof ObjectNode obj) || !(items instanceof ArrayNode all)) {
                return full;
            }
            ArrayNode page = JSON.createArrayNode();
            int to = Math.min(all.size(), from + limit);
            for (int i = from; i < to; i++) {
                page.add(all.get(i));
            }
            obj.set("items", page);
            ObjectNode meta = obj.withObjectProperty("metadata");
            if (to < all.size()) {
                meta.put("continue", encode(Integer.toString(to)));
                meta.put("remainingItemCount", all.size() - to);
            } else {
                meta.remove("continue");
            }
            return new MockResponse()
                    .setResponseCode(200)
                    .setHeader("Content-Type", "application/json")
                    .setBody(JSON.writeValueAsBytes(obj));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String param(String query, String name) {
        for (String kv : query.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).equals(name)) {
                return URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String encode(String s) {
        return Base64.getUrlEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String s) {
        return new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
    }
}
