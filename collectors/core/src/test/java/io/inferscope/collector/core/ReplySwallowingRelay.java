package io.inferscope.collector.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on loopback between Kafka clients and a broker that can swallow everything the broker
 * answers: the broker still receives and appends every request, the client never learns that it
 * did. This is what a client sees when a broker goes away right after writing (responses lost in
 * the connection reset), made deterministic. Point the broker's {@code advertised.listeners} at
 * {@link #port()} so that clients reach it through the relay.
 */
final class ReplySwallowingRelay implements AutoCloseable {
    private final ServerSocket server;
    private final int brokerPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean swallowReplies;

    private ReplySwallowingRelay(int brokerPort) throws IOException {
        this.brokerPort = brokerPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts relaying to the broker on {@code brokerPort} (it may start later). */
    static ReplySwallowingRelay to(int brokerPort) {
        try {
            return new ReplySwallowingRelay(brokerPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port free right now on loopback, for a broker that starts later. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** While on, bytes from the broker are read and dropped. */
    void swallowReplies(boolean on) {
        swallowReplies = on;
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            try {
                Socket broker = new Socket(InetAddress.getLoopbackAddress(), brokerPort);
                sockets.add(client);
                sockets.add(broker);
                pump(client, broker, false);
                pump(broker, client, true);
            } catch (IOException | RuntimeException e) {
                closeQuietly(client); // broker down: the client sees a refused connection
            }
        }
    }

    private void pump(Socket from, Socket to, boolean replies) {
        Thread t =
                new Thread(
                        () -> {
                            byte[] buf = new byte[16 * 1024];
                            try (InputStream in = from.getInputStream();
                                    OutputStream out = to.getOutputStream()) {
                                int n;
                                while ((n = in.read(buf)) >= 0) {
                                    if (!(replies && swallowReplies)) {
                                        out.write(buf, 0, n);
                                    }
                                }
                            } catch (IOException e) {
                                // one side went away: close both below
                            } finally {
                                closeQuietly(from);
                                closeQuietly(to);
                            }
                        },
                        replies ? "relay-replies" : "relay-requests");
        t.setDaemon(true);
        t.start();
    }

    private void closeQuietly(Socket s) {
        sockets.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }
}
