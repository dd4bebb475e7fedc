package io.inferscope.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One child JVM of {@link GatewayOverheadBench} running {@link BenchChild}: started with the
 * harness's class path, spoken to line by line over its stdin/stdout, its stderr in a log file. Its
 * CPU is read from {@code /proc/<pid>/stat} by the harness, so the child does no work to be
 * measured.
 */
final class ChildProcess implements AutoCloseable {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        // A harness stopped with Ctrl-C must not leave its children running.
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> LIVE.forEach(Process::destroyForcibly),
                                "bench-children-killer"));
    }

    final String role;
    final Path log;
    private final Process process;
    private final BufferedReader out;
    private final PrintStream in;

    private ChildProcess(String role, Process process, Path log) {
        this.role = role;
        this.process = process;
        this.log = log;
        this.out =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    static ChildProcess start(
            String role, List<String> jvmFlags, String classPath, List<String> args, Path log)
            throws IOException {
        return start(role, "", jvmFlags, classPath, args, log);
    }

    /** Starts the child pinned to {@code cpus} ({@code taskset -c}), or anywhere if blank. */
    static ChildProcess start(
            String role,
            String cpus,
            List<String> jvmFlags,
            String classPath,
            List<String> args,
            Path log)
            throws IOException {
        Files.createDirectories(log.getParent());
        List<String> cmd = new ArrayList<>(GatewayJvm.pinned(cpus));
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", classPath, BenchChild.class.getName(), role));
        cmd.addAll(args);
        Process p =
                new ProcessBuilder(cmd)
                        .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
                        .start();
        LIVE.add(p);
        return new ChildProcess(role, p, log);
    }

    long pid() {
        return process.pid();
    }

    /** Waits for the child's {@code ready} line and returns what follows the word. */
    String awaitReady() throws IOException {
        return reply("ready");
    }

    /** Sends a command and returns the rest of the reply line that starts with {@code word}. */
    String ask(String command, String word) throws IOException {
        in.println(command);
        return reply(word);
    }

    private String reply(String word) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (!line.startsWith(BenchChild.PREFIX)) {
                continue; // a library writing to stdout: not for us
            }
            String body = line.substring(BenchChild.PREFIX.length());
            if (body.equals(word) || body.startsWith(word + " ")) {
                return body.substring(word.length()).trim();
            }
            throw new IOException(role + " answered '" + body + "' instead of " + word);
        }
        throw new IOException(role + " exited; see " + log);
    }

    /** CPU seconds the child has used so far ({@code utime + stime}); NaN once it is gone. */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    @Override
    public void close() throws InterruptedException {
        in.close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        LIVE.remove(process);
    }
}
