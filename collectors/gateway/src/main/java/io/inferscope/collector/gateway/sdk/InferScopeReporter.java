package io.inferscope.collector.gateway.sdk;

import io.inferscope.schemas.RecordCodec;
import io.inferscope.schemas.RequestEvent;
import io.inferscope.schemas.TokenProgress;
import io.inferscope.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * For model servers that measure themselves: sends {@link RequestEvent}s and {@link TokenProgress}
 * records to a gateway's ingest endpoint ({@code POST /ingest/v1/requests}, {@code
 * /ingest/v1/tokens}) without ever blocking the caller.
 *
 * <p>{@link #report} only offers the record to a bounded queue; when the queue is full the record
 * is dropped and counted ({@link #dropped()}). One daemon thread sends a batch when {@code
 * batchSize} records are waiting or every {@code flushInterval}, asynchronously with the JDK HTTP
 * client. A batch the endpoint refuses (400: a record is invalid — all-or-nothing, so the batch is
 * not retried) or cannot take (network error, 5xx) is counted in {@link #failed()}; there is no
 * retry, so a record is never sent twice.
 *
 * <pre>{@code
 * try (InferScopeReporter r = InferScopeReporter.builder(URI.create("http://gateway:8000")).build()) {
 *     r.report(RequestEvent.start(id, System.currentTimeMillis(), labels, Endpoint.CHAT_COMPLETIONS, true));
 * }
 * }</pre>
 *
 * <p>Options: base URI of the gateway, {@code batchSize} (default 500), {@code flushInterval}
 * (default 1 s), {@code queueCapacity} (default 10 000), {@code requestTimeout} (default 10 s).
 */
public final class InferScopeReporter implements AutoCloseable {
    private static final RecordCodec<RequestEvent> REQUESTS = Topics.RAW_REQUESTS.codec();
    private static final RecordCodec<TokenProgress> TOKENS = Topics.RAW_TOKENS.codec();

    private final URI requestsUri;
    private final URI tokensUri;
    private final int batchSize;
    private final Duration requestTimeout;
    private final ArrayBlockingQueue<Object> queue;
    private final HttpClient http;
    private final ScheduledExecutorService sender;
    private final List<CompletableFuture<?>> inFlight = new ArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean closed;

    private InferScopeReporter(Builder b) {
        String base = b.base.toString().replaceAll("/+$", "");
        this.requestsUri = URI.create(base + "/ingest/v1/requests");
        this.tokensUri = URI.create(base + "/ingest/v1/tokens");
        this.batchSize = b.batchSize;
        this.requestTimeout = b.requestTimeout;
        this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
        this.http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(b.requestTimeout)
                        .build();
        this.sender =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "inferscope-reporter");
                            t.setDaemon(true);
                            return t;
                        });
        long every = b.flushInterval.toMillis();
        sender.scheduleWithFixedDelay(this::drain, every, every, TimeUnit.MILLISECONDS);
    }

    public static Builder builder(URI gateway) {
        return new Builder(gateway);
    }

    /** Queues a request record; returns false (and counts it) when the queue is full or closed. */
    public boolean report(RequestEvent event) {
        return offer(event);
    }

    /** Queues a token-progress record; returns false (and counts it) when it cannot be queued. */
    public boolean report(TokenProgress progress) {
        return offer(progress);
    }

    /** Records delivered (the endpoint answered 202). */
    public long sent() {
        return sent.get();
    }

    /** Records not queued because the queue was full or the reporter closed. */
    public long dropped() {
        return dropped.get();
    }

    /** Records in batches the endpoint refused or could not be reached for. */
    public long failed() {
        return failed.get();
    }

    /** Sends what is queued and waits up to {@code timeout} for the answers. */
    public boolean flush(Duration timeout) {
        try {
            sender.submit(this::drain).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            CompletableFuture<?>[] pending;
            synchronized (inFlight) {
                pending = inFlight.toArray(new CompletableFuture<?>[0]);
            }
            CompletableFuture.allOf(pending).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return queue.isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    /** Flushes (up to 5 s) and stops the sender thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        flush(Duration.ofSeconds(5));
        sender.shutdownNow();
    }

    private boolean offer(Object record) {
        if (closed || !queue.offer(record)) {
            dropped.incrementAndGet();
            return false;
        }
        if (queue.size() >= batchSize) {
            try {
                sender.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // closing: close() drains what is queued
            }
        }
        return true;
    }

    // On the sender thread: split what is queued into per-topic batches and post them.
    private void drain() {
        List<RequestEvent> requests = new ArrayList<>();
        List<TokenProgress> tokens = new ArrayList<>();
        Object next;
        while ((next = queue.poll()) != null) {
            if (next instanceof RequestEvent e) {
                requests.add(e);
                if (requests.size() == batchSize) {
                    post(requestsUri, encode(requests, REQUESTS), requests.size());
                    requests.clear();
                }
            } else {
                tokens.add((TokenProgress) next);
                if (tokens.size() == batchSize) {
                    post(tokensUri, encode(tokens, TOKENS), tokens.size());
                    tokens.clear();
                }
            }
        }
        if (!requests.isEmpty()) {
            post(requestsUri, encode(requests, REQUESTS), requests.size());
        }
        if (!tokens.isEmpty()) {
            post(tokensUri, encode(tokens, TOKENS), tokens.size());
        }
    }

    private void post(URI uri, byte[] body, int count) {
        HttpRequest req =
                HttpRequest.newBuilder(uri)
                        .timeout(requestTimeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
        CompletableFuture<?> f =
                http.sendAsync(req, HttpResponse.BodyHandlers.discarding())
                        .handle(
                                (resp, error) -> {
                                    if (error == null && resp.statusCode() == 202) {
                                        sent.addAndGet(count);
                                    } else {
                                        failed.addAndGet(count);
                                    }
                                    return null;
                                });
        synchronized (inFlight) {
            inFlight.removeIf(CompletableFuture::isDone);
            inFlight.add(f);
        }
    }

    private static <T> byte[] encode(List<T> records, RecordCodec<T> codec) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(records.size() * 256);
        out.write('[');
        for (int i = 0; i < records.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(codec.encode(records.get(i)));
        }
        out.write(']');
        return out.toByteArray();
    }

    /** Settings of a reporter. */
    public static final class Builder {
        private final URI base;
        private int batchSize = 500;
        private Duration flushInterval = Duration.ofSeconds(1);
        private int queueCapacity = 10_000;
        private Duration requestTimeout = Duration.ofSeconds(10);

        private Builder(URI base) {
            this.base = base;
        }

        public Builder batchSize(int n) {
            this.batchSize = positive(n);
            return this;
        }

        public Builder flushInterval(Duration d) {
            this.flushInterval = d;
            return this;
        }

        public Builder queueCapacity(int n) {
            this.queueCapacity = positive(n);
            return this;
        }

        public Builder requestTimeout(Duration d) {
            this.requestTimeout = d;
            return this;
        }

        public InferScopeReporter build() {
            return new InferScopeReporter(this);
        }

        private static int positive(int n) {
            if (n <= 0) {
                throw new IllegalArgumentException("must be positive: " + n);
            }
            return n;
        }
    }
}
