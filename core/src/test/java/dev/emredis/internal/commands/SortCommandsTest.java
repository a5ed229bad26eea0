package dev.emredis.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import static dev.emredis.testing.Replies.bulks;

import dev.emredis.testing.EmulatorTest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** SORT/SORT_RO: exact replies (checked against redis-server 7.0.15) and the partial quicksort. */
class SortCommandsTest extends EmulatorTest {
    @Test
    void numericAlphaAndLimit() {
        c.call("RPUSH", "l", "3", "1", "2", "10", "-5", "2.5");
        assertThat(c.call("SORT", "l")).isEqualTo(bulks("-5", "1", "2", "2.5", "3", "10"));
        assertThat(c.call("SORT", "l", "ALPHA")).isEqualTo(bulks("-5", "1", "10", "2", "2.5", "3"));
        assertThat(c.call("SORT", "l", "DESC", "LIMIT", "1", "2")).isEqualTo(bulks("3", "2.5"));
        assertThat(c.call("SORT", "l", "LIMIT", "100", "1")).isEqualTo("*0\r\n");
        c.call("RPUSH", "w", "1", "b");
        assertThat(c.call("SORT", "w")).isEqualTo("-ERR One or more scores can't be converted into double\r\n");
        assertThat(c.call("SORT", "l", "LIMIT", "0")).isEqualTo("-ERR syntax error\r\n");
        assertThat(c.call("SORT_RO", "l", "STORE", "d")).isEqualTo("-ERR syntax error\r\n");
        c.call("SET", "str", "x");
        assertThat(c.call("SORT", "str")).isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        // a syntax error is reported before the type is checked
        assertThat(c.call("SORT", "str", "FOO")).isEqualTo("-ERR syntax error\r\n");
    }

    @Test
    void byAndGetPatterns() {
        c.call("RPUSH", "l", "1", "2", "3");
        c.call("MSET", "w_1", "30", "w_2", "10", "w_3", "20", "d_1", "one", "d_3", "three");
        c.call("HSET", "h_1", "f", "b");
        c.call("HSET", "h_2", "f", "a");
        assertThat(c.call("SORT", "l", "BY", "w_*")).isEqualTo(bulks("2", "3", "1"));
        assertThat(c.call("SORT", "l", "BY", "w_*", "GET", "d_*", "GET", "#"))
                .isEqualTo("*6\r\n$-1\r\n$1\r\n2\r\n$5\r\nthree\r\n$1\r\n3\r\n$3\r\none\r\n$1\r\n1\r\n");
        // missing BY values come first in ALPHA order
        assertThat(c.call("SORT", "l", "BY", "h_*->f", "ALPHA")).isEqualTo(bulks("3", "2", "1"));
        assertThat(c.call("SORT", "l", "BY", "nosort", "DESC")).isEqualTo(bulks("3", "2", "1"));
    }

    @Test
    void storeMakesAListAndAnEmptyResultDeletes() {
        c.call("RPUSH", "l", "2", "1");
        c.call("SET", "d", "x");
        c.call("EXPIRE", "d", "100");
        assertThat(c.call("SORT", "l", "STORE", "d")).isEqualTo(":2\r\n");
        assertThat(c.call("TTL", "d")).isEqualTo(":-1\r\n");
        assertThat(c.call("LRANGE", "d", "0", "-1")).isEqualTo(bulks("1", "2"));
        assertThat(c.call("SORT", "nope", "STORE", "d")).isEqualTo(":0\r\n");
        assertThat(c.call("EXISTS", "d")).isEqualTo(":0\r\n");
        // a small sorted set is converted to a skiplist by SORT, as Redis does
        c.call("ZADD", "z", "1", "a");
        c.call("SORT", "z", "ALPHA");
        assertThat(c.call("OBJECT", "ENCODING", "z")).isEqualTo("$8\r\nskiplist\r\n");
    }

    @Test
    void partialQuicksortOrdersTheRequestedRange() {
        Random rnd = new Random(7);
        for (int round = 0; round < 500; round++) {
            Integer[] a = new Integer[rnd.nextInt(120)];
            for (int i = 0; i < a.length; i++) a[i] = rnd.nextInt(50);
            Integer[] sorted = a.clone();
            Arrays.sort(sorted);
            int from = a.length == 0 ? 0 : rnd.nextInt(a.length);
            int to = a.length == 0 ? -1 : from + rnd.nextInt(a.length - from);
            PartialQuicksort.sort(a, Comparator.naturalOrder(), from, to);
            for (int i = from; i <= to; i++) assertThat(a[i]).isEqualTo(sorted[i]);
        }
    }
}
