package io.inferscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.inferscope.local.InferScopeCli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The collector and console containers run the {@code inferscope} command line (the image's entry
 * point, {@link InferScopeCli}); their args must be a command it has, with options it accepts, and
 * their probes must point at the port those options open.
 */
class ContainerArgsTest {
    static final String APP_IMAGE = "ghcr.io/inferscope/inferscope";
    static final String KAFKA_CONFIG = "/etc/inferscope/kafka/kafka.properties";

    /**
     * Subcommands that exist in their module but are not yet mounted in the launcher (the lead
     * wires them): their args are checked against the command class itself meanwhile. An entry
     * fails {@link #pendingCommandsAreStillMissingFromTheLauncher} once the launcher has it.
     */
    private static final Pattern ENV_REFERENCE =
            Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private static final Set<String> COLLECTOR_COMMANDS = Set.of("gateway", "collect");

    private final Manifests manifests = Manifests.load();

    @Test
    void everyAppContainerRunsARealSubcommandWithRealOptions() {
        List<Container> checked = new ArrayList<>();
        for (Workloads.Workload w : Workloads.all(manifests)) {
            for (Container c : appContainers(w)) {
                assertThat(c.getCommand())
                        .as("%s keeps the image's entry point", w)
                        .isNullOrEmpty();
                ParseResult leaf = parse(c.getArgs());
                assertThat(leaf.isUsageHelpRequested()).as(w.toString()).isFalse();
                checked.add(c);
            }
        }
        assertThat(checked).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void theGatewayPodRunsTheFlagsOfTheGatewaysJvmOptionsFile() throws java.io.IOException {
        java.nio.file.Path file =
                DeployDir.repositoryRoot().resolve("collectors/gateway/gateway.jvm.options");
        List<String> flags =
                java.nio.file.Files.readAllLines(file).stream()
                        .map(String::trim)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                        .toList();
        assertThat(flags).isNotEmpty();
        List<Container> gateways = new ArrayList<>();
        for (Workloads.Workload w : Workloads.all(manifests)) {
            for (Container c : appContainers(w)) {
                if ("gateway".equals(c.getArgs().get(0))) {
                    gateways.add(c);
                    List<String> pod = List.of(env(c, "JDK_JAVA_OPTIONS").getValue().split("\\s+"));
                    assertThat(pod).as("%s: %s", w, file).containsAll(flags);
                }
            }
        }
        assertThat(gateways).isNotEmpty();
    }

    @Test
    void anOptionTheCommandDoesNotHaveIsRefused() {
        // What the check above relies on: a misspelt option fails the parse.
        assertThatThrownBy(() -> parse(List.of("collect", "gpu", "--metric-port", "9401")))
                .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
        assertThatThrownBy(() -> parse(List.of("collect", "logs", "--roots", "/var/log/pods")))
                .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
    }

    @Test
    void probesHitTheHealthEndpointOnThePortTheOptionsOpen() {
        for (Workloads.Workload w : Workloads.all(manifests)) {
            for (Container c : appContainers(w)) {
                ParseResult leaf = parse(c.getArgs());
                boolean collector = COLLECTOR_COMMANDS.contains(c.getArgs().get(0));
                int port =
                        (Integer)
                                leaf.commandSpec()
                                        .findOption(collector ? "--metrics-port" : "--port")
                                        .getValue();
                String path = collector ? "/healthz" : "/metrics";
                HTTPGetAction readiness = c.getReadinessProbe().getHttpGet();
                assertThat(readiness.getPath()).as("%s readiness", w).isEqualTo(path);
                assertThat(resolve(c, readiness.getPort()))
                        .as("%s readiness port", w)
                        .isEqualTo(port);
                var liveness = c.getLivenessProbe();
                if (liveness.getHttpGet() != null) {
                    assertThat(liveness.getHttpGet().getPath())
                            .as("%s liveness", w)
                            .isEqualTo(path);
                    assertThat(resolve(c, liveness.getHttpGet().getPort())).isEqualTo(port);
                } else {
                    assertThat(resolve(c, liveness.getTcpSocket().getPort()))
                            .as("%s liveness port", w)
                            .isEqualTo(port);
                }
            }
        }
    }

    @Test
    void kafkaComesFromTheConfigMapAndCredentialsFromAMountedSecretFile() {
        for (Workloads.Workload w : Workloads.all(manifests)) {
            for (Container c : appContainers(w)) {
                List<String> args = c.getArgs();
                assertThat(valueOf(args, "--bootstrap"))
                        .as(w.toString())
                        .isEqualTo("$(KAFKA_BOOTSTRAP)");
                EnvVar bootstrap = env(c, "KAFKA_BOOTSTRAP");
                var ref = bootstrap.getValueFrom().getConfigMapKeyRef();
                assertThat(ref.getName() + "/" + ref.getKey())
                        .isEqualTo("inferscope-config/KAFKA_BOOTSTRAP");
                assertThat(valueOf(args, "--kafka-config"))
                        .as(w.toString())
                        .isEqualTo(KAFKA_CONFIG);
                assertSecretMounted(w.pod().getSpec(), c, KAFKA_CONFIG);
            }
        }
    }

    @Test
    void everyVariableInTheArgsIsDefinedInTheContainer() {
        for (Workloads.Workload w : Workloads.all(manifests)) {
            for (Container c : appContainers(w)) {
                for (String arg : c.getArgs()) {
                    Matcher m = ENV_REFERENCE.matcher(arg);
                    while (m.find()) {
                        env(c, m.group(1)); // fails when missing
                    }
                }
            }
        }
    }

    /** The file's directory is a read-only mount of a Secret volume in this container. */
    static void assertSecretMounted(PodSpec pod, Container c, String file) {
        String dir = Path.of(file).getParent().toString();
        VolumeMount mount =
                c.getVolumeMounts().stream()
                        .filter(m -> m.getMountPath().equals(dir))
                        .findFirst()
                        .orElseThrow(
                                () -> new AssertionError(c.getName() + " does not mount " + dir));
        assertThat(mount.getReadOnly()).as(dir).isTrue();
        Volume v =
                pod.getVolumes().stream()
                        .filter(vol -> vol.getName().equals(mount.getName()))
                        .findFirst()
                        .orElseThrow();
        assertThat(v.getSecret()).as("%s comes from a Secret", dir).isNotNull();
    }

    private static List<Container> appContainers(Workloads.Workload w) {
        return w.pod().getSpec().getContainers().stream()
                .filter(c -> c.getImage() != null && c.getImage().startsWith(APP_IMAGE + ":"))
                .toList();
    }

    /** Parses like the image's entry point would; returns the innermost subcommand's result. */
    static ParseResult parse(List<String> args) {
        ParseResult result =
                new CommandLine(new InferScopeCli()).parseArgs(args.toArray(String[]::new));
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return result;
    }

    private static String valueOf(List<String> args, String option) {
        int i = args.indexOf(option);
        assertThat(i).as("%s in %s", option, args).isNotNegative().isLessThan(args.size() - 1);
        return args.get(i + 1);
    }

    private static EnvVar env(Container c, String name) {
        return c.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no env " + name));
    }

    private static int resolve(Container c, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return c.getPorts().stream()
                .filter(p -> port.getStrVal().equals(p.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no port named " + port.getStrVal()))
                .getContainerPort();
    }
}
