package dev.emredis.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.RedisEmulator;
import dev.emredis.testing.RespClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The emulated replica role: exact ROLE and HELLO replies, and expiry left to the master. */
class ReplicationTest {
    @Test
    void replicaRoleIsReportedEverywhere() {
        try (RedisEmulator redis = RedisEmulator.builder().build().start(); RespClient c = new RespClient(redis)) {
            assertThat(c.call("ROLE")).isEqualTo("*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n");
            assertThat(c.call("REPLICAOF", "example.org", "6380")).isEqualTo("+OK\r\n");
            assertThat(c.call("ROLE")).isEqualTo("*5\r\n$5\r\nslave\r\n$11\r\nexample.org\r\n:6380\r\n$7\r\nconnect\r\n:-1\r\n");
            assertThat(c.call("HELLO", "3")).contains("$4\r\nrole\r\n$7\r\nreplica\r\n");
            assertThat(c.call("WAIT", "1", "0")).startsWith("-ERR WAIT cannot be used with replica instances.");
            assertThat(c.call("REPLICAOF", "NO", "ONE")).isEqualTo("+OK\r\n");
            assertThat(c.call("HELLO", "3")).contains("$4\r\nrole\r\n$6\r\nmaster\r\n");
        }
    }

    @Test
    void aReplicaHidesExpiredKeysButLeavesTheirDeletionToTheMaster() {
        try (RedisEmulator redis = RedisEmulator.builder().build().start(); RespClient c = new RespClient(redis)) {
            c.call("SET", "k", "v", "EX", "10");
            c.call("REPLICAOF", "127.0.0.1", "1");
            redis.clock().advance(Duration.ofSeconds(11));
            assertThat(c.call("GET", "k")).isEqualTo("$-1\r\n");
            assertThat(c.call("DBSIZE")).isEqualTo(":1\r\n");
            c.call("REPLICAOF", "NO", "ONE");
            assertThat(c.call("GET", "k")).isEqualTo("$-1\r\n");
            assertThat(c.call("DBSIZE")).isEqualTo(":0\r\n");
        }
    }

    @Test
    void syncSendsTheDatasetAsAnRdbFileThenTheStream() {
        try (RedisEmulator redis = RedisEmulator.builder().build().start();
             RespClient c = new RespClient(redis); RespClient replica = new RespClient(redis)) {
            c.call("SET", "k", "v");
            replica.send("SYNC");
            String header = replica.readLine();
            assertThat(header).startsWith("$");
            byte[] rdb = replica.readBytes(Integer.parseInt(header.substring(1)));
            assertThat(new String(rdb, 0, 9, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("REDIS0010");
            assertThat(rdb[rdb.length - 9]).isEqualTo((byte) 0xff); // EOF opcode, then the CRC-64
            assertThat(c.call("CLIENT", "LIST")).contains("flags=S");
            c.call("SET", "k2", "v2");
            assertThat(replica.readLine()).isEqualTo("*2");
            assertThat(replica.readLine()).isEqualTo("$6");
            assertThat(replica.readLine()).isEqualTo("SELECT");
            c.call("SELECT", "1");
            assertThat(c.call("INFO", "replication")).contains("connected_slaves:1\r\n");
            // a replica's own commands get no reply
            replica.send("PING");
            assertThat(c.call("ROLE")).startsWith("*3\r\n$6\r\nmaster\r\n:");
            c.call("REPLICAOF", "127.0.0.1", "1");
            assertThat(c.call("SELECT", "0")).isEqualTo("+OK\r\n");
            replica.close();
        }
    }
}
