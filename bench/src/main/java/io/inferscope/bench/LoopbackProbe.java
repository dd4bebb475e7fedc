package io.inferscope.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What one extra hop costs on this machine right now: the round trip of one byte between two
 * threads over a loopback TCP connection, each side asleep in between as an idle event loop is. A
 * proxy adds one such hop on the way in and one on the way out, so on a shared, oversubscribed
 * machine (where a woken thread waits for a core) this round trip is a floor under the gateway's
 * added TTFT that no code in the gateway can remove.
 */
final class LoopbackProbe {
    private LoopbackProbe() {}

    /** Round trips in µs, {@code count} of them, {@code pauseMicros} apart. */
    static Histogram measure(int count, long pauseMicros) throws IOException, InterruptedException {
        Histogram rtt = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread echo = new Thread(() -> echo(server), "loopback-probe-echo");
            echo.setDaemon(true);
            echo.start();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                s.setTcpNoDelay(true);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                for (int i = 0; i < count; i++) {
                    long t0 = System.nanoTime();
                    out.write(1);
                    out.flush();
                    if (in.read() < 0) {
                        break;
                    }
                    rtt.recordValue((System.nanoTime() - t0) / 1000);
                    TimeUnit.MICROSECONDS.sleep(pauseMicros);
                }
            }
            echo.join(1000);
        }
        return rtt;
    }

    private static void echo(ServerSocket server) {
        try (Socket s = server.accept()) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                out.write(b);
                out.flush();
            }
        } catch (IOException e) {
            // The probe's client closed: nothing left to echo.
        }
    }
}
