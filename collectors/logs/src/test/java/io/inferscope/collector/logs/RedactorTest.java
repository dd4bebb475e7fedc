package io.inferscope.collector.logs;

import static io.inferscope.collector.logs.LogFiles.append;
import static io.inferscope.collector.logs.LogFiles.cri;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.schemas.LogLine;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedactorTest {
    private final Redactor redactor = Redactor.withDefaults(List.of());

    @Test
    void defaultPatternsMaskTokensKeysAndPasswords() {
        assertThat(redactor.redact("GET /v1/models Authorization: Bearer eyJhbGciOi.J9x-y_z"))
                .isEqualTo("GET /v1/models Authorization: Bearer [REDACTED]");
        assertThat(redactor.redact("using key sk-proj-AbCdEfGhIjKlMnOpQrSt123 for upstream"))
                .isEqualTo("using key [REDACTED] for upstream");
        assertThat(redactor.redact("url=https://x/y?api_key=s3cr3t&model=llama"))
                .isEqualTo("url=https://x/y?api_key=[REDACTED]&model=llama");
        assertThat(redactor.redact("connect user=app password=hunter2 host=db"))
                .isEqualTo("connect user=app password=[REDACTED] host=db");
        assertThat(redactor.redact("{\"apiKey\": \"abc123\", \"n\": 1}"))
                .isEqualTo("{\"apiKey\": \"[REDACTED]\", \"n\": 1}");
        assertThat(redactor.redact("API-KEY: zzz")).isEqualTo("API-KEY: [REDACTED]");
    }

    @Test
    void textWithoutSecretsIsUnchanged() {
        String s = "sk-short keypass=1 bearer of bad news: none";
        assertThat(redactor.redact(s))
                .isEqualTo("sk-short keypass=1 bearer of bad news: none".replace("news:", "news:"));
    }

    @Test
    void extraPatternsMaskTheirWholeMatchOrTheirSecretGroup() {
        Redactor r =
                Redactor.withDefaults(
                        List.of(
                                Pattern.compile("hf_[A-Za-z0-9]{8,}"),
                                Pattern.compile("token=(?<secret>\\w+)")));
        assertThat(r.redact("pulling with hf_abcdefgh123 and token=xyz"))
                .isEqualTo("pulling with [REDACTED] and token=[REDACTED]");
    }

    @Test
    void attributesNamedLikeSecretsAreMaskedWholeAndOthersByPattern() {
        assertThat(redactor.redactAttribute("db_password", "p")).isEqualTo("[REDACTED]");
        assertThat(redactor.redactAttribute("headers.Authorization", "Basic x"))
                .isEqualTo("[REDACTED]");
        assertThat(redactor.redactAttribute("upstream", "http://u?api_key=k"))
                .isEqualTo("http://u?api_key=[REDACTED]");
        assertThat(redactor.redactAttribute("model", "llama-3")).isEqualTo("llama-3");
    }

    @Test
    void secretsNeverReachTheSinkInMessagesOrAttributes(@TempDir Path root) {
        CollectingSink sink = new CollectingSink();
        Path log = LogFiles.criFile(root, "prod", "gw-0", "gateway");
        append(log, cri(0, "stdout", "F", "calling upstream with Bearer abc.def.ghi"));
        append(
                log,
                cri(
                        1,
                        "stdout",
                        "F",
                        "{\"level\":\"info\",\"msg\":\"key sk-AAAAAAAAAAAAAAAAAAAAAA used\","
                                + "\"client_secret\":\"cs\",\"url\":\"https://h/?password=pw\","
                                + "\"note\":\"internal-42\"}"));
        try (LogTailer t =
                Tailers.cri(
                        root,
                        null,
                        sink,
                        b -> b.redact(Pattern.compile("internal-\\d+")),
                        new LogsMetrics())) {
            t.pollOnce();
        }

        List<LogLine> lines = sink.lines();
        assertThat(lines.get(0).message()).isEqualTo("calling upstream with Bearer [REDACTED]");
        assertThat(lines.get(1).message()).isEqualTo("key [REDACTED] used");
        assertThat(lines.get(1).attributes())
                .containsEntry("client_secret", "[REDACTED]")
                .containsEntry("url", "https://h/?password=[REDACTED]")
                .containsEntry("note", "[REDACTED]");
        assertThat(lines.toString())
                .doesNotContain("abc.def.ghi", "sk-AAAA", "\"cs\"", "pw", "internal-42");
    }
}
