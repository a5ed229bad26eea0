package dev.emredis.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.testing.EmulatorTest;
import org.junit.jupiter.api.Test;

class ConnectionCommandsTest extends EmulatorTest {
    @Test
    void pingAndEcho() {
        assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
        assertThat(c.call("ping", "hi")).isEqualTo("$2\r\nhi\r\n");
        assertThat(c.call("PING", "a", "b")).isEqualTo("-ERR wrong number of arguments for 'ping' command\r\n");
        assertThat(c.call("ECHO", "x y")).isEqualTo("$3\r\nx y\r\n");
    }

    @Test
    void unknownCommandAndArity() {
        assertThat(c.call("FOO", "a", "b")).isEqualTo("-ERR unknown command 'FOO', with args beginning with: 'a' 'b' \r\n");
        assertThat(c.call("ECHO")).isEqualTo("-ERR wrong number of arguments for 'echo' command\r\n");
    }

    @Test
    void selectChecksRange() {
        assertThat(c.call("SELECT", "16")).isEqualTo("-ERR DB index is out of range\r\n");
        assertThat(c.call("SELECT", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(c.call("SELECT", "15")).isEqualTo("+OK\r\n");
    }

    @Test
    void quitClosesAfterReply() {
        assertThat(c.call("QUIT")).isEqualTo("+OK\r\n");
        assertThat(c.isClosedByServer(2000)).isTrue();
    }
}
