package io.inferscope.collector.gpu;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attribution from the kubelet's pod-resources API: gRPC {@code v1.PodResourcesLister/List} over
 * the unix socket the kubelet serves on every node ({@value #DEFAULT_SOCKET_PATH}, mounted
 * read-only into the collector's pod). The answer maps each allocated device ID (for NVIDIA GPUs,
 * the GPU UUID) to the pod and container holding it. It is asked again at most every {@code
 * refreshEvery}, each call with a {@value #CALL_DEADLINE_MS} ms deadline; while the kubelet does
 * not answer, the last good mapping stays in use.
 *
 * <p>The transport is grpc-netty-shaded with its epoll native library (Linux x86_64/aarch64), one
 * event-loop thread.
 */
public final class KubeletAttribution implements Attribution {
    public static final String DEFAULT_SOCKET_PATH = "/var/lib/kubelet/pod-resources/kubelet.sock";
    public static final Path DEFAULT_SOCKET = Path.of(DEFAULT_SOCKET_PATH);
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(10);
    static final long CALL_DEADLINE_MS = 2_000;

    /** The kubelet's answer is small; the cap guards against a wrong socket, not real nodes. */
    private static final int MAX_ANSWER_BYTES = 16 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(KubeletAttribution.class);

    static final MethodDescriptor<byte[], byte[]> LIST =
            MethodDescriptor.<byte[], byte[]>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName("v1.PodResourcesLister/List")
                    .setRequestMarshaller(new Bytes())
                    .setResponseMarshaller(new Bytes())
                    .build();

    private final Path socket;
    private final Duration refreshEvery;
    private final EventLoopGroup group;
    private final ManagedChannel channel;
    private volatile Map<String, GpuHolder> holders = Map.of();
    private long lastAttempt;
    private boolean attempted;
    private boolean lastOk = true;

    private KubeletAttribution(
            Path socket, Duration refreshEvery, EventLoopGroup group, ManagedChannel channel) {
        this.socket = socket;
        this.refreshEvery = refreshEvery;
        this.group = group;
        this.channel = channel;
    }

    /**
     * Builds the channel (it connects on the first call, so a kubelet that is not up yet is not an
     * error here).
     *
     * @throws IllegalStateException when the epoll transport cannot be used on this platform
     */
    public static KubeletAttribution connect(Path socket, Duration refreshEvery) {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException(
                    "unix sockets need Netty's epoll transport, unavailable here: "
                            + Epoll.unavailabilityCause());
        }
        EventLoopGroup group =
                new MultiThreadIoEventLoopGroup(
                        1,
                        new DefaultThreadFactory("inferscope-kubelet", true),
                        EpollIoHandler.newFactory());
        ManagedChannel channel =
                NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                        .channelType(EpollDomainSocketChannel.class, DomainSocketAddress.class)
                        .eventLoopGroup(group)
                        .usePlaintext()
                        // gRPC sets TCP keep-alive by default; a unix socket has none, and Netty
                        // would warn about it on every connect
                        .withOption(ChannelOption.SO_KEEPALIVE, null)
                        .directExecutor()
                        .maxInboundMessageSize(MAX_ANSWER_BYTES)
                        .build();
        return new KubeletAttribution(socket, refreshEvery, group, channel);
    }

    @Override
    public Optional<GpuHolder> holderOf(String gpuUuid) {
        return Optional.ofNullable(holders.get(gpuUuid));
    }

    @Override
    public boolean refresh() {
        long now = System.nanoTime();
        if (attempted && now - lastAttempt < refreshEvery.toNanos()) {
            return true;
        }
        attempted = true;
        lastAttempt = now;
        try {
            byte[] answer =
                    ClientCalls.blockingUnaryCall(
                            channel,
                            LIST,
                            CallOptions.DEFAULT.withDeadlineAfter(
                                    CALL_DEADLINE_MS, TimeUnit.MILLISECONDS),
                            new byte[0]);
            holders = Map.copyOf(PodResources.holdersByDeviceId(answer));
            if (!lastOk) {
                LOG.warn("kubelet pod-resources on {} answers again", socket);
            }
            lastOk = true;
            return true;
        } catch (StatusRuntimeException | IllegalArgumentException e) {
            if (lastOk) {
                LOG.warn(
                        "kubelet pod-resources List on {} failed ({}); keeping the last mapping",
                        socket,
                        e.getMessage());
            }
            lastOk = false;
            return false;
        }
    }

    @Override
    public String describe() {
        return "kubelet " + socket;
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** Messages pass as raw protobuf bytes; {@link PodResources} reads them. */
    private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
