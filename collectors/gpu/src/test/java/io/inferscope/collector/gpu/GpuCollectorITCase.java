package io.inferscope.collector.gpu;

import static io.inferscope.collector.gpu.FakeNvml.UUID_0;
import static io.inferscope.collector.gpu.FakeNvml.UUID_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferscope.collector.core.Publisher;
import io.inferscope.collector.core.PublisherConfig;
import io.inferscope.schemas.DecodeException;
import io.inferscope.schemas.GpuRecord;
import io.inferscope.schemas.Topics;
import io.inferscope.testkit.KafkaBrokerExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** GPU records through the real publisher to a real broker, read back from the raw topic. */
class GpuCollectorITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir Path tmp;
    private FakeNvml.Control fake;

    @BeforeEach
    void resetFake() {
        fake = FakeNvml.control(FakeNvml.library());
    }

    /** The records of one node label, decoded, with their Kafka keys checked. */
    private static List<GpuRecord> recordsOf(String node, List<ConsumerRecord<byte[], byte[]>> in)
            throws DecodeException {
        List<GpuRecord> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> c : in) {
            GpuRecord r = Topics.RAW_GPU.codec().decode(c.value());
            if (node.equals(r.labels().node())) {
                assertThat(new String(c.key(), StandardCharsets.UTF_8)).isEqualTo(r.gpuUuid());
                out.add(r);
            }
        }
        return out;
    }

    @Test
    void samplesAndXidsReachTheRawGpuTopicKeyedByGpuUuid() throws Exception {
        fake.fake_set_power(0, 250_500, 700_000);
        PublisherConfig pc =
                PublisherConfig.builder(KAFKA.bootstrapServers())
                        .clientId("gpu-it")
                        .spoolDir(tmp.resolve("spool"))
                        .build();
        GpuCollectorConfig config =
                GpuCollectorConfig.defaults()
                        .withNvmlLibrary(FakeNvml.library().toString())
                        .withInterval(Duration.ofMillis(100))
                        .withXidWaitTimeout(Duration.ofMillis(50))
                        .withLabels("it", "node-embedded");
        try (Publisher publisher = Publisher.start(pc)) {
            GpuCollector collector = GpuCollector.start(config, publisher);
            fake.fake_push_xid(0, 48);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while ((collector.metrics().samples() < 6 || collector.metrics().xidEvents() < 1)
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            collector.close();
            assertThat(publisher.flush(WAIT)).isTrue();
            assertThat(collector.metrics().recordsRefused()).isZero();
        }

        List<GpuRecord> records =
                recordsOf("node-embedded", KAFKA.readAll(Topics.RAW_GPU.name(), WAIT));
        List<GpuRecord> samples =
                records.stream().filter(r -> r.type() == GpuRecord.Type.SAMPLE).toList();
        assertThat(samples).hasSizeGreaterThanOrEqualTo(6);
        assertThat(samples).extracting(GpuRecord::gpuUuid).contains(UUID_0, UUID_1);
        assertThat(samples)
                .filteredOn(r -> r.gpuUuid().equals(UUID_0))
                .allSatisfy(r -> assertThat(r.powerW()).isEqualTo(250.5));
        assertThat(records)
                .filteredOn(r -> r.type() == GpuRecord.Type.XID)
                .singleElement()
                .satisfies(
                        x -> {
                            assertThat(x.gpuUuid()).isEqualTo(UUID_0);
                            assertThat(x.xid()).isEqualTo(48);
                            assertThat(x.labels().cluster()).isEqualTo("it");
                        });
    }

    @Test
    void collectGpuCommandPublishesUntilStopped() throws Exception {
        CollectGpuCommand command = new CollectGpuCommand();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli =
                new CommandLine(command)
                        .setOut(new PrintWriter(out, true))
                        .setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit =
                CompletableFuture.supplyAsync(
                        () ->
                                cli.execute(
                                        "--nvml-lib",
                                        FakeNvml.library().toString(),
                                        "--interval",
                                        "100ms",
                                        "--node",
                                        "node-cli",
                                        "--bootstrap",
                                        KAFKA.bootstrapServers(),
                                        "--metrics-host",
                                        "127.0.0.1",
                                        "--metrics-port",
                                        "0",
                                        "--spool-dir",
                                        tmp.resolve("cli-spool").toString(),
                                        "--pod-resources-socket",
                                        tmp.resolve("none").toString()));
        int port = metricsPort(out, exit);

        List<ConsumerRecord<byte[], byte[]>> seen = List.of();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (recordsOf("node-cli", seen).size() < 4 && System.nanoTime() < deadline) {
            seen = KAFKA.readAll(Topics.RAW_GPU.name(), WAIT);
        }
        String metrics =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + port + "/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
        command.stop();

        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).contains("2 GPU(s)", "XID events watched", "attribution: none");
        assertThat(recordsOf("node-cli", seen)).hasSizeGreaterThanOrEqualTo(4);
        assertThat(metrics)
                .contains("inferscope_gpu_samples_total{collector=\"gpu\"}")
                .contains("inferscope_gpu_gpus{collector=\"gpu\"} 2")
                .contains("inferscope_collector_records_sent_total");
        assertThat(fake.fake_is_initialized()).isZero(); // NVML shut down on stop
    }

    /** Waits for the start-up line and reads the self-metrics port from it. */
    private static int metricsPort(StringWriter out, CompletableFuture<Integer> exit)
            throws Exception {
        Pattern p = Pattern.compile("metrics on :(\\d+)/metrics");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && !exit.isDone()) {
            Matcher m = p.matcher(out.toString());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no start-up line; exit " + exit.getNow(null) + ": " + out);
    }
}
