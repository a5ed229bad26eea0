package dev.emredis;

import dev.emredis.internal.server.JournalLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Every command that reached the server, as immutable {@link Entry} records, plus connection
 * counters — for asserting how a client behaved (how often it re-discovered, whether it backed
 * off, how many sockets it opened). {@link RedisEmulator#journal()}.
 *
 * <pre>{@code
 * assertThat(redis.journal().count("CLUSTER", "SLOTS")).isLessThanOrEqualTo(5);
 * assertThat(redis.journal().maxConcurrentConnections()).isLessThanOrEqualTo(8);
 * List<Duration> gaps = redis.journal().intervals(Match.command("PING"));
 * }</pre>
 *
 * The journal keeps the last 10,000 commands (older ones are dropped; counters keep counting).
 * Times are the emulator's virtual {@link Clock}. Thread-safe.
 */
public final class Journal {
    /** How a command was answered. */
    public enum ReplyKind {
        /** Executed (or queued) without an error reply. */
        OK,
        /** Answered with an error; see {@link Entry#errorCode()}. */
        ERROR,
        /** Consumed by a network fault rule (hang, close, reset, replyError): not executed. */
        FAULT
    }

    /** One command as it reached the server. */
    public static final class Entry {
        private final JournalLog.Record r;

        private Entry(JournalLog.Record r) {
            this.r = r;
        }

        /** When it was read, on the virtual clock. */
        public Instant time() {
            long us = r.timeMicros();
            return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000), Math.floorMod(us, 1_000_000) * 1000L);
        }

        /** The connection's CLIENT ID. */
        public long connectionId() {
            return r.connectionId();
        }

        /** The connection's client name when the command arrived, or null. */
        public String clientName() {
            return r.clientName();
        }

        /** The selected database. */
        public int db() {
            return r.db();
        }

        /** Command name, upper case (as typed for unknown commands). */
        public String command() {
            return r.command();
        }

        /** Subcommand, upper case, for container commands (CLUSTER SLOTS, CLIENT SETNAME...), else null. */
        public String subcommand() {
            return r.subcommand();
        }

        /** The arguments after the command name, decoded as UTF-8. */
        public List<String> args() {
            byte[][] a = r.argv();
            List<String> l = new ArrayList<>(a.length - 1);
            for (int i = 1; i < a.length; i++) l.add(new String(a[i], StandardCharsets.UTF_8));
            return Collections.unmodifiableList(l);
        }

        /** OK, ERROR or FAULT. */
        public ReplyKind replyKind() {
            if (r.fault()) return ReplyKind.FAULT;
            return r.errorCode() == null ? ReplyKind.OK : ReplyKind.ERROR;
        }

        /** The error reply's first word ("OOM", "ERR", "MOVED"...), or null. */
        public String errorCode() {
            return r.errorCode();
        }

        /** Whether this entry is the command {@code name} (and subcommand, if given), ignoring case. */
        public boolean is(String... nameAndSub) {
            if (nameAndSub.length == 0 || !nameAndSub[0].equalsIgnoreCase(r.command())) return false;
            return nameAndSub.length < 2 || nameAndSub[1].equalsIgnoreCase(r.subcommand());
        }

        boolean matches(Match m) {
            return m.matches(r.command(), r.subcommand(), r.clientName());
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder().append(time()).append(" #").append(r.connectionId());
            if (r.clientName() != null) b.append('(').append(r.clientName()).append(')');
            b.append(" db").append(r.db()).append(' ').append(r.command());
            for (String a : args()) {
                b.append(' ');
                b.append(a.length() > 40 ? a.substring(0, 40) + "..." : a);
            }
            b.append(" -> ").append(replyKind() == ReplyKind.OK ? "ok" : replyKind() == ReplyKind.FAULT ? "fault" : r.errorCode());
            return b.toString();
        }
    }

    private final JournalLog log;

    Journal(JournalLog log) {
        this.log = log;
    }

    /** Every retained command, oldest first. */
    public List<Entry> commands() {
        List<JournalLog.Record> s = log.snapshot();
        List<Entry> l = new ArrayList<>(s.size());
        for (JournalLog.Record r : s) l.add(new Entry(r));
        return Collections.unmodifiableList(l);
    }

    /** The last {@code n} commands, oldest first. */
    public List<Entry> last(int n) {
        List<Entry> all = commands();
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    /** How many retained commands are {@code name} (and {@code sub}, if given), e.g. {@code count("CLUSTER", "SLOTS")}. */
    public long count(String... nameAndSub) {
        if (nameAndSub.length == 0) return commands().size();
        return commands().stream().filter(e -> e.is(nameAndSub)).count();
    }

    /** How many retained commands {@code match} selects (its counts and probability are ignored). */
    public long count(Match match) {
        return commands().stream().filter(e -> e.matches(match)).count();
    }

    /**
     * The next command not yet returned by {@code take}, waiting up to {@code timeout} for it to
     * arrive; empty on timeout. Successive calls walk the journal in order.
     */
    public Optional<Entry> take(Duration timeout) {
        try {
            JournalLog.Record r = log.take(timeout.toNanos());
            return r == null ? Optional.empty() : Optional.of(new Entry(r));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Connections accepted since start or {@link #clear()} (including those refused by maxclients). */
    public long connectionsAccepted() {
        return log.accepted();
    }

    /** Connections accepted at virtual-clock times in [t0, t1) (the last 65,536 accepted are kept). */
    public long connectionsOpenedBetween(Instant t0, Instant t1) {
        return log.acceptedBetween(micros(t0), micros(t1));
    }

    static long micros(Instant t) {
        return Math.multiplyExact(t.getEpochSecond(), 1_000_000L) + t.getNano() / 1000;
    }

    /** The open/close event log behind the cluster-wide peak (see JournalLog#connectionEvents). */
    long[] connectionEvents() {
        return log.connectionEvents();
    }

    /** The most client connections open at the same time since start or {@link #clear()}. */
    public int maxConcurrentConnections() {
        return log.peak();
    }

    /** The largest number of matching commands within any window of length {@code window} (storm detector). */
    public int maxCallsInWindow(Match match, Duration window) {
        List<Long> t = times(match);
        long w = window.toNanos() / 1000;
        int best = 0;
        int lo = 0;
        for (int hi = 0; hi < t.size(); hi++) {
            while (t.get(hi) - t.get(lo) >= w) lo++;
            best = Math.max(best, hi - lo + 1);
        }
        return best;
    }

    /** Gaps between successive matching commands (to check backoff growth and jitter). */
    public List<Duration> intervals(Match match) {
        List<Long> t = times(match);
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < t.size(); i++) gaps.add(Duration.ofNanos((t.get(i) - t.get(i - 1)) * 1000));
        return Collections.unmodifiableList(gaps);
    }

    private List<Long> times(Match match) {
        List<Long> t = new ArrayList<>();
        for (JournalLog.Record r : log.snapshot()) {
            if (new Entry(r).matches(match)) t.add(r.timeMicros());
        }
        return t;
    }

    /** Forgets every entry and resets the connection counters (the peak restarts at the connections now open). */
    public void clear() {
        log.clear();
    }
}
