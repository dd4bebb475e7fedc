package io.inferscope.collector.gpu;

/** The pod container a GPU is allocated to. {@code deployment} may be null when it is not known. */
public record GpuHolder(String namespace, String pod, String container, String deployment) {}
