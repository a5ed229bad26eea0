package dev.emredis.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emredis.ClusterJournal;
import dev.emredis.FaultRule;
import dev.emredis.Journal;
import dev.emredis.Match;
import dev.emredis.RedisCluster;
import dev.emredis.RedisEmulator;
import dev.emredis.Role;
import dev.emredis.SlotMigration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The README's examples, as written there: {@code ReadmeSnippetsTest} checks that every line of
 * every Java block of the README appears in a test, so what the README shows compiles and runs.
 */
class ReadmeExamplesTest {

    @Test
    void useItInATest() {
        try (RedisEmulator redis = RedisEmulator.builder().build().start();
                Jedis jedis = new Jedis(redis.host(), redis.port())) {     // or redis.uri()
            jedis.setex("session:alice", 300, "cart=3");
            redis.clock().advance(Duration.ofMinutes(5));     // TTLs expire, `expired` events fire
            assertThat(jedis.get("session:alice")).isNull();

            redis.clock().freeze().set(Instant.parse("2030-01-01T00:00:00Z"));   // TIME, TTLs and the journal see this
            assertThat(jedis.time().get(0)).isEqualTo("1893456000");
            redis.clock().useSystemTime();
        }
    }

    @EmbeddedRedis                       // one server for the class (and its @Nested classes)
    @Nested
    class CartTest {
        @Test
        void addsItems(RedisEmulator redis) {          // also injected into fields and constructors
            try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
                assertThat(jedis.hincrBy("cart:alice", "book", 2)).isEqualTo(2);
            }
        }

