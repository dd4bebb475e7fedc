package io.inferscope.collector.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.ServerCalls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubelet lookup against a real gRPC server on a unix socket, as the kubelet serves it. */
class KubeletAttributionTest {
    private static final GpuHolder VLLM =
            new GpuHolder("llm", "vllm-6d9f7c8b5-k2x7p", "vllm", "vllm");

    @TempDir Path tmp;

    private final AtomicReference<byte[]> answer = new AtomicReference<>();
    private final AtomicInteger calls = new AtomicInteger();
    private EventLoopGroup group;
    private Server server;

    private Path startKubelet() throws Exception {
        Path socket = tmp.resolve("kubelet.sock");
        ServerServiceDefinition lister =
                ServerServiceDefinition.builder("v1.PodResourcesLister")
                        .addMethod(
                                KubeletAttribution.LIST,
                                ServerCalls.asyncUnaryCall(
                                        (request, reply) -> {
                                            calls.incrementAndGet();
                                            byte[] a = answer.get();
                                            if (a == null) {
                                                reply.onError(
                                                        Status.UNAVAILABLE.asRuntimeException());
                                            } else {
                                                reply.onNext(a);
                                                reply.onCompleted();
                                            }
                                        }))
                        .build();
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        server =
                NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                        .channelType(EpollServerDomainSocketChannel.class)
                        .bossEventLoopGroup(group)
                        .workerEventLoopGroup(group)
                        .withChildOption(ChannelOption.SO_KEEPALIVE, null)
                        .addService(lister)
                        .build()
                        .start();
        return socket;
    }

    @AfterEach
    void stopKubelet() throws Exception {
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static byte[] vllmHolds(String... uuids) {
        return ProtoWriter.listResponse(
                ProtoWriter.pod(
                        VLLM.pod(),
                        VLLM.namespace(),
                        ProtoWriter.container(
                                "vllm", ProtoWriter.devices("nvidia.com/gpu", uuids))));
    }

    @Test
    void gpusAreAttributedToThePodTheKubeletAllocatedThemTo() throws Exception {
        answer.set(vllmHolds("GPU-a"));
        Path socket = startKubelet();

        try (KubeletAttribution a = KubeletAttribution.connect(socket, Duration.ofMinutes(1))) {
            assertThat(a.refresh()).isTrue();
            assertThat(a.holderOf("GPU-a")).contains(VLLM);
            assertThat(a.holderOf("GPU-b")).isEmpty();
            // not due again: the kubelet is asked once per refresh interval
            assertThat(a.refresh()).isTrue();
            assertThat(calls.get()).isEqualTo(1);
        }
    }

    @Test
    void theMappingFollowsTheKubeletAndSurvivesItsOutages() throws Exception {
        answer.set(vllmHolds("GPU-a"));
        Path socket = startKubelet();

        try (KubeletAttribution a = KubeletAttribution.connect(socket, Duration.ofMillis(1))) {
            assertThat(a.refresh()).isTrue();
            answer.set(null); // the kubelet fails: the last good mapping stays
            Thread.sleep(2);
            assertThat(a.refresh()).isFalse();
            assertThat(a.holderOf("GPU-a")).contains(VLLM);
            answer.set(vllmHolds("GPU-b")); // the pod now holds another GPU
            Thread.sleep(2);
            assertThat(a.refresh()).isTrue();
            assertThat(a.holderOf("GPU-a")).isEmpty();
            assertThat(a.holderOf("GPU-b")).isEqualTo(Optional.of(VLLM));
        }
    }

    @Test
    void aSocketNobodyServesIsAFailedRefreshNotACrash() {
        try (KubeletAttribution a =
                KubeletAttribution.connect(tmp.resolve("none.sock"), Duration.ofMillis(1))) {
            assertThat(a.refresh()).isFalse();
            assertThat(a.holderOf("GPU-a")).isEmpty();
        }
    }
}
