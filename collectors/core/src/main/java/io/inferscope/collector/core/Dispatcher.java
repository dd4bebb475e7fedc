package io.inferscope.collector.core;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher's single I/O thread: moves records from the queue to Kafka, or to the spool while
 * Kafka is unreachable, and replays the spool in order when it is back.
 *
 * <p>Two modes. <b>Direct</b> (the spool is empty): queued records go to the producer, at most
 * {@code inFlightMaxBytes} unacknowledged. <b>Spooling</b>, entered when a send fails, when no
 * acknowledgement came for {@code stallTimeout}, or when the queue backs up behind a full window:
 * queued records are appended to the spool, and the spool is replayed oldest first through the same
 * window. Replay starts only once every direct send has resolved; direct sends that failed were
 * written to a rescue segment that sorts before everything spooled after them. Direct mode resumes
 * once every spooled record was acknowledged, so a key's records never overtake each other across
 * the switch. A failed replay rewinds to the first unacknowledged record (skipping those
 * acknowledged after it) and retries with a backoff; a segment is deleted only when all its records
 * were acknowledged.
 *
 * <p><b>No duplicates of our making.</b> A record the producer has taken is never sent again by us
 * while that producer lives: the producer retries it itself, idempotently, for as long as it takes
 * ({@code delivery.timeout.ms} is unbounded by default), and switching to the spool only diverts
 * records not yet handed over. Only two kinds of failure lead to a second send: one the producer
 * reports while {@code send()} still runs on this thread (it refused the record before taking it:
 * no metadata within {@code max.block.ms}, closed, in a fatal state), which is safe; and one it
 * reports for a record it held (a fatal error, a forced close, a bounded delivery timeout set by
 * the user), which may have been written already: those are counted as {@code resent}, logged, and
 * are the at-least-once case.
 */