        @Test
        @EmbeddedRedis(version = "7.2.4")              // this test gets its own server
        void reportsVersion(RedisEmulator redis) {
            try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
                assertThat(jedis.info("server")).contains("redis_version:7.2.4");
            }
        }
    }

    @Nested
    class ProgrammaticTest {
        @RegisterExtension
        static EmbeddedRedisExtension redis = EmbeddedRedisExtension.builder().config("databases", "4").build();

        @Test
        void hasFourDatabases(RedisEmulator server) {
            try (Jedis jedis = new Jedis(server.host(), server.port())) {
                assertThat(jedis.configGet("databases")).containsEntry("databases", "4");
            }
        }
    }

    @Nested
    class CompatibilityTest {
        @RedisCompatibilityTest                        // runs on the emulator, then on a real redis-server
        void countsTheSameOnBoth(RedisTarget redis) {
            try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
                assertThat(jedis.incrBy("counter", 42)).isEqualTo(42);
            }
            redis.emulator().ifPresent(emulator -> assertThat(emulator.journal().count("INCRBY")).isEqualTo(1));
        }
    }

    @EmbeddedRedis
    @Nested
    class FaultsTest {
        @Test
        void serverStates(RedisEmulator redis) {
            try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
                redis.faults().oom(true);
                assertThatThrownBy(() -> jedis.set("k", "v"))
                        .hasMessage("OOM command not allowed when used memory > 'maxmemory'.");
                redis.faults().oom(false).role(Role.REPLICA);     // ROLE, INFO replication and HELLO agree
                assertThatThrownBy(() -> jedis.set("k", "v"))
                        .hasMessage("READONLY You can't write against a read only replica.");
                assertThat(jedis.info("replication")).contains("role:slave");
                redis.faults().role(Role.MASTER).masterDown(true);
                assertThatThrownBy(jedis::ping)
                        .hasMessage("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.");
                redis.faults().clear();
                redis.faults().loading(true);
                assertThatThrownBy(() -> jedis.get("k")).hasMessage("LOADING Redis is loading the dataset in memory");
                redis.faults().loading(false).busy(true);
                assertThatThrownBy(() -> jedis.get("k"))
                        .hasMessage("BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.");
                assertThat(jedis.scriptKill()).isEqualTo("OK");   // ends the fake script
                redis.faults().noReplicas(true);
                assertThatThrownBy(() -> jedis.set("k", "v")).hasMessage("NOREPLICAS Not enough good replicas to write.");
                redis.faults().clear();
                assertThat(jedis.set("k", "v")).isEqualTo("OK");
            }
        }

        @Test
        void rules(RedisEmulator redis) {
            try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
                FaultRule flaky = redis.faults().when(Match.command("GET").times(1)).replyError("ERR injected");
                assertThatThrownBy(() -> jedis.get("k")).hasMessage("ERR injected");
                assertThat(jedis.get("k")).isNull();           // times(1): the second GET runs
                flaky.remove();

            }
            redis.faults().when(Match.command("GET").onClientName("slow")).hang();
            try (Jedis jedis = new Jedis(redis.host(), redis.port(), 200)) {   // 200 ms socket timeout
                jedis.clientSetname("slow");
                assertThatThrownBy(() -> jedis.get("k")).isInstanceOf(JedisConnectionException.class);
            }
            // also .delay(Duration), .closeConnection(), .reset() (RST), .throttle(bytesPerSecond),
            // and Match.any().after(100).probability(0.1)
            redis.faults().clear();
        }

        @Test
        void connections(RedisEmulator redis) {
            redis.faults().refuseConnections(true);            // ECONNREFUSED until switched off
            assertThatThrownBy(() -> new Jedis(redis.host(), redis.port()).ping())
                    .isInstanceOf(JedisConnectionException.class);
            redis.faults().refuseConnections(false).requirePass("s3cret");
            try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
                assertThatThrownBy(jedis::ping).hasMessage("NOAUTH Authentication required.");
                assertThat(jedis.auth("s3cret")).isEqualTo("OK");
            }
        }
    }

    @EmbeddedRedis
    @Nested
    class JournalTest {
        @Test
        void recordsEveryCommand(RedisEmulator redis) {
            try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
                jedis.clientSetname("worker");
                jedis.set("k", "v");
                jedis.get("k");
            }
            Journal journal = redis.journal();               // every command that reached the server
            assertThat(journal.count("SET")).isEqualTo(1);
            assertThat(journal.count("CLIENT", "SETNAME")).isEqualTo(1);
            Journal.Entry get = journal.commands().stream().filter(e -> e.is("GET")).findFirst().orElseThrow();
            assertThat(get.clientName()).isEqualTo("worker");
            assertThat(get.args()).containsExactly("k");
            assertThat(get.replyKind()).isEqualTo(Journal.ReplyKind.OK);
            assertThat(journal.connectionsAccepted()).isEqualTo(1);
            assertThat(journal.maxConcurrentConnections()).isEqualTo(1);
        }

        @Test
        void backoffAndStorms(RedisEmulator redis) {
            redis.clock().freeze();                          // the journal's times are the virtual clock's
            try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
                for (int wait : new int[] {100, 200, 400}) {
                    jedis.ping();
                    redis.clock().advance(Duration.ofMillis(wait));
                }
                jedis.ping();
            }
            Journal journal = redis.journal();
            assertThat(journal.intervals(Match.command("PING")))   // gaps: backoff growth, jitter
                    .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
            assertThat(journal.maxCallsInWindow(Match.command("PING"), Duration.ofMillis(300))).isEqualTo(2); // storm detector
            assertThat(journal.take(Duration.ofSeconds(1))).isPresent();   // waits for the next command
        }
    }

    @Test
    void cluster() {
        try (RedisCluster cluster = RedisCluster.builder().masters(3).replicasPerMaster(1).build().start();
                JedisCluster jedis = new JedisCluster(new HostAndPort("127.0.0.1", cluster.node(0).port()))) {
            jedis.set("foo", "bar");                          // slot 12182, served by node 2
            cluster.moveSlot(cluster.slotOf("foo"), 0);       // keys move; node 2 answers -MOVED 12182 ...
            assertThat(jedis.get("foo")).isEqualTo("bar");
            SlotMigration migration = cluster.startMigration(cluster.slotOf("hello"), 0, 1);
            migration.moveKeys("hello");                      // node 0 answers -ASK / -TRYAGAIN meanwhile
            migration.finish();
            int promoted = cluster.failover(1);               // its replica takes the slots, epochs bumped
            assertThat(cluster.masters()).contains(promoted);
            cluster.failNode(2);                              // flagged fail: -CLUSTERDOWN The cluster is down
            cluster.recoverNode(2);
            ClusterJournal journal = cluster.journal();       // every node's journal, and across nodes:
            assertThat(journal.discoveryCalls()).isGreaterThanOrEqualTo(2);   // CLUSTER SLOTS/SHARDS/NODES
            List<Journal.Entry> moved = journal.node(2).commands().stream()
                    .filter(e -> "MOVED".equals(e.errorCode())).toList();
            assertThat(moved).hasSize(1);
        }
    }
}
