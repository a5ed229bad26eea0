package dev.emredis.js;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A library's FIFO of background jobs, drained on the shared pool by at most one thread at a
 * time (jobs of one library never run concurrently).
 */
final class JobQueue {
    private final ConcurrentLinkedQueue<Runnable> jobs = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicInteger waiting = new AtomicInteger();
    final Gears gears;

    JobQueue(Gears gears) {
        this.gears = gears;
    }

    void add(Runnable job) {
        jobs.add(job);
        waiting.incrementAndGet();
        kick();
    }

    /** Jobs queued and not started (TFUNCTION LIST pending_jobs). */
    int pending() {
        return waiting.get();
    }

    private void kick() {
        if (!draining.compareAndSet(false, true)) return;
        ExecutorService pool = gears.pool();
        if (pool == null) {
            draining.set(false);
            return;
        }
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            draining.set(false); // the server is closing: queued work is abandoned
        }
    }

    private void drain() {
        try {
            Runnable r;
            while ((r = jobs.poll()) != null) {
                waiting.decrementAndGet();
                if (Thread.currentThread().isInterrupted()) return;
                try {
                    r.run();
                } catch (Throwable t) {
                    // a job's failure was already turned into its promise's rejection
                }
            }
        } finally {
            draining.set(false);
            if (!jobs.isEmpty()) kick();
        }
    }
}
