package io.inferscope.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.console.Console;
import io.inferscope.console.ConsoleConfig;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's dashboard on the launcher's class path, where flink-runtime-web also ships a {@code
 * web/index.html}: {@code GET /} must be InferScope's page, not Flink's (it was, once).
 */
class ConsoleDashboardOnLauncherClassPathITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir Path dir;

    @Test
    void rootServesTheInferScopeDashboard() throws Exception {
        try (Console console =
                Console.start(
                        ConsoleConfig.defaults(KAFKA.bootstrapServers(), dir)
                                .withPort(0)
                                .withLogSearch(false))) {
            HttpResponse<String> r =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + console.port()
                                                                    + "/"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("<title>InferScope").doesNotContain("Apache Flink");
        }
    }
}