final class Dispatcher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int BATCH = 4096;

    private final PublisherConfig config;
    private final BlockingQueue<Envelope> queue;
    private final Counters counters;
    private final AtomicLong outstanding;
    private final Wakeup wakeup;
    private final Spool spool;
    private final Supplier<Producer<byte[], byte[]>> producers;
    private final ConcurrentLinkedQueue<InFlight.Completion> completions =
            new ConcurrentLinkedQueue<>();
    private final ArrayDeque<InFlight> replayWindow = new ArrayDeque<>();
    private final Set<Spool.Position> acknowledgedAhead = new HashSet<>();
    private final List<Envelope> batch = new ArrayList<>(BATCH);
    private final DropReporter drops;
    private final long windowBytes;
    private final long stallNanos;
    private final int queueHighWater;

    private Producer<byte[], byte[]> producer;
    private boolean replaceProducer;
    private volatile boolean running = true;
    private volatile boolean spooling;
    private volatile long inFlightRecords;
    private int directInFlight;
    private int replayUnresolved;
    private long inFlightBytes;
    private boolean replayFailed;
    private long retryAtNanos;
    private long backoffNanos;
    private long lastProgressNanos;
    private long nextUnavailableWarnNanos;
    private long nextLoopErrorLogNanos;
    private long nextResendWarnNanos;
    private Thread ioThread;

    /** The record inside {@code producer.send} on the I/O thread right now, if any. */
    private InFlight sending;

    Dispatcher(
            PublisherConfig config,
            BlockingQueue<Envelope> queue,
            Counters counters,
            AtomicLong outstanding,
            Wakeup wakeup,
            Spool spool,
            Supplier<Producer<byte[], byte[]>> producers) {
        this.config = config;
        this.queue = queue;
        this.counters = counters;
        this.outstanding = outstanding;
        this.wakeup = wakeup;
        this.spool = spool;
        this.producers = producers;
        this.producer = producers.get();
        this.drops = new DropReporter(counters, WARN_INTERVAL_NANOS);
        this.windowBytes = config.inFlightMaxBytes();
        this.stallNanos = config.stallTimeout().toNanos();
        this.queueHighWater = Math.max(1, config.queueCapacity() * 3 / 4);
        spool.lossListener(this::onSpoolLoss);
        // Records left by an earlier run are replayed before anything new.
        this.spooling = !spool.isEmpty();
        // nanoTime may be negative: deadlines start at "now", never at 0.
        long now = System.nanoTime();
        this.retryAtNanos = now;
        this.lastProgressNanos = now;
        this.nextUnavailableWarnNanos = now;
        this.nextLoopErrorLogNanos = now;
        this.nextResendWarnNanos = now;
    }

    boolean spooling() {
        return spooling;
    }

    long inFlightRecords() {
        return inFlightRecords;
    }

    void stop() {
        running = false;
        wakeup.signal();
    }

    @Override
    public void run() {
        ioThread = Thread.currentThread();
        wakeup.bind(ioThread);
        try {
            while (running) {
                try {
                    step();
                } catch (IOException | RuntimeException e) {
                    counters.errors.increment();
                    long now = System.nanoTime();
                    if (now - nextLoopErrorLogNanos >= 0) {
                        nextLoopErrorLogNanos = now + WARN_INTERVAL_NANOS;
                        LOG.error(
                                "Publisher I/O loop error; retrying (logged at most every 10 s)",
                                e);
                    }
                    wakeup.await(IDLE_NANOS, () -> false);
                }
            }
        } finally {
            shutdown();
        }
    }

    private void step() throws IOException {
        long now = System.nanoTime();
        boolean progressed = processCompletions(now);
        if (!spooling) {
            progressed |= pumpDirect(now);
        } else {
            progressed |= pumpToSpool();
            progressed |= pumpReplay(now);
            maybeLeaveSpooling();
        }
        spool.flush(now);
        inFlightRecords = directInFlight + replayUnresolved;
        drops.maybeReport(now);
        if (!progressed && running) {
            boolean queueUsable = spooling || inFlightBytes < windowBytes;
            long wait = IDLE_NANOS;
            if (spooling && retryAtNanos - now > 0) {
                wait = Math.min(wait, retryAtNanos - now);
            }
            wakeup.await(wait, () -> !completions.isEmpty() || (queueUsable && !queue.isEmpty()));
        }
    }

    private boolean pumpDirect(long now) throws IOException {
        if (directInFlight > 0 && now - lastProgressNanos > stallNanos) {
            enterSpooling(
                    now,
                    "no acknowledgement from Kafka for "
                            + config.stallTimeout().toMillis()
                            + " ms");
            return true;
        }
        int sent = 0;
        while (!spooling && inFlightBytes < windowBytes) {
            Envelope e = queue.poll();
            if (e == null) {
                break;
            }
            if (directInFlight == 0) {
                lastProgressNanos = now;
            }
            InFlight r = new InFlight(e, null);
            directInFlight++;
            inFlightBytes += r.weight;
            send(r);
            sent++;
            // A send that failed synchronously (e.g. no metadata within max.block.ms) switches to
            // spooling before the next record is tried.
            processCompletions(now);
        }
        if (!spooling && inFlightBytes >= windowBytes && queue.size() >= queueHighWater) {
            enterSpooling(now, "Kafka acknowledges more slowly than records arrive");
        }
        return sent > 0;
    }

    private void send(InFlight r) {
        Envelope e = r.envelope;
        sending = r;
        try {
            producer.send(
                    new ProducerRecord<>(e.topic(), e.key(), e.value()),
                    (metadata, error) -> complete(r, error));
        } catch (RuntimeException error) {
            complete(r, error);
        } finally {
            sending = null;
        }
    }

    private void complete(InFlight r, Exception error) {
        // An outcome reported on this thread while send() is still running is the producer refusing
        // the record before it took it; any other is its verdict on a record it held.
        boolean handed = !(Thread.currentThread() == ioThread && sending == r);
        completions.add(new InFlight.Completion(r, error, handed));
        wakeup.signal();
    }

    private boolean processCompletions(long now) throws IOException {
        boolean any = false;
        InFlight.Completion c;
        while ((c = completions.poll()) != null) {
            if (c.record().resolved) {
                // A producer in a fatal state refuses a send after queueing the record, then aborts
                // the queued batch: the second verdict on the same record changes nothing.
                continue;
            }
            c.record().resolved = true;
            any = true;
            lastProgressNanos = now;
            inFlightBytes -= c.record().weight;
            if (c.record().fromSpool()) {
                onReplayed(c);
            } else {
                onDirect(c, now);
            }
        }
        if (any) {
            while (!replayWindow.isEmpty() && replayWindow.peekFirst().done) {
                replayWindow.pollFirst();
            }
            Spool.Position acked =
                    replayWindow.isEmpty()
                            ? spool.readPosition()
                            : replayWindow.peekFirst().position;
            spool.releaseBefore(acked.segment());
        }
        if (directInFlight == 0 && spool.rescueReserved()) {
            spool.closeRescue();
        }
        return any;
    }

    private void onDirect(InFlight.Completion c, long now) {
        directInFlight--;
        if (c.error() == null) {
            counters.sent.increment();
            outstanding.decrementAndGet();
            return;
        }
        counters.errors.increment();
        if (rejected(c.error())) {
            dropRejected(c.error());
            return;
        }
        if (!spooling) {
            enterSpooling(now, c.error().toString());
        }
        noteProducerHealth(c.error());
        if (c.handed()) {
            noteResend(c.error());
        }
        try {
            if (spool.appendRescue(c.record().envelope)) {
                counters.spooled.increment();
            } else {
                drop(DropReason.SPOOL_FULL);
            }
        } catch (IOException e) {
            spoolError(e);
        }
    }

    private void onReplayed(InFlight.Completion c) {
        InFlight r = c.record();
        replayUnresolved--;
        if (c.error() == null) {
            r.done = true;
            counters.sent.increment();
            counters.replayed.increment();
            outstanding.decrementAndGet();
            backoffNanos = 0;
            return;
        }
        counters.errors.increment();
        if (rejected(c.error())) {
            r.done = true;
            dropRejected(c.error());
            return;
        }
        noteProducerHealth(c.error());
        if (c.handed()) {
            noteResend(c.error());
        }
        if (!replayFailed) {
            replayFailed = true;
            warnUnavailable(System.nanoTime(), c.error().toString());
        }
    }

    private boolean pumpToSpool() {
        batch.clear();
        queue.drainTo(batch, BATCH);
        for (Envelope e : batch) {
            try {
                if (spool.append(e)) {
                    counters.spooled.increment();
                } else {
                    drop(DropReason.SPOOL_FULL);
                }
            } catch (IOException ex) {
                spoolError(ex);
            }
        }
        return !batch.isEmpty();
    }

    private boolean pumpReplay(long now) throws IOException {
        if (directInFlight > 0 || spool.rescueReserved()) {
            return false;
        }
        if (replayFailed) {
            if (replayUnresolved > 0) {
                return false;
            }
            rewind(now);
        }
        if (retryAtNanos - now > 0) {
            return false;
        }
        int sent = 0;
        while (!replayFailed && inFlightBytes < windowBytes) {
            Spool.Entry entry = spool.next();
            if (entry == null) {
                break;
            }
            if (!acknowledgedAhead.isEmpty() && acknowledgedAhead.remove(entry.position())) {
                continue;
            }
            InFlight r = new InFlight(entry.envelope(), entry.position());
            replayWindow.addLast(r);
            replayUnresolved++;
            inFlightBytes += r.weight;
            send(r);
            sent++;
            processCompletions(now);
        }
        return sent > 0;
    }

    /**
     * After a failed replay, with nothing in flight: resend from the first unacknowledged record.
     */
    private void rewind(long now) throws IOException {
        InFlight first = replayWindow.peekFirst();
        for (InFlight r : replayWindow) {
            if (r.done) {
                acknowledgedAhead.add(r.position);
            }
        }
        replayWindow.clear();
        if (first != null) {
            spool.rewind(first.position);
        }
        replayFailed = false;
        backoffNanos =
                backoffNanos == 0
                        ? config.retryBackoff().toNanos()
                        : Math.min(backoffNanos * 2, MAX_BACKOFF_NANOS);
        retryAtNanos = now + backoffNanos;
        if (replaceProducer) {
            replaceProducer = false;
            LOG.warn("Replacing the Kafka producer after a non-retriable error");
            producer.close(Duration.ZERO);
            producer = producers.get();
        }
    }

    private void maybeLeaveSpooling() throws IOException {
        if (directInFlight == 0
                && !spool.rescueReserved()
                && replayWindow.isEmpty()
                && !replayFailed
                && spool.caughtUp()) {
            acknowledgedAhead.clear();
            spool.clear();
            spooling = false;
            LOG.info("Kafka reachable: spool replayed, publishing directly again");
        }
    }

    private void enterSpooling(long now, String reason) {
        spooling = true;
        // Direct sends still in flight may fail later: they go to a segment replayed first.
        spool.reserveRescue();
        backoffNanos = 0;
        retryAtNanos = now;
        warnUnavailable(now, reason);
    }

    private void warnUnavailable(long now, String reason) {
        if (now - nextUnavailableWarnNanos >= 0) {
            nextUnavailableWarnNanos = now + WARN_INTERVAL_NANOS;
            LOG.warn(
                    "Kafka unreachable or refusing records ({}); spooling to {}",
                    reason,
                    config.spoolDir());
        }
    }

    /** Errors no retry can fix for this record. */
    private static boolean rejected(Exception e) {
        return e instanceof RecordTooLargeException
                || e instanceof RecordBatchTooLargeException
                || e instanceof InvalidTopicException
                || e instanceof InvalidRecordException
                || e instanceof SerializationException;
    }

    private void noteProducerHealth(Exception e) {
        // Non-retriable errors (authentication, a fatal idempotence error) can leave the producer
        // unusable; a fresh one is built before the next replay attempt.
        if (!(e instanceof RetriableException)) {
            replaceProducer = true;
        }
    }

    /**
     * The producer gave up on a record it held: it may have been written, and it will be sent again
     * (at least once, not exactly once).
     */
    private void noteResend(Exception e) {
        counters.resent.increment();
        long now = System.nanoTime();
        if (now - nextResendWarnNanos >= 0) {
            nextResendWarnNanos = now + WARN_INTERVAL_NANOS;
            LOG.warn(
                    "Kafka producer gave up on records it had taken ({}); sending them again, so"
                            + " they may arrive twice (logged at most every 10 s)",
                    e.toString());
        }
    }

    /**
     * Frames of a spool segment that turned out damaged on disk: lost. Those acknowledged before a
     * rewind are already accounted for; the others are dropped and released, so flush() does not
     * wait for them.
     */
    private void onSpoolLoss(long segment, int fromIndex, int toIndex) {
        int acknowledged = 0;
        Iterator<Spool.Position> it = acknowledgedAhead.iterator();
        while (it.hasNext()) {
            Spool.Position p = it.next();
            if (p.segment() == segment && p.index() >= fromIndex && p.index() < toIndex) {
                it.remove();
                acknowledged++;
            }
        }
        for (int i = fromIndex + acknowledged; i < toIndex; i++) {
            drop(DropReason.SPOOL_CORRUPT);
        }
    }

    private void dropRejected(Exception e) {
        drop(DropReason.REJECTED);
        LOG.debug("Kafka rejected a record", e);
    }

    private void spoolError(IOException e) {
        counters.errors.increment();
        drop(DropReason.SPOOL_ERROR);
        LOG.debug("Spool write failed", e);
    }

    private void drop(DropReason reason) {
        counters.drop(reason);
        outstanding.decrementAndGet();
    }

    /**
     * On the I/O thread after {@link #stop()}: whatever Kafka has not acknowledged goes to disk.
     */
    private void shutdown() {
        long now = System.nanoTime();
        try {
            try {
                producer.close(minDuration(config.closeTimeout(), Duration.ofSeconds(1)));
            } catch (RuntimeException e) {
                LOG.warn("Closing the Kafka producer failed", e);
            }
            if (!spooling && (directInFlight > 0 || !queue.isEmpty())) {
                enterSpooling(now, "publisher closing");
            }
            processCompletions(now);
            if (spool.rescueReserved()) {
                spool.closeRescue();
            }
            pumpToSpool();
            long inSpool = outstanding.get();
            if (spooling && inSpool > 0) {
                LOG.warn(
                        "Publisher closed with {} records not delivered; they stay in {} for the next start",
                        inSpool,
                        config.spoolDir());
            }
        } catch (IOException | RuntimeException e) {
            counters.errors.increment();
            LOG.error("Publisher shutdown could not spool every record", e);
        } finally {
            try {
                spool.close();
            } catch (IOException e) {
                LOG.error("Closing the spool failed", e);
            }
            // A publish that raced with close() after the last drain: counted, never silent.
            Envelope late;
            while ((late = queue.poll()) != null) {
                drop(DropReason.CLOSED);
            }
            spooling = spool.segmentCount() > 0;
            inFlightRecords = 0;
            drops.report();
        }
    }

    private static Duration minDuration(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
