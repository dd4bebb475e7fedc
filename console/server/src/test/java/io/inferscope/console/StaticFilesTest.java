package io.inferscope.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StaticFilesTest {
    private final StaticFiles files = new StaticFiles(StaticFilesTest.class.getClassLoader());

    @Test
    void rootServesIndexAsHtmlThatRevalidates() {
        StaticFiles.File index = files.lookup("/").orElseThrow();
        assertThat(index.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(index.cacheControl()).isEqualTo(StaticFiles.REVALIDATE);
        assertThat(index.etag()).startsWith("\"").endsWith("\"");
        assertThat(files.lookup("/index.html").orElseThrow().etag()).isEqualTo(index.etag());
    }

    @Test
    void everyUrlTheDashboardLoadsIsServedWithItsContentType() {
        String html = text("/");
        assertThat(html).doesNotContain("${").contains("/webjars/uplot/");
        List<String> urls = new ArrayList<>();
        Matcher m =
                Pattern.compile("(?:href|src)=\"(/[^\"]*)\"|\"uplot\":\\s*\"([^\"]+)\"")
                        .matcher(html);
        while (m.find()) {
            urls.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        assertThat(urls)
                .contains("/app.js", "/app.css")
                .anyMatch(u -> u.endsWith("uPlot.esm.js"))
                .anyMatch(u -> u.endsWith("uPlot.min.css"));
        for (String url : urls) {
            StaticFiles.File f = files.lookup(url).orElseThrow(() -> new AssertionError(url));
            String expected = url.endsWith(".js") ? "text/javascript" : "text/css";
            assertThat(f.contentType()).as(url).startsWith(expected);
            assertThat(f.cacheControl())
                    .as(url)
                    .isEqualTo(
                            url.startsWith("/webjars/")
                                    ? StaticFiles.IMMUTABLE
                                    : StaticFiles.REVALIDATE);
        }
    }

    @Test
    void everyRelativeModuleImportResolves() {
        Pattern imports = Pattern.compile("from '\\./([\\w.-]+)'");
        for (String module : List.of("/app.js", "/charts.js", "/panels.js", "/api.js", "/dom.js")) {
            Matcher m = imports.matcher(text(module));
            while (m.find()) {
                assertThat(files.lookup("/" + m.group(1)))
                        .as(module + " imports " + m.group(1))
                        .isPresent();
            }
        }
    }

    @Test
    void unknownAndTraversingPathsAreNotFound() {
        assertThat(files.lookup("/nope.js")).isEmpty();
        assertThat(files.lookup("/../web/index.html")).isEmpty();
        assertThat(files.lookup("/webjars/../../io/inferscope/console/Console.class")).isEmpty();
        assertThat(files.lookup("/webjars/uplot/")).isEmpty();
        assertThat(files.lookup("//etc/passwd")).isEmpty();
    }

    @Test
    void ifNoneMatchAcceptsListsWeakTagsAndStar() {
        assertThat(StaticFiles.matches("\"a\", W/\"b\"", "\"b\"")).isTrue();
        assertThat(StaticFiles.matches("*", "\"b\"")).isTrue();
        assertThat(StaticFiles.matches("\"a\"", "\"b\"")).isFalse();
        assertThat(StaticFiles.matches(null, "\"b\"")).isFalse();
    }

    private String text(String path) {
        return new String(files.lookup(path).orElseThrow().body(), StandardCharsets.UTF_8);
    }
}
