package io.inferscope.logsearch;

import static io.inferscope.logsearch.Lines.MIN;
import static io.inferscope.logsearch.Lines.NOW;
import static io.inferscope.logsearch.Lines.line;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.inferscope.schemas.LogLine.Level;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command against a real HTTP server on loopback that delegates to {@link LogSearchHttp}. */
class LogsSearchCommandTest {
    @TempDir Path dir;
    private LogIndex index;
    private HttpServer server;
    private String console;

    @BeforeEach
    void start() throws Exception {
        Lines.MutableClock clock = new Lines.MutableClock(NOW);
        index = LogIndex.open(Lines.config(dir, clock));
        Lines.indexAll(
                index,
                List.of(
                        line(
                                NOW - 30 * MIN,
                                "chat",
                                "chat-0",
                                "vllm",
                                Level.ERROR,
                                "old timeout",
                                null),
                        line(
                                NOW - 2 * MIN,
                                "chat",
                                "chat-1",
                                "vllm",
                                Level.ERROR,
                                "upstream timeout\nsecond line",
                                "req-1"),
                        line(
                                NOW - 1 * MIN,
                                "embed",
                                "embed-0",
                                "tei",
                                Level.INFO,
                                "timeout configured",
                                null)));
        LogSearchHttp http = new LogSearchHttp(new LogSearch(index), clock);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                LogSearchHttp.PATH,
                ex -> {
                    LogSearchHttp.Response r = http.handle(ex.getRequestURI().getRawQuery());
                    ex.getResponseHeaders().set("Content-Type", r.contentType());
                    ex.sendResponseHeaders(r.status(), r.body().length);
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(r.body());
                    }
                });
        server.start();
        console = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop(0);
        index.close();
    }

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        LogsSearchCommand cmd = new LogsSearchCommand();
        cmd.clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
        cmd.zone = ZoneOffset.UTC;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(cmd);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void printsOneLinePerHitNewestFirstWithTimeLevelAndWhere() {
        Run r = run("timeout", "--since", "15m", "--console", console);
        assertThat(r.code()).isZero();
        assertThat(r.out().lines().toList())
                .containsExactly(
                        "2026-11-29T12:29:00.000 INFO  inference/embed-0/tei timeout configured",
                        "2026-11-29T12:28:00.000 ERROR inference/chat-1/vllm upstream timeout second line");
        assertThat(r.err()).contains("2 of 2 matching line(s)");
    }

    @Test
    void filtersAndPagingReachTheConsole() {
        Run r =
                run(
                        "timeout",
                        "--deployment",
                        "chat",
                        "--level",
                        "error",
                        "--limit",
                        "1",
                        "--console",
                        console + "/");
        assertThat(r.out().lines()).hasSize(1).allMatch(l -> l.contains("upstream timeout"));
        String cursor = r.err().substring(r.err().indexOf("--cursor ") + 9).trim();
        Run next =
                run(
                        "timeout",
                        "--deployment",
                        "chat",
                        "--level",
                        "error",
                        "--limit",
                        "1",
                        "--cursor",
                        cursor,
                        "--console",
                        console);
        assertThat(next.out().lines()).hasSize(1).allMatch(l -> l.contains("old timeout"));
        assertThat(next.err()).doesNotContain("--cursor");
    }

    @Test
    void aQueryTheConsoleRefusesExitsTwoWithItsReason() {
        Run r = run("timeout AND", "--console", console);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: bad query 'timeout AND'");
        assertThat(r.out()).isEmpty();
        Run badTime = run("x", "--since", "soon", "--console", console);
        assertThat(badTime.code()).isEqualTo(2);
        assertThat(badTime.err()).contains("not a time: 'soon'");
    }

    @Test
    void anUnreachableConsoleExitsOneWithAHint() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
        }
        Run r = run("x", "--console", "http://127.0.0.1:" + free);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("cannot reach the console at http://127.0.0.1:" + free);
    }

    @Test
    void localIsoTimesAreAccepted() {
        assertThat(TimeSpec.parse("2026-11-29T13:00", 0, ZoneOffset.ofHours(1)))
                .isEqualTo(Instant.parse("2026-11-29T12:00:00Z").toEpochMilli());
        assertThat(TimeSpec.parse("2h", NOW, ZoneOffset.UTC)).isEqualTo(NOW - 7_200_000);
        assertThat(TimeSpec.parse("now", NOW, ZoneOffset.UTC)).isEqualTo(NOW);
    }
}
