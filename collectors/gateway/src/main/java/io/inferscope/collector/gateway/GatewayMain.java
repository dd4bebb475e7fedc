package io.inferscope.collector.gateway;

import picocli.CommandLine;

/** Runs {@link GatewayCommand} on its own: {@code java -cp ... GatewayMain --upstream URL}. */
public final class GatewayMain {
    private GatewayMain() {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new GatewayCommand()).execute(args));
    }
}
