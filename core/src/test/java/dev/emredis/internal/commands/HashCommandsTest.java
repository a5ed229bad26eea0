package dev.emredis.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import static dev.emredis.testing.Replies.bulk;
import static dev.emredis.testing.Replies.bulks;

import dev.emredis.testing.EmulatorTest;
import dev.emredis.testing.RespClient;
import org.junit.jupiter.api.Test;

/** Hash commands: exact replies (checked against redis-server 7.0.15), encodings and events. */
class HashCommandsTest extends EmulatorTest {
    @Test
    void setGetAndCounts() {
        assertThat(c.call("HSET", "h", "a", "1", "b", "2")).isEqualTo(":2\r\n");
        assertThat(c.call("HSET", "h", "a", "10", "c", "3")).isEqualTo(":1\r\n");
        assertThat(c.call("HMSET", "h", "d", "4")).isEqualTo("+OK\r\n");
        assertThat(c.call("HSETNX", "h", "d", "5")).isEqualTo(":0\r\n");
        assertThat(c.call("HMGET", "h", "a", "nope", "d")).isEqualTo("*3\r\n$2\r\n10\r\n$-1\r\n$1\r\n4\r\n");
        assertThat(c.call("HDEL", "h", "a", "b", "nope")).isEqualTo(":2\r\n");
        assertThat(c.call("HLEN", "h")).isEqualTo(":2\r\n");
        assertThat(c.call("HEXISTS", "h", "c")).isEqualTo(":1\r\n");
        assertThat(c.call("HEXISTS", "h", "a")).isEqualTo(":0\r\n");
        assertThat(c.call("HGETALL", "h")).isEqualTo(bulks("c", "3", "d", "4"));
        assertThat(c.call("HSET", "h", "x", "1", "y")).isEqualTo("-ERR wrong number of arguments for 'hset' command\r\n");
        // the last field deleted deletes the key
        assertThat(c.call("HDEL", "h", "c", "d")).isEqualTo(":2\r\n");
        assertThat(c.call("EXISTS", "h")).isEqualTo(":0\r\n");
        c.call("SET", "str", "x");
        assertThat(c.call("HGET", "str", "a")).isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void increments() {
        c.call("HSET", "h", "a", "10", "b", "2", "c", "3", "s", "abc");
        assertThat(c.call("HINCRBY", "h", "a", "5")).isEqualTo(":15\r\n");
        assertThat(c.call("HINCRBY", "h", "b", "9223372036854775807")).isEqualTo("-ERR increment or decrement would overflow\r\n");
        assertThat(c.call("HINCRBY", "h", "c", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(c.call("HINCRBY", "h", "s", "1")).isEqualTo("-ERR hash value is not an integer\r\n");
        assertThat(c.call("HINCRBYFLOAT", "h", "s", "1")).isEqualTo("-ERR hash value is not a float\r\n");
        assertThat(c.call("HINCRBYFLOAT", "h", "f", "0.1")).isEqualTo(bulk("0.1"));
        assertThat(c.call("HINCRBYFLOAT", "h", "f", "0.2")).isEqualTo(bulk("0.3"));
        assertThat(c.call("HINCRBYFLOAT", "h", "a", "1.5e3")).isEqualTo(bulk("1515"));
        assertThat(c.call("HSTRLEN", "h", "f")).isEqualTo(":3\r\n");
        // long double arithmetic: 1e400 does not overflow, and prints in full
        String big = c.call("HINCRBYFLOAT", "h", "g", "1e400");
        assertThat(big).startsWith("$401\r\n1000000000000000000028188068394758651458645343362905203862591069353968553400862986203936399484832416052209405392731761620029582277725925573402382897659334066101779744743454617391786244811667497172377894382439159333804747067502624668440135923751360383034373548550524495596497902182503828009106841494740245689865304095101751265809261582758892018347251164331659136266413817630973480634373249743022194688");
    }

    @Test
    void encodingsFollowTheConfig() {
        c.call("HSET", "h", "a", "1");
        assertThat(c.call("OBJECT", "ENCODING", "h")).isEqualTo(bulk("listpack"));
        c.call("HSET", "h", "long", "x".repeat(65));
        assertThat(c.call("OBJECT", "ENCODING", "h")).isEqualTo(bulk("hashtable"));
        c.call("CONFIG", "SET", "hash-max-listpack-entries", "2");
        try {
            c.call("HSET", "e", "a", "1", "b", "2");
            assertThat(c.call("OBJECT", "ENCODING", "e")).isEqualTo(bulk("listpack"));
            c.call("HSET", "e", "c", "3");
            assertThat(c.call("OBJECT", "ENCODING", "e")).isEqualTo(bulk("hashtable"));
            // conversion is one way
            c.call("HDEL", "e", "a", "b");
            assertThat(c.call("OBJECT", "ENCODING", "e")).isEqualTo(bulk("hashtable"));
        } finally {
            c.call("CONFIG", "SET", "hash-max-listpack-entries", "512");
        }
    }

    @Test
    void randomFieldCounts() {
        assertThat(c.call("HRANDFIELD", "nokey")).isEqualTo("$-1\r\n");
        assertThat(c.call("HRANDFIELD", "nokey", "3")).isEqualTo("*0\r\n");
        c.call("HSET", "h", "a", "1", "b", "2", "c", "3");
        // a count covering the hash returns it whole, in hash order
        assertThat(c.call("HRANDFIELD", "h", "5", "WITHVALUES")).isEqualTo(bulks("a", "1", "b", "2", "c", "3"));
        // negative counts repeat fields
        assertThat(c.call("HRANDFIELD", "h", "-5")).startsWith("*5\r\n");
        assertThat(c.call("HRANDFIELD", "h", "2")).startsWith("*2\r\n");
        assertThat(c.call("HRANDFIELD", "h", "9223372036854775807", "WITHVALUES")).isEqualTo("-ERR value is out of range\r\n");
        try (RespClient r3 = connect()) {
            r3.call("HELLO", "3");
            assertThat(r3.call("HRANDFIELD", "h", "1", "WITHVALUES")).matches("\\*1\r\n\\*2\r\n\\$1\r\n[abc]\r\n\\$1\r\n[123]\r\n");
        }
    }

    @Test
    void keyspaceEvents() {
        c.call("CONFIG", "SET", "notify-keyspace-events", "Eh");
        try (RespClient sub = connect()) {
            sub.call("SUBSCRIBE", "__keyevent@0__:hset", "__keyevent@0__:hdel", "__keyevent@0__:hincrby",
                    "__keyevent@0__:hincrbyfloat");
            for (int i = 0; i < 3; i++) sub.read();
            c.call("HSET", "h", "a", "1");
            c.call("HSETNX", "h", "a", "2"); // no change, no event
            c.call("HINCRBY", "h", "a", "1");
            c.call("HINCRBYFLOAT", "h", "a", "1");
            c.call("HDEL", "h", "nope"); // no change, no event
            c.call("HDEL", "h", "a");
            assertThat(sub.read()).isEqualTo("*3\r\n$7\r\nmessage\r\n$19\r\n__keyevent@0__:hset\r\n$1\r\nh\r\n");
            assertThat(sub.read()).contains("__keyevent@0__:hincrby\r\n");
            assertThat(sub.read()).contains("__keyevent@0__:hincrbyfloat\r\n");
            assertThat(sub.read()).contains("__keyevent@0__:hdel\r\n");
        } finally {
            c.call("CONFIG", "SET", "notify-keyspace-events", "");
        }
    }
}
