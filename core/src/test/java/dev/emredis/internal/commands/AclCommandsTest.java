package dev.emredis.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.testing.EmulatorTest;
import dev.emredis.testing.RespClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ACL in the emulator alone (compat-tests compare the same behaviour with redis-server). */
class AclCommandsTest extends EmulatorTest {
    @AfterEach
    void dropUsers() {
        c.call("ACL", "DELUSER", "u", "viewer");
        c.call("ACL", "LOG", "RESET");
    }

    private RespClient as(String user, String pass) {
        RespClient r = new RespClient(redis);
        assertThat(r.call("AUTH", user, pass)).isEqualTo("+OK\r\n");
        return r;
    }

    @Test
    void noPermTexts() {
        c.call("ACL", "SETUSER", "u", "on", ">p", "~k*", "&ch", "-@all", "+get", "+publish", "+config|get");
        try (RespClient u = as("u", "p")) {
            assertThat(u.call("GET", "k1")).isEqualTo("$-1\r\n");
            assertThat(u.call("SET", "k1", "v")).isEqualTo("-NOPERM this user has no permissions to run the 'set' command\r\n");
            assertThat(u.call("CONFIG", "SET", "maxmemory", "0"))
                    .isEqualTo("-NOPERM this user has no permissions to run the 'config|set' command\r\n");
            assertThat(u.call("GET", "x")).isEqualTo("-NOPERM this user has no permissions to access one of the keys used as arguments\r\n");
            assertThat(u.call("PUBLISH", "other", "m"))
                    .isEqualTo("-NOPERM this user has no permissions to access one of the channels used as arguments\r\n");
            assertThat(u.call("PUBLISH", "ch", "m")).isEqualTo(":0\r\n");
        }
        assertThat(c.call("INFO", "errorstats")).contains("errorstat_NOPERM:count=4");
    }

    @Test
    void logGroupsWithinAMinuteOfTheVirtualClock() {
        c.call("ACL", "LOG", "RESET");
        redis.clock().freeze();
        c.call("ACL", "SETUSER", "u", "on", "nopass", "-@all");
        try (RespClient u = as("u", "x")) {
            u.call("GET", "a");
            u.call("GET", "a");
            redis.clock().advance(Duration.ofSeconds(61));
            u.call("GET", "a");
        }
        String log = c.call("ACL", "LOG");
        assertThat(log).startsWith("*2\r\n*14\r\n$5\r\ncount\r\n:1\r\n");
        assertThat(log).contains("$5\r\ncount\r\n:2\r\n$6\r\nreason\r\n$7\r\ncommand\r\n");
        assertThat(log).contains("$11\r\nage-seconds\r\n$1\r\n0\r\n").contains("$11\r\nage-seconds\r\n$2\r\n61\r\n");
    }

    @Test
    void requirepassIsTheDefaultUsersPassword() {
        c.call("CONFIG", "SET", "requirepass", "pw");
        try (RespClient other = new RespClient(redis)) {
            assertThat(other.call("GET", "x")).isEqualTo("-NOAUTH Authentication required.\r\n");
            assertThat(other.call("AUTH", "pw")).isEqualTo("+OK\r\n");
            assertThat(other.call("ACL", "WHOAMI")).isEqualTo("$7\r\ndefault\r\n");
        } finally {
            c.call("CONFIG", "SET", "requirepass", "");
        }
        assertThat(c.call("ACL", "LIST")).isEqualTo("*1\r\n$34\r\nuser default on nopass ~* &* +@all\r\n");
    }

    @Test
    void clientListShowsTheUser() {
        c.call("ACL", "SETUSER", "viewer", "on", "nopass", "+@all", "~*");
        try (RespClient u = as("viewer", "any")) {
            assertThat(u.call("CLIENT", "INFO")).contains(" user=viewer ");
            assertThat(c.call("CLIENT", "KILL", "USER", "viewer")).isEqualTo(":1\r\n");
            assertThat(u.isClosedByServer(2000)).isTrue();
        }
        c.call("ACL", "DELUSER", "viewer");
    }
}
