package dev.emredis.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.testing.EmulatorTest;
import org.junit.jupiter.api.Test;

class ListCommandsTest extends EmulatorTest {
    @Test
    void pushAndPopAtBothEndsKeepOrder() {
        assertThat(c.call("RPUSH", "q", "a", "b")).isEqualTo(":2\r\n");
        assertThat(c.call("LPUSH", "q", "x", "y")).isEqualTo(":4\r\n");
        assertThat(c.call("LRANGE", "q", "0", "-1")).isEqualTo("*4\r\n$1\r\ny\r\n$1\r\nx\r\n$1\r\na\r\n$1\r\nb\r\n");
        assertThat(c.call("RPOP", "q")).isEqualTo("$1\r\nb\r\n");
        assertThat(c.call("LPOP", "q", "2")).isEqualTo("*2\r\n$1\r\ny\r\n$1\r\nx\r\n");
        assertThat(c.call("LINDEX", "q", "-1")).isEqualTo("$1\r\na\r\n");
    }

    @Test
    void aQueueThroughManyWrapAroundsStaysConsistent() {
        for (int i = 0; i < 1000; i++) {
            c.call("RPUSH", "q", String.valueOf(i));
            if (i % 3 != 0) assertThat(c.call("LPOP", "q")).isNotEqualTo("$-1\r\n");
        }
        assertThat(c.call("LLEN", "q")).isEqualTo(":334\r\n");
        assertThat(c.call("LINDEX", "q", "0")).isEqualTo("$3\r\n666\r\n");
        assertThat(c.call("LINDEX", "q", "-1")).isEqualTo("$3\r\n999\r\n");
    }

    @Test
    void emptiedListIsDeletedAndCopyIsIndependent() {
        c.call("RPUSH", "l", "a", "b");
        c.call("COPY", "l", "l2");
        assertThat(c.call("LPOP", "l", "5")).isEqualTo("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
        assertThat(c.call("EXISTS", "l")).isEqualTo(":0\r\n");
        assertThat(c.call("LLEN", "l2")).isEqualTo(":2\r\n");
        assertThat(c.call("TYPE", "l2")).isEqualTo("+list\r\n");
    }
}
