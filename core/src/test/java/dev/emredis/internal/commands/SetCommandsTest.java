package dev.emredis.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import static dev.emredis.testing.Replies.bulk;
import static dev.emredis.testing.Replies.bulks;

import dev.emredis.testing.EmulatorTest;
import dev.emredis.testing.RespClient;
import org.junit.jupiter.api.Test;

/** Set commands: exact replies (checked against redis-server 7.0.15), encodings and events. */
class SetCommandsTest extends EmulatorTest {
    @Test
    void intsetsStaySortedUntilANonIntegerArrives() {
        assertThat(c.call("SADD", "s", "3", "1", "2")).isEqualTo(":3\r\n");
        assertThat(c.call("SADD", "s", "2", "4")).isEqualTo(":1\r\n");
        assertThat(c.call("OBJECT", "ENCODING", "s")).isEqualTo(bulk("intset"));
        assertThat(c.call("SMEMBERS", "s")).isEqualTo(bulks("1", "2", "3", "4"));
        // "01" is not in canonical integer form
        assertThat(c.call("SADD", "s", "-9223372036854775808", "01")).isEqualTo(":2\r\n");
        assertThat(c.call("OBJECT", "ENCODING", "s")).isEqualTo(bulk("hashtable"));
        assertThat(c.call("SREM", "s", "01", "zz")).isEqualTo(":1\r\n");
        assertThat(c.call("OBJECT", "ENCODING", "s")).isEqualTo(bulk("hashtable"));
        c.call("CONFIG", "SET", "set-max-intset-entries", "2");
        try {
            c.call("SADD", "t", "1", "2");
            assertThat(c.call("OBJECT", "ENCODING", "t")).isEqualTo(bulk("intset"));
            c.call("SADD", "t", "3");
            assertThat(c.call("OBJECT", "ENCODING", "t")).isEqualTo(bulk("hashtable"));
        } finally {
            c.call("CONFIG", "SET", "set-max-intset-entries", "512");
        }
    }

    @Test
    void algebraAndStores() {
        c.call("SADD", "a", "1", "2", "3");
        c.call("SADD", "b", "2", "3", "4");
        assertThat(c.call("SINTERCARD", "2", "a", "b", "LIMIT", "-1")).isEqualTo("-ERR LIMIT can't be negative\r\n");
        assertThat(c.call("SINTERCARD", "0", "a")).isEqualTo("-ERR numkeys should be greater than 0\r\n");
        assertThat(c.call("SINTERCARD", "3", "a", "b")).isEqualTo("-ERR Number of keys can't be greater than number of args\r\n");
        assertThat(c.call("SINTERCARD", "2", "a", "b", "LIMIT", "1")).isEqualTo(":1\r\n");
        assertThat(c.call("SINTERSTORE", "d", "a", "b")).isEqualTo(":2\r\n");
        assertThat(c.call("SMEMBERS", "d")).isEqualTo(bulks("2", "3"));
        assertThat(c.call("SUNION", "a", "b")).isEqualTo(bulks("1", "2", "3", "4"));
        assertThat(c.call("SDIFF", "a", "b")).isEqualTo(bulks("1"));
        // an empty result deletes the destination
        assertThat(c.call("SDIFFSTORE", "d", "a", "a")).isEqualTo(":0\r\n");
        assertThat(c.call("EXISTS", "d")).isEqualTo(":0\r\n");
        assertThat(c.call("SMOVE", "a", "b", "1")).isEqualTo(":1\r\n");
        assertThat(c.call("SMEMBERS", "b")).isEqualTo(bulks("1", "2", "3", "4"));
        c.call("SET", "str", "x");
        assertThat(c.call("SINTER", "a", "str")).isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertThat(c.call("SMOVE", "a", "str", "2")).isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void popAndRandomCounts() {
        c.call("SADD", "a", "2", "3");
        assertThat(c.call("SPOP", "a", "0")).isEqualTo("*0\r\n");
        assertThat(c.call("SPOP", "a", "-1")).isEqualTo("-ERR value is out of range, must be positive\r\n");
        assertThat(c.call("SRANDMEMBER", "a", "-3")).matches("\\*3\r\n(\\$1\r\n[23]\r\n){3}");
        assertThat(c.call("SRANDMEMBER", "a", "1")).matches("\\*1\r\n\\$1\r\n[23]\r\n");
        assertThat(c.call("SPOP", "a", "10")).isEqualTo(bulks("2", "3"));
        assertThat(c.call("EXISTS", "a")).isEqualTo(":0\r\n");
        c.call("SADD", "big", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        assertThat(c.call("SPOP", "big", "7")).startsWith("*7\r\n");
        assertThat(c.call("SCARD", "big")).isEqualTo(":3\r\n");
    }

    @Test
    void keyspaceEvents() {
        c.call("CONFIG", "SET", "notify-keyspace-events", "Es");
        try (RespClient sub = connect()) {
            sub.call("PSUBSCRIBE", "__keyevent@0__:*");
            c.call("SADD", "s", "a", "b");
            c.call("SADD", "s", "a"); // nothing added, no event
            c.call("SMOVE", "s", "t", "a");
            c.call("SPOP", "s");
            assertThat(sub.read()).contains("__keyevent@0__:sadd\r\n$1\r\ns\r\n");
            assertThat(sub.read()).contains("__keyevent@0__:srem\r\n$1\r\ns\r\n");
            assertThat(sub.read()).contains("__keyevent@0__:sadd\r\n$1\r\nt\r\n");
            assertThat(sub.read()).contains("__keyevent@0__:spop\r\n$1\r\ns\r\n");
        } finally {
            c.call("CONFIG", "SET", "notify-keyspace-events", "");
        }
    }
}
