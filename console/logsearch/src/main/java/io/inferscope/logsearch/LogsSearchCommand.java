package io.inferscope.logsearch;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code inferscope logs search "timeout" --deployment X --since 15m}: asks the console's {@code
 * GET /api/v1/logs} and prints one line per hit, newest first: local ISO time, level, {@code
 * namespace/pod/container}, message. The page footer (count, next cursor) goes to stderr, so stdout
 * stays greppable.
 *
 * <p>Options: {@code QUERY}, {@code --deployment}, {@code --namespace}, {@code --pod}, {@code
 * --container}, {@code --level}, {@code --min-level}, {@code --since}, {@code --until}, {@code
 * --request-id}, {@code --limit}, {@code --cursor}, {@code --console}, {@code --json}.
 *
 * <p>Exit codes: 0 (also when nothing matches), 2 for a bad option or a query the console refuses
 * (its reason on stderr), 1 when the console cannot be reached or fails.
 */
@Command(
        name = "search",
        mixinStandardHelpOptions = true,
        description = {
            "Searches the console's log store: text, filters and a time range, newest first."
        })
public final class LogsSearchCommand implements Callable<Integer> {
    public static final String DEFAULT_CONSOLE = "http://localhost:8080";

    private static final ObjectMapper MAPPER =
            JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    @Spec CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "QUERY",
            description =
                    "Words (all must match), \"a phrase\", OR, -word, prefix*, field:value."
                            + " Omit for every line.")
    String text;

    @Option(names = "--deployment", split = ",", description = "Deployment(s).")
    List<String> deployments = new ArrayList<>();

    @Option(names = "--namespace", split = ",", description = "Namespace(s).")
    List<String> namespaces = new ArrayList<>();

    @Option(names = "--pod", split = ",", description = "Pod(s).")
    List<String> pods = new ArrayList<>();

    @Option(names = "--container", split = ",", description = "Container(s).")
    List<String> containers = new ArrayList<>();

    @Option(
            names = "--level",
            split = ",",
            description = "Level(s): trace, debug, info, warn, error, fatal; 'warn+' = at least.")
    List<String> levels = new ArrayList<>();

    @Option(names = "--min-level", description = "At least this level.")
    String minLevel;

    @Option(
            names = "--since",
            description = "From: an age (15m, 2h, 1d) or an ISO time (local or with zone).")
    String since;

    @Option(names = "--until", description = "Up to (exclusive), same forms as --since.")
    String until;

    @Option(names = "--request-id", description = "Lines of one request.")
    String requestId;

    @Option(
            names = "--limit",
            defaultValue = "50",
            description = "Lines per page, 1-1000 (${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--cursor", description = "Next page: the cursor the last page printed.")
    String cursor;

    @Option(
            names = "--console",
            defaultValue = DEFAULT_CONSOLE,
            description = "Console base URL (${DEFAULT-VALUE}).")
    String console;

    @Option(names = "--json", description = "Print the console's JSON answer as it came.")
    boolean json;

    Clock clock = Clock.systemDefaultZone();
    ZoneId zone = ZoneId.systemDefault();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        URI uri;
        try {
            uri = URI.create(stripSlash(console) + LogSearchHttp.PATH + "?" + queryString());
        } catch (IllegalArgumentException e) {
            return fail(err, 2, e.getMessage());
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            return fail(
                    err,
                    1,
                    "cannot reach the console at "
                            + console
                            + " (is `inferscope demo` or the console running? --console URL)");
        } catch (IOException e) {
            return fail(err, 1, "request to " + console + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(err, 1, "interrupted");
        }
        return answer(response, err);
    }

    private int answer(HttpResponse<byte[]> response, PrintWriter err) {
        int status = response.statusCode();
        if (status != 200) {
            String reason = errorOf(response.body());
            return status == 400
                    ? fail(err, 2, reason)
                    : fail(err, 1, "the console answered " + status + ": " + reason);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new String(response.body(), StandardCharsets.UTF_8));
            out.flush();
            return 0;
        }
        LogPage page;
        try {
            page = MAPPER.readValue(response.body(), LogPage.class);
        } catch (IOException e) {
            return fail(err, 1, "unreadable answer from the console: " + e.getMessage());
        }
        HitFormat format = new HitFormat(zone);
        page.hits().forEach(h -> out.println(format.line(h)));
        out.flush();
        err.println(footer(page));
        err.flush();
        return 0;
    }

    private String footer(LogPage page) {
        String shown =
                page.hits().isEmpty()
                        ? "no matching lines"
                        : String.format(
                                Locale.ROOT,
                                "%d of %d matching line(s), newest first",
                                page.hits().size(),
                                page.totalHits());
        return page.nextCursor() == null
                ? shown
                : shown + "; older lines: add --cursor " + page.nextCursor();
    }

    /** The REST parameters; relative times are resolved here, against this machine's clock. */
    String queryString() {
        long now = clock.millis();
        List<String> p = new ArrayList<>();
        add(p, "q", text);
        deployments.forEach(v -> add(p, "deployment", v));
        namespaces.forEach(v -> add(p, "namespace", v));
        pods.forEach(v -> add(p, "pod", v));
        containers.forEach(v -> add(p, "container", v));
        levels.forEach(v -> add(p, "level", v));
        add(p, "min_level", minLevel);
        if (since != null) {
            add(p, "since_ms", Long.toString(TimeSpec.parse(since, now, zone)));
        }
        if (until != null) {
            add(p, "until_ms", Long.toString(TimeSpec.parse(until, now, zone)));
        }
        add(p, "request_id", requestId);
        add(p, "limit", Integer.toString(limit));
        add(p, "cursor", cursor);
        return String.join("&", p);
    }

    private static void add(List<String> p, String key, String value) {
        if (value != null && !value.isBlank()) {
            p.add(key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    private static String errorOf(byte[] body) {
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n != null && n.hasNonNull("error")) {
                return n.get("error").asText();
            }
        } catch (IOException e) {
            // not JSON: show the start of it
        }
        String s = new String(body, StandardCharsets.UTF_8);
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static int fail(PrintWriter err, int code, String message) {
        err.println("error: " + message);
        err.flush();
        return code;
    }
}
