package io.inferscope.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The load generator and the commands against a real simulated fleet over loopback HTTP. */
class LoadGeneratorITCase {

    /** Short requests so that a run of a few seconds drains quickly. */
    static final LogNormal SHORT_PROMPTS = new LogNormal(100, 0.5, 8, 400);

    static final LogNormal SHORT_OUTPUTS = new LogNormal(20, 0.5, 1, 60);

    private static FleetConfig fastFleet(int replicas) {
        return FleetConfig.uniform(
                replicas,
                ReplicaConfig.defaults("t").withSlots(16).withLatency(FleetSimulatorITCase.FAST));
    }

    private static LoadConfig shortLoad(String target, double rate, Duration duration) {
        return LoadConfig.defaults(target)
                .withRate(rate)
                .withDuration(duration)
                .withLengths(SHORT_PROMPTS, SHORT_OUTPUTS)
                .withIdleTimeout(Duration.ofSeconds(5));
    }

    @Test
    void openLoopRunAgainstAFleetCompletesEveryRequest() throws Exception {
        try (FleetSimulator fleet = FleetSimulator.start(fastFleet(1));
                LoadGenerator load =
                        new LoadGenerator(
                                shortLoad(fleet.replicaUrls().get(0), 60, Duration.ofSeconds(1)))) {
            load.start();
            assertThat(load.awaitDone(Duration.ofSeconds(15))).isTrue();

            LoadReport report = load.report();
            assertThat(report.sent()).isBetween(35L, 90L); // Poisson, mean 60
            assertThat(report.ok()).isEqualTo(report.sent());
            assertThat(report.errors()).isZero();
            assertThat(report.skipped()).isZero();
            assertThat(report.inFlight()).isZero();
            assertThat(report.ttftP50Ms()).isPositive().isLessThan(report.e2eP99Ms());
            assertThat(report.e2eP50Ms()).isPositive();
            ReplicaStats stats = fleet.replica(0).snapshot();
            assertThat(stats.totalRequests()).isEqualTo(report.sent());
            assertThat(stats.completedTokens()).isEqualTo(report.outputTokens());
        }
    }

    @Test
    void serverErrorsAndRefusedConnectionsAreCountedByKind() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        try (FleetSimulator fleet = FleetSimulator.start(fastFleet(1))) {
            fleet.replica(0).setFaults(Faults.NONE.withErrorRate(1.0));
            LoadReport failing =
                    run(shortLoad(fleet.replicaUrls().get(0), 30, Duration.ofSeconds(1)));
            LoadReport refused =
                    run(shortLoad("http://127.0.0.1:" + closedPort, 30, Duration.ofSeconds(1)));

            assertThat(failing.sent()).isPositive();
            assertThat(failing.ok()).isZero();
            assertThat(failing.errorsByKind()).containsOnlyKeys("http_500");
            assertThat(failing.errorsByKind().get("http_500")).isEqualTo(failing.sent());
            assertThat(refused.errorsByKind()).containsOnlyKeys("connect_refused");
        }
    }

    @Test
    void outstandingCapSkipsArrivalsInsteadOfQueueingThem() throws Exception {
        ReplicaConfig slow =
                ReplicaConfig.defaults("slow")
                        .withSlots(1)
                        .withLatency(new LatencyModel(5, 0, 100, 0, 1));
        try (FleetSimulator fleet = FleetSimulator.start(FleetConfig.uniform(1, slow))) {
            LoadConfig config =
                    shortLoad(fleet.replicaUrls().get(0), 50, Duration.ofSeconds(1))
                            .withLengths(SHORT_PROMPTS, new LogNormal(3, 0, 3, 3))
                            .withMaxOutstanding(2);
            LoadReport report = run(config);

            assertThat(report.skipped()).isPositive();
            assertThat(report.sent() + report.skipped()).isBetween(25L, 80L); // mean 50 arrivals
            assertThat(report.ok()).isEqualTo(report.sent());
            assertThat(fleet.replica(0).snapshot().totalRequests()).isEqualTo(report.sent());
        }
    }

    @Test
    void requestsCarryTheBearerTestKeyAndTheModel() throws Exception {
        List<String> auth = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    auth.add(exchange.getRequestHeaders().getFirst("Authorization"));
                    exchange.getRequestBody().readAllBytes();
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                });
        server.start();
        try {
            String target = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
            LoadReport report = run(shortLoad(target, 20, Duration.ofSeconds(1)).withModel("m1"));

            assertThat(report.errorsByKind()).containsOnlyKeys("http_404");
            assertThat(auth)
                    .isNotEmpty()
                    .allSatisfy(
                            h -> assertThat(h).isEqualTo("Bearer " + LoadConfig.DEFAULT_API_KEY));
            assertThat(LoadConfig.DEFAULT_API_KEY).startsWith("sk-test-");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void loadCommandPrintsIntervalAndFinalSummaries() throws Exception {
        // The command sends default lengths (median 150 output tokens): a very fast fleet.
        LatencyModel veryFast = new LatencyModel(2, 0.001, 2, 0.02, 1.0);
        FleetConfig config =
                FleetConfig.uniform(
                        2, ReplicaConfig.defaults("t").withSlots(32).withLatency(veryFast));
        try (FleetSimulator fleet = FleetSimulator.start(config)) {
            StringWriter out = new StringWriter();
            CommandLine cli = new CommandLine(new LoadCommand());
            cli.setOut(new PrintWriter(out));
            int code =
                    cli.execute(
                            "--target", fleet.replicaUrls().get(1),
                            "--profile", "steady:4/500ms,spike:12/1s",
                            "--report-every", "500ms",
                            "--stream-ratio", "1.0");

            assertThat(code).isZero();
            String text = out.toString();
            assertThat(text).contains("profile=steady:4.0/500ms,spike:12.0/1s");
            assertThat(text).contains("ttft p50=");
            assertThat(text.lines().filter(l -> l.startsWith("t="))).isNotEmpty();
            assertThat(text.lines().filter(l -> l.startsWith("final:")))
                    .singleElement()
                    .asString()
                    .contains("errors=0", "in-flight=0");
            assertThat(fleet.replica(1).snapshot().totalRequests()).isPositive();
        }
    }

    @Test
    void simulateCommandExitsWithCode2WhenThePortIsTaken() throws Exception {
        try (ServerSocket taken =
                new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(new SimulateCommand());
            cli.setErr(new PrintWriter(err));
            int code =
                    cli.execute("--replicas", "1", "--port", String.valueOf(taken.getLocalPort()));

            assertThat(code).as(err.toString()).isEqualTo(SimulateCommand.EXIT_PORT_TAKEN);
            assertThat(err.toString().strip().lines())
                    .singleElement()
                    .asString()
                    .contains(String.valueOf(taken.getLocalPort()), "already in use");
        }
    }

    @Test
    void loadCommandRejectsAMalformedProfileAsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new LoadCommand());
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("--target", "http://127.0.0.1:1", "--profile", "spike:20");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("spike:20");
    }

    private static LoadReport run(LoadConfig config) throws InterruptedException {
        try (LoadGenerator load = new LoadGenerator(config)) {
            load.start();
            assertThat(load.awaitDone(Duration.ofSeconds(15))).isTrue();
            return load.report();
        }
    }
}
