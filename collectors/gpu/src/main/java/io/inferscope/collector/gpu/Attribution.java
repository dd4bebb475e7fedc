package io.inferscope.collector.gpu;

import java.util.Optional;

/**
 * Maps a GPU UUID to the pod container holding it. The collector calls {@link #refresh} once per
 * sampling tick (implementations decide how often they really reload) and then {@link #holderOf}
 * per GPU, all on the sampling thread.
 *
 * <p>Implementations: {@link #NONE}, {@link StaticFileAttribution} ({@code --attribution FILE}),
 * {@link KubeletAttribution} (the kubelet pod-resources socket).
 */
public interface Attribution extends AutoCloseable {
    /** No attribution: every GPU is unattributed. */
    Attribution NONE =
            new Attribution() {
                @Override
                public Optional<GpuHolder> holderOf(String gpuUuid) {
                    return Optional.empty();
                }

                @Override
                public String describe() {
                    return "none";
                }
            };

    /** The holder of a GPU, when it is allocated to a pod. */
    Optional<GpuHolder> holderOf(String gpuUuid);

    /**
     * Reloads the mapping if it is due; never throws.
     *
     * @return false when a due reload failed (the last good mapping stays in use)
     */
    default boolean refresh() {
        return true;
    }

    /** Where the mapping comes from, for the start-up line. */
    String describe();

    @Override
    default void close() {}
}
