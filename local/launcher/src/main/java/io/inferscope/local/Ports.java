package io.inferscope.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

/** Checks that the ports a command will bind are free, before anything starts. */
final class Ports {
    private Ports() {}

    /** Throws a one-line {@link CliException} naming the first taken port and its purpose. */
    static void requireFree(Map<String, Integer> portsByPurpose) {
        for (Map.Entry<String, Integer> e : portsByPurpose.entrySet()) {
            int port = e.getValue();
            if (port == 0) {
                continue;
            }
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(port));
            } catch (IOException ex) {
                throw new CliException(
                        CliException.USAGE,
                        "port "
                                + port
                                + " ("
                                + e.getKey()
                                + ") is already in use; choose another with its option");
            }
        }
    }

    static Map<String, Integer> of(Object... purposeAndPort) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < purposeAndPort.length; i += 2) {
            m.put((String) purposeAndPort[i], (Integer) purposeAndPort[i + 1]);
        }
        return m;
    }
}
