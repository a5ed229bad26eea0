package dev.emredis.internal.server;

import java.util.ArrayList;
import java.util.List;

/**
 * The command journal's storage: a ring of the last {@code capacity} records plus connection
 * counters. The loop thread appends; test threads read. One uncontended lock per command keeps
 * it cheap when nobody reads.
 */
public final class JournalLog {
    /**
     * One command as it reached the server; argv and the client name are kept as received (never
     * mutated) and decoded only when someone reads the journal.
     */
    public record Record(long seq, long timeMicros, long connectionId, byte[] clientNameBytes, int db, byte[][] argv,
                         String errorCode, boolean fault) {
        public String clientName() {
            return clientNameBytes == null ? null : new String(clientNameBytes, java.nio.charset.StandardCharsets.UTF_8);
        }

        /** Upper case, as typed. */
        public String command() {
            return new String(argv[0], java.nio.charset.StandardCharsets.UTF_8).toUpperCase(java.util.Locale.ROOT);
        }

        /** Upper case, for container commands only. */
        public String subcommand() {
            String sub = FaultState.subcommandOf(argv);
            return sub == null ? null : sub.toUpperCase(java.util.Locale.ROOT);
        }
    }

    private final Record[] ring;
    private long next; // sequence number of the next record
    private long takeCursor;
    private int waiters;
    private long accepted;
    private int open;
    private int peak;

    /** Orders connection events of every server in this JVM (a cluster's nodes), for a cluster-wide peak. */
    private static final java.util.concurrent.atomic.AtomicLong ORDER = new java.util.concurrent.atomic.AtomicLong();
    /** Connection events kept since clear(); beyond that the oldest are dropped. */
    static final int EVENTS = 1 << 16;
    // rings of EVENTS entries, grown on demand: a server that sees few connections stays small
    private long[] acceptedAt = new long[64];
    // open (+order) and close (-order) events since clear(), and the connections open at clear()
    private long[] openClose = new long[64];
    private long events;
    private int openAtClear;

    public JournalLog(int capacity) {
        ring = new Record[capacity];
    }

    private synchronized void add(long timeMicros, long connectionId, byte[] clientName, int db, byte[][] argv,
                                  String errorCode, boolean fault) {
        ring[(int) (next % ring.length)] = new Record(next, timeMicros, connectionId, clientName, db, argv, errorCode, fault);
        next++;
        if (waiters > 0) notifyAll();
    }

    /**
     * Records a command: the error code from the reply the command wrote at {@code replyStart} (null when
     * it is not an error), or {@code fault} when a network rule consumed it.
     */
    public void record(Server server, Client c, byte[] clientName, int db, byte[][] argv, int replyStart, boolean fault) {
        String code = null;
        if (!fault && replyStart >= 0 && c.out.size() > replyStart && c.out.buffer()[replyStart] == '-') {
            byte[] b = c.out.buffer();
            int end = replyStart + 1;
            while (end < c.out.size() && b[end] != ' ' && b[end] != '\r') end++;
            code = new String(b, replyStart + 1, end - replyStart - 1, java.nio.charset.StandardCharsets.UTF_8);
        }
        add(server.clock().micros(), c.id, clientName, db, argv, code, fault);
    }

    synchronized void connectionAccepted(long timeMicros) {
        if (accepted == acceptedAt.length && accepted < EVENTS) acceptedAt = java.util.Arrays.copyOf(acceptedAt, acceptedAt.length * 2);
        acceptedAt[(int) (accepted % EVENTS)] = timeMicros;
        accepted++;
    }

    synchronized void connectionOpened() {
        open++;
        if (open > peak) peak = open;
        event(ORDER.incrementAndGet());
    }

    synchronized void connectionClosed() {
        if (open > 0) {
            open--;
            event(-ORDER.incrementAndGet());
        }
    }

    private void event(long orderSigned) {
        if (events == openClose.length && events < EVENTS) openClose = java.util.Arrays.copyOf(openClose, openClose.length * 2);
        openClose[(int) (events++ % EVENTS)] = orderSigned;
    }

    /** Connections accepted at virtual times in [fromMicros, toMicros), among the last EVENTS accepted. */
    public synchronized long acceptedBetween(long fromMicros, long toMicros) {
        long n = 0;
        for (long i = Math.max(0, accepted - EVENTS); i < accepted; i++) {
            long t = acceptedAt[(int) (i % EVENTS)];
            if (t >= fromMicros && t < toMicros) n++;
        }
        return n;
    }

    /**
     * The open (+order) and close (-order) events since clear(), oldest first, or null when some
     * were dropped; element 0 of the result is the number of connections open at clear().
     */
    public synchronized long[] connectionEvents() {
        if (events > EVENTS) return null;
        long[] out = new long[(int) events + 1];
        out[0] = openAtClear;
        System.arraycopy(openClose, 0, out, 1, (int) events);
        return out;
    }

    public synchronized long accepted() {
        return accepted;
    }

    public synchronized int peak() {
        return peak;
    }

    private long oldest() {
        return Math.max(0, next - ring.length);
    }

    /** The retained records, oldest first. */
    public synchronized List<Record> snapshot() {
        List<Record> l = new ArrayList<>((int) (next - oldest()));
        for (long s = oldest(); s < next; s++) l.add(ring[(int) (s % ring.length)]);
        return l;
    }

    /** The next record not yet taken, waiting up to {@code timeoutNanos}; null on timeout. */
    public synchronized Record take(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        if (takeCursor < oldest()) takeCursor = oldest();
        waiters++;
        try {
            while (takeCursor >= next) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return null;
                wait(Math.max(1, left / 1_000_000));
                if (takeCursor < oldest()) takeCursor = oldest();
            }
        } finally {
            waiters--;
        }
        return ring[(int) (takeCursor++ % ring.length)];
    }

    /** Forgets every record and restarts the counters (open connections count as the new peak). */
    public synchronized void clear() {
        java.util.Arrays.fill(ring, null);
        next = 0;
        takeCursor = 0;
        accepted = 0;
        peak = open;
        events = 0;
        openAtClear = open;
    }
}
