package io.inferscope.logsearch;

import static io.inferscope.logsearch.Lines.MIN;
import static io.inferscope.logsearch.Lines.NOW;
import static io.inferscope.logsearch.Lines.line;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferscope.schemas.LogLine.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogSearchHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;
    private LogIndex index;
    private LogSearchHttp http;

    @BeforeEach
    void open() throws Exception {
        Lines.MutableClock clock = new Lines.MutableClock(NOW);
        index = LogIndex.open(Lines.config(dir, clock));
        http = new LogSearchHttp(new LogSearch(index), clock);
        Lines.indexAll(
                index,
                List.of(
                        line(
                                NOW - 20 * MIN,
                                "chat",
                                "chat-0",
                                "vllm",
                                Level.ERROR,
                                "request timeout",
                                "req-9"),
                        line(
                                NOW - 5 * MIN,
                                "chat",
                                "chat-1",
                                "vllm",
                                Level.WARN,
                                "slow request timeout near",
                                null),
                        line(
                                NOW - 1 * MIN,
                                "embed",
                                "embed-0",
                                "tei",
                                Level.INFO,
                                "timeout configured",
                                null)));
    }

    @AfterEach
    void close() throws Exception {
        index.close();
    }

    private JsonNode ok(String rawQuery) throws Exception {
        LogSearchHttp.Response r = http.handle(rawQuery);
        assertThat(r.status()).as(new String(r.body())).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private String bad(String rawQuery) throws Exception {
        LogSearchHttp.Response r = http.handle(rawQuery);
        assertThat(r.status()).isEqualTo(400);
        return JSON.readTree(r.body()).get("error").asText();
    }

    @Test
    void answersAPageOfSnakeCaseJson() throws Exception {
        JsonNode page = ok("q=timeout&deployment=chat&limit=1");
        assertThat(page.get("total_hits").asLong()).isEqualTo(2);
        assertThat(page.get("next_cursor").asText()).isNotEmpty();
        JsonNode hit = page.get("hits").get(0);
        assertThat(hit.get("ts_ms").asLong()).isEqualTo(NOW - 5 * MIN);
        assertThat(hit.get("level").asText()).isEqualTo("warn");
        assertThat(hit.get("labels").get("replica").asText()).isEqualTo("chat-1");
        assertThat(hit.get("container").asText()).isEqualTo("vllm");
        assertThat(hit.get("truncated").asBoolean()).isFalse();

        JsonNode second =
                ok("q=timeout&deployment=chat&limit=1&cursor=" + page.get("next_cursor").asText());
        assertThat(second.get("hits").get(0).get("request_id").asText()).isEqualTo("req-9");
        assertThat(second.has("next_cursor")).isFalse();
    }

    @Test
    void parametersMapOntoTheQuery() {
        LogQuery q =
                LogSearchHttp.toQuery(
                        LogSearchHttp.parseQueryString(
                                "q=%22connection+reset%22&level=error,fatal&level=WARN"
                                        + "&pod=a&pod=b&since=15m&until_ms="
                                        + NOW
                                        + "&request_id=r1&forwarded=1"),
                        NOW);
        assertThat(q.text()).isEqualTo("\"connection reset\"");
        assertThat(q.levels()).containsExactlyInAnyOrder(Level.ERROR, Level.FATAL, Level.WARN);
        assertThat(q.pods()).containsExactlyInAnyOrder("a", "b");
        assertThat(q.sinceMs()).isEqualTo(NOW - 15 * MIN);
        assertThat(q.untilMs()).isEqualTo(NOW);
        assertThat(q.requestId()).isEqualTo("r1");
        assertThat(q.limit()).isEqualTo(LogQuery.DEFAULT_LIMIT);
        assertThat(LogSearchHttp.toQuery(Map.of("level", List.of("warn+")), NOW).minLevel())
                .isEqualTo(Level.WARN);
    }

    @Test
    void sinceAndLevelNarrowTheAnswer() throws Exception {
        assertThat(ok("since=10m").get("total_hits").asLong()).isEqualTo(2);
        assertThat(ok("min_level=warn").get("total_hits").asLong()).isEqualTo(2);
        assertThat(ok("request_id=req-9").get("hits")).hasSize(1);
        assertThat(ok(null).get("total_hits").asLong()).isEqualTo(3);
    }

    @Test
    void badParametersAnswer400WithAReason() throws Exception {
        assertThat(bad("limit=ten")).isEqualTo("limit must be an integer, got 'ten'");
        assertThat(bad("limit=0")).contains("limit must be between 1 and 1000");
        assertThat(bad("deploy=chat")).startsWith("unknown parameter 'deploy'");
        assertThat(bad("q=timeout+AND")).startsWith("bad query 'timeout AND'");
        assertThat(bad("level=loud")).startsWith("unknown level 'loud'");
        assertThat(bad("since=15m&since_ms=1")).isEqualTo("give since or since_ms, not both");
        assertThat(bad("since=yesterday")).startsWith("not a time: 'yesterday'");
        assertThat(bad("since_ms=" + NOW + "&until_ms=" + (NOW - 1))).contains("must be before");
        assertThat(bad("cursor=abc")).contains("invalid cursor");
        assertThat(bad("q=a&q=b")).contains("given more than once");
        assertThat(bad("q=%ZZ")).startsWith("bad query string");
    }

    @Test
    void closedIndexAnswers503() throws Exception {
        index.close();
        assertThat(http.handle("q=x").status()).isEqualTo(503);
    }
}
