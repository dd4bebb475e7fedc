package io.inferscope.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/** Finds free loopback ports and checks that a port can be bound, the way the broker binds it. */
final class Ports {
    /** The host the broker listens on and advertises. */
    static final String HOST = "localhost";

    private Ports() {}

    /** A port free right now on {@link #HOST}; the OS picks it. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(loopback(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    /**
     * Binds and releases {@code port} on {@link #HOST}. SO_REUSEADDR is on, as in the broker's own
     * sockets, so a port the previous run of this broker left in TIME_WAIT counts as free, while a
     * port another process listens on does not.
     *
     * @throws PortInUseException when the port cannot be bound
     */
    static void requireFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(loopback(), port));
        } catch (IOException e) {
            throw new PortInUseException(port, e);
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByName(HOST);
        } catch (UnknownHostException e) {
            return InetAddress.getLoopbackAddress();
        }
    }
}
