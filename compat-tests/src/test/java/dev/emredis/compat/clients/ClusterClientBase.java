package dev.emredis.compat.clients;

import dev.emredis.Journal;
import dev.emredis.RedisCluster;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the cluster client tests: a fresh 3-master, 1-replica emulated cluster per test (fixed
 * seed, random free ports) and journal helpers to prove what the client was told (MOVED, ASK) and
 * what it did about it (ASKING, re-discovery).
 *
 * <p>Layout: node 0 serves 0-5460, node 1 5461-10922, node 2 10923-16383; nodes 3, 4, 5 are
 * their replicas. {@code foo} and {@code {foo}2} are in slot 12182 (node 2), {@code bar} in slot
 * 5061 (node 0).
 */
abstract class ClusterClientBase {
    static final String FOO = "foo";
    static final String FOO2 = "{foo}2";
    static final String BAR = "bar";
    static final int KEYS = 30;

    RedisCluster cluster;
    int fooSlot;

    @BeforeEach
    void startCluster() {
        cluster = RedisCluster.builder().masters(3).replicasPerMaster(1).seed(42).build().start();
        fooSlot = cluster.slotOf(FOO);
    }

    @AfterEach
    void closeCluster() {
        cluster.close();
    }

    /** Entries of node {@code node} for the command {@code name} whose first argument is {@code key}. */
    List<Journal.Entry> on(int node, String name, String key) {
        return cluster.journal().node(node).commands().stream()
                .filter(e -> e.is(name) && !e.args().isEmpty() && e.args().get(0).equals(key)).toList();
    }

    /** Entries of node {@code node} answered with the error code {@code code} ("MOVED", "ASK"...). */
    List<Journal.Entry> errors(int node, String code) {
        return cluster.journal().node(node).commands().stream().filter(e -> code.equals(e.errorCode())).toList();
    }

    /** Whether node {@code node} ran ASKING and then {@code name key} on the same connection, both OK. */
    boolean askingThen(int node, String name, String key) {
        List<Journal.Entry> l = cluster.journal().node(node).commands();
        for (int i = 1; i < l.size(); i++) {
            Journal.Entry e = l.get(i);
            if (!e.is(name) || e.args().isEmpty() || !e.args().get(0).equals(key) || e.replyKind() != Journal.ReplyKind.OK) continue;
            for (int k = i - 1; k >= 0; k--) {
                Journal.Entry p = l.get(k);
                if (p.connectionId() != e.connectionId()) continue;
                if (p.is("ASKING") && p.replyKind() == Journal.ReplyKind.OK) return true;
                break;
            }
        }
        return false;
    }

    static String key(int i) {
        return "key:" + i;
    }

    static String value(int i) {
        return "value-" + i;
    }

    /**
     * Waits for something a client does on its own threads (a background topology refresh, a
     * reconnect); fails with {@code what} after {@code timeout}.
     */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            try {
                Thread.sleep(10); // the client works in real time on its own threads
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
