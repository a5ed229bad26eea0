package dev.emredis.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.server.Client;
import dev.emredis.internal.server.Server;
import dev.emredis.testing.EmulatorTest;
import dev.emredis.testing.RespClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** MULTI/EXEC/DISCARD/WATCH/UNWATCH with the exact replies of redis-server 7.0.15. */
class TransactionCommandsTest extends EmulatorTest {
    private static final String OK = "+OK\r\n";
    private static final String QUEUED = "+QUEUED\r\n";
    private static final String NULL_ARRAY = "*-1\r\n";
    private static final String EXECABORT = "-EXECABORT Transaction discarded because of previous errors.\r\n";

    private void onLoop(Consumer<Server> task) {
        Server s = redis.internalServer();
        s.loop().call(() -> {
            task.accept(s);
            return null;
        });
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Makes the key logically expired without running expiry (as if time passed between cron runs). */
    private void expireSilently(int db, String key) {
        onLoop(s -> {
            Database d = s.db(db);
            d.keys.getEntry(b(key)).aux = s.clock().millis() - 1;
        });
    }

    /** Switches the newest connection to RESP3 (HELLO belongs to the connection group). */
    private void resp3(RespClient conn) {
        conn.call("PING");
        onLoop(s -> s.clients().values().stream().max((x, y) -> Long.compare(x.id, y.id)).get().out.protocol(3));
    }

    @Test
    void errorsOutsideMulti() {
        assertThat(c.call("EXEC")).isEqualTo("-ERR EXEC without MULTI\r\n");
        assertThat(c.call("DISCARD")).isEqualTo("-ERR DISCARD without MULTI\r\n");
        assertThat(c.call("MULTI", "x")).isEqualTo("-ERR wrong number of arguments for 'multi' command\r\n");
        assertThat(c.call("DISCARD", "x")).isEqualTo("-ERR wrong number of arguments for 'discard' command\r\n");
        assertThat(c.call("WATCH")).isEqualTo("-ERR wrong number of arguments for 'watch' command\r\n");
        assertThat(c.call("UNWATCH", "x")).isEqualTo("-ERR wrong number of arguments for 'unwatch' command\r\n");
        // Redis answers a refused EXEC with EXECABORT and the reason, even outside MULTI.
        assertThat(c.call("EXEC", "x"))
                .isEqualTo("-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n");
        assertThat(c.call("UNWATCH")).isEqualTo(OK);
    }

    @Test
    void queuesAndRunsInOrder() {
        assertThat(c.call("MULTI")).isEqualTo(OK);
        assertThat(c.call("SET", "k", "1")).isEqualTo(QUEUED);
        assertThat(c.call("INCR", "k")).isEqualTo(QUEUED);
        assertThat(c.call("GET", "k")).isEqualTo(QUEUED);
        assertThat(c.call("PING")).isEqualTo(QUEUED);
        assertThat(c.call("EXEC")).isEqualTo("*4\r\n+OK\r\n:2\r\n$1\r\n2\r\n+PONG\r\n");
        // out of MULTI again
        assertThat(c.call("EXEC")).isEqualTo("-ERR EXEC without MULTI\r\n");
        assertThat(c.call("GET", "k")).isEqualTo("$1\r\n2\r\n");
        assertThat(c.call("MULTI")).isEqualTo(OK);
        assertThat(c.call("EXEC")).isEqualTo("*0\r\n");
    }

    @Test
    void nestedMultiAndWatchInsideMultiDoNotAbort() {
        c.call("MULTI");
        assertThat(c.call("MULTI")).isEqualTo("-ERR MULTI calls can not be nested\r\n");
        assertThat(c.call("WATCH", "k")).isEqualTo("-ERR WATCH inside MULTI is not allowed\r\n");
        assertThat(c.call("SET", "k", "v")).isEqualTo(QUEUED);
        assertThat(c.call("EXEC")).isEqualTo("*1\r\n+OK\r\n");
    }

    @Test
    void runtimeErrorsAreArrayElements() {
        c.call("SET", "s", "abc");
        c.call("MULTI");
        c.call("INCR", "s");
        c.call("SET", "t", "1");
        c.call("INCRBY", "t", "x");
        c.call("GET", "t");
        assertThat(c.call("EXEC")).isEqualTo("*4\r\n-ERR value is not an integer or out of range\r\n+OK\r\n"
                + "-ERR value is not an integer or out of range\r\n$1\r\n1\r\n");
    }

    @Test
    void queueTimeErrorsAbortExec() {
        c.call("MULTI");
        c.call("SET", "k", "v");
        assertThat(c.call("NOSUCH", "a")).isEqualTo("-ERR unknown command 'NOSUCH', with args beginning with: 'a' \r\n");
        assertThat(c.call("EXEC")).isEqualTo(EXECABORT);
        assertThat(c.call("GET", "k")).isEqualTo("$-1\r\n");

        c.call("MULTI");
        assertThat(c.call("GET")).isEqualTo("-ERR wrong number of arguments for 'get' command\r\n");
        assertThat(c.call("EXEC")).isEqualTo(EXECABORT);

        c.call("MULTI");
        assertThat(c.call("SAVE")).isEqualTo("-ERR Command not allowed inside a transaction\r\n");
        assertThat(c.call("EXEC")).isEqualTo(EXECABORT);

        c.call("MULTI");
        assertThat(c.call("CONFIG", "NOSUCH")).isEqualTo("-ERR unknown subcommand 'NOSUCH'. Try CONFIG HELP.\r\n");
        assertThat(c.call("DISCARD")).isEqualTo(OK);
        assertThat(c.call("EXEC")).isEqualTo("-ERR EXEC without MULTI\r\n");
    }

    @Test
    void refusedExecInsideMultiEndsTheTransaction() {
        c.call("MULTI");
        c.call("SET", "k", "v");
        assertThat(c.call("EXEC", "extra"))
                .isEqualTo("-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n");
        assertThat(c.call("EXEC")).isEqualTo("-ERR EXEC without MULTI\r\n");
        assertThat(c.call("GET", "k")).isEqualTo("$-1\r\n");
    }

    @Test
    void discardDropsQueueAndWatches() {
        c.call("SET", "k", "1");
        c.call("WATCH", "k");
        c.call("MULTI");
        c.call("SET", "k", "2");
        assertThat(c.call("DISCARD")).isEqualTo(OK);
        assertThat(c.call("GET", "k")).isEqualTo("$1\r\n1\r\n");
        try (RespClient c2 = connect()) {
            c2.call("SET", "k", "3");
        }
        c.call("MULTI");
        c.call("GET", "k");
        assertThat(c.call("EXEC")).isEqualTo("*1\r\n$1\r\n3\r\n");
    }

    @Test
    void watchTouchedByAnotherClient() {
        c.call("SET", "k", "1");
        assertThat(c.call("WATCH", "k", "other")).isEqualTo(OK);
        try (RespClient c2 = connect()) {
            c2.call("SET", "k", "1");
        }
        c.call("MULTI");
        assertThat(c.call("SET", "k", "mine")).isEqualTo(QUEUED);
        assertThat(c.call("EXEC")).isEqualTo(NULL_ARRAY);
        assertThat(c.call("GET", "k")).isEqualTo("$1\r\n1\r\n");
        // the failed EXEC also ended the transaction and the watch
        assertThat(c.call("EXEC")).isEqualTo("-ERR EXEC without MULTI\r\n");
        c.call("MULTI");
        c.call("GET", "k");
        assertThat(c.call("EXEC")).isEqualTo("*1\r\n$1\r\n1\r\n");
    }

    @Test
    void watchTouchedByOwnWriteAndMissingKeyCreated() {
        c.call("WATCH", "k");
        c.call("SET", "k", "v");
        c.call("MULTI");
        c.call("GET", "k");
        assertThat(c.call("EXEC")).isEqualTo(NULL_ARRAY);

        c.call("WATCH", "new");
        try (RespClient c2 = connect()) {
            c2.call("SET", "new", "v");
        }
        c.call("MULTI");
        assertThat(c.call("EXEC")).isEqualTo(NULL_ARRAY);
    }

    @Test
    void watchIsPerDatabase() {
        c.call("WATCH", "k");
        try (RespClient c2 = connect()) {
            c2.call("SELECT", "1");
            c2.call("SET", "k", "v");
        }
        c.call("MULTI");
        c.call("PING");
        assertThat(c.call("EXEC")).isEqualTo("*1\r\n+PONG\r\n");

        c.call("SELECT", "1");
        c.call("WATCH", "k");
        c.call("SELECT", "0");
        try (RespClient c2 = connect()) {
            c2.call("SELECT", "1");
            c2.call("SET", "k", "v2");
        }
        c.call("MULTI");
        assertThat(c.call("EXEC")).isEqualTo(NULL_ARRAY);
    }

    @Test
    void unwatchForgetsKeysAndDirtiness() {
        c.call("WATCH", "k");
        c.call("SET", "k", "v");
        assertThat(c.call("UNWATCH")).isEqualTo(OK);
        c.call("MULTI");
        c.call("PING");
        assertThat(c.call("EXEC")).isEqualTo("*1\r\n+PONG\r\n");
    }

    @Test
    void touchedTransactionQueuesNothingButStillAnswersQueued() {
        c.call("WATCH", "k");
        c.call("SET", "k", "v");
        c.call("MULTI");
        assertThat(c.call("SET", "k", "x")).isEqualTo(QUEUED);
        onLoop(s -> assertThat(s.clients().values().stream().mapToInt(cl -> cl.multiQueue.size()).sum()).isZero());
        assertThat(c.call("EXEC")).isEqualTo(NULL_ARRAY);
        // a queue-time error wins over a touched watch
        c.call("WATCH", "k");
        c.call("SET", "k", "v");
        c.call("MULTI");
        c.call("NOSUCH");
        assertThat(c.call("EXEC")).isEqualTo(EXECABORT);
    }

    @Test
    void watchedKeyExpiringAfterWatchAbortsExec() {
        redis.clock().freeze();
        c.call("SET", "k", "v", "PX", "1000");
        c.call("WATCH", "k");
        redis.clock().advance(Duration.ofMillis(1500)); // active expiry deletes it: a change
        c.call("MULTI");
        c.call("PING");
        assertThat(c.call("EXEC")).isEqualTo(NULL_ARRAY);

        // logically expired but not yet deleted when EXEC runs: Redis checks the watched keys' TTLs
        c.call("SET", "k", "v", "PX", "100000");
        c.call("WATCH", "k");
        expireSilently(0, "k");
        c.call("MULTI");
        c.call("PING");
        assertThat(c.call("EXEC")).isEqualTo(NULL_ARRAY);
    }

    @Test
    void keyAlreadyExpiredWhenWatchedDoesNotAbort() {
        c.call("SET", "k", "v", "PX", "100000");
        expireSilently(0, "k");
        c.call("WATCH", "k");
        c.call("MULTI");
        c.call("PING");
        assertThat(c.call("EXEC")).isEqualTo("*1\r\n+PONG\r\n");

        // its lazy deletion on access is no logical change either
        c.call("SET", "k", "v", "PX", "100000");
        expireSilently(0, "k");
        c.call("WATCH", "k");
        assertThat(c.call("GET", "k")).isEqualTo("$-1\r\n");
        c.call("MULTI");
        c.call("PING");
        assertThat(c.call("EXEC")).isEqualTo("*1\r\n+PONG\r\n");

        // ... but writing it afterwards is
        c.call("SET", "k", "v", "PX", "100000");
        expireSilently(0, "k");
        c.call("WATCH", "k");
        try (RespClient c2 = connect()) {
            c2.call("SET", "k", "new");
        }
        c.call("MULTI");
        c.call("PING");
        assertThat(c.call("EXEC")).isEqualTo(NULL_ARRAY);

        // a flush removing the expired key is no change; a write after it is
        c.call("SET", "k", "v", "PX", "100000");
        expireSilently(0, "k");
        c.call("WATCH", "k");
        onLoop(s -> s.db(0).flush());
        c.call("MULTI");
        c.call("PING");
        assertThat(c.call("EXEC")).isEqualTo("*1\r\n+PONG\r\n");
        c.call("SET", "k", "v", "PX", "100000");
        expireSilently(0, "k");
        c.call("WATCH", "k");
        onLoop(s -> s.db(0).flush());
        c.call("SET", "k", "v");
        c.call("MULTI");
        assertThat(c.call("EXEC")).isEqualTo(NULL_ARRAY);
    }

    @Test
    void flushTouchesOnlyExistingWatchedKeys() {
        c.call("SET", "k", "v");
        c.call("WATCH", "k");
        onLoop(s -> s.db(0).flush());
        c.call("MULTI");
        assertThat(c.call("EXEC")).isEqualTo(NULL_ARRAY);

        c.call("WATCH", "missing");
        c.call("SET", "other", "v");
        onLoop(s -> s.db(0).flush());
        c.call("MULTI");
        assertThat(c.call("EXEC")).isEqualTo("*0\r\n");

        // flushing another database leaves the watch alone
        c.call("SET", "k", "v");
        c.call("WATCH", "k");
        onLoop(s -> s.db(1).flush());
        c.call("MULTI");
        assertThat(c.call("EXEC")).isEqualTo("*0\r\n");
    }

    @Test
    void swapDbTouchesKeysOnEitherSide() {
        c.call("WATCH", "k");
        c.call("SELECT", "1");
        c.call("SET", "k", "v");
        c.call("SELECT", "0");
        onLoop(s -> s.swapDbs(0, 1));
        c.call("MULTI");
        assertThat(c.call("EXEC")).isEqualTo(NULL_ARRAY);

        c.call("WATCH", "absent");
        onLoop(s -> s.swapDbs(0, 1));
        c.call("MULTI");
        assertThat(c.call("EXEC")).isEqualTo("*0\r\n");

        c.call("WATCH", "k");
        onLoop(s -> s.swapDbs(0, 0));
        c.call("MULTI");
        assertThat(c.call("EXEC")).isEqualTo("*0\r\n");
    }

    @Test
    void watchAfterTouchIsIgnoredUntilExec() {
        c.call("WATCH", "a");
        c.call("SET", "a", "1");
        // already dirty: Redis does not even record new watches
        assertThat(c.call("WATCH", "b")).isEqualTo(OK);
        onLoop(s -> assertThat(s.db(0).watchers).isEmpty());
        c.call("MULTI");
        assertThat(c.call("EXEC")).isEqualTo(NULL_ARRAY);
    }

    @Test
    void disconnectCleansWatchedKeys() {
        try (RespClient c2 = connect()) {
            c2.call("WATCH", "a", "b");
            onLoop(s -> assertThat(s.db(0).watchers).hasSize(2));
        }
        // the server notices the close on its next loop turn
        for (int i = 0; i < 50; i++) {
            boolean[] empty = new boolean[1];
            onLoop(s -> empty[0] = s.db(0).watchers.isEmpty());
            if (empty[0]) break;
            c.call("PING");
        }
        onLoop(s -> assertThat(s.db(0).watchers).isEmpty());
    }

    @Test
    void resp3NullArray() {
        resp3(c);
        c.call("WATCH", "k");
        c.call("SET", "k", "v");
        c.call("MULTI");
        assertThat(c.call("EXEC")).isEqualTo("_\r\n");
        c.call("MULTI");
        c.call("GET", "k");
        assertThat(c.call("EXEC")).isEqualTo("*1\r\n$1\r\nv\r\n");
    }

    @Test
    void subscribedResp2ClientGetsExecAbortForExec() {
        c.call("SUBSCRIBE", "ch");
        assertThat(c.call("EXEC")).isEqualTo("-EXECABORT Transaction discarded because of: Can't execute 'exec': "
                + "only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n");
        assertThat(c.call("MULTI")).isEqualTo("-ERR Can't execute 'multi': "
                + "only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n");
    }

    @Test
    void execRefusedForAuthKeepsTheErrorCode() {
        onLoop(s -> s.config().set("requirepass", "pw"));
        try (RespClient anon = connect()) {
            assertThat(anon.call("EXEC"))
                    .isEqualTo("-EXECABORT Transaction discarded because of: NOAUTH Authentication required.\r\n");
            assertThat(anon.call("MULTI")).isEqualTo("-NOAUTH Authentication required.\r\n");
        } finally {
            onLoop(s -> s.config().set("requirepass", ""));
        }
    }

    @Test
    void clientStaysInMultiWhileQueueRuns() {
        boolean[] seen = new boolean[1];
        Client[] me = new Client[1];
        c.call("PING");
        onLoop(s -> me[0] = s.clients().values().stream().max((x, y) -> Long.compare(x.id, y.id)).get());
        c.call("MULTI");
        c.call("PING");
        onLoop(s -> seen[0] = me[0].inMulti && me[0].multiQueue.size() == 1);
        assertThat(seen[0]).isTrue();
        c.call("EXEC");
        onLoop(s -> seen[0] = me[0].inMulti || !me[0].multiQueue.isEmpty() || me[0].multiError || me[0].watchDirty);
        assertThat(seen[0]).isFalse();
    }
}
