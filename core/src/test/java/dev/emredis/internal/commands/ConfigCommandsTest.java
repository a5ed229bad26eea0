package dev.emredis.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.testing.EmulatorTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Expected replies are redis-server 7.0.15's bytes. */
class ConfigCommandsTest extends EmulatorTest {
    @AfterEach
    void restore() {
        c.call("CONFIG", "SET", "maxmemory", "0", "hz", "10", "replica-priority", "100", "maxmemory-clients", "0",
                "save", "3600 1 300 100 60 10000", "shutdown-on-sigint", "default", "notify-keyspace-events", "",
                "client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
                "latency-tracking-info-percentiles", "50 99 99.9");
    }

    private static String pair(String k, String v) {
        return "*2\r\n$" + k.length() + "\r\n" + k + "\r\n$" + v.length() + "\r\n" + v + "\r\n";
    }

    @Test
    void getKeepsTheSpellingAskedForAndKnowsAliases() {
        assertThat(c.call("CONFIG", "GET", "MAXMEMORY")).isEqualTo(pair("MAXMEMORY", "0"));
        assertThat(c.call("CONFIG", "GET", "lua-time-limit")).isEqualTo(pair("lua-time-limit", "5000"));
        assertThat(c.call("CONFIG", "GET", "nosuch")).isEqualTo("*0\r\n");
        assertThat(c.call("CONFIG", "GET", "maxmemory", "MAXMEMORY", "max*ory")).isEqualTo(pair("maxmemory", "0"));
        assertThat(c.call("CONFIG", "GET", "*priority*")).startsWith("*4\r\n").contains("slave-priority").contains("replica-priority");
        assertThat(c.call("CONFIG", "GET", "*")).startsWith("*384\r\n");
        assertThat(c.call("CONFIG", "GET", "port")).isEqualTo(pair("port", Integer.toString(redis.port())));
        assertThat(Resp3.call(redis, "CONFIG", "GET", "hz")).isEqualTo("%1\r\n$2\r\nhz\r\n$2\r\n10\r\n");
    }

    @Test
    void setNormalizesValues() {
        assertThat(c.call("CONFIG", "SET", "maxmemory", "1GB")).isEqualTo("+OK\r\n");
        assertThat(c.call("CONFIG", "GET", "maxmemory")).isEqualTo(pair("maxmemory", "1073741824"));
        assertThat(c.call("CONFIG", "SET", "maxmemory", "10k")).isEqualTo("+OK\r\n");
        assertThat(c.call("CONFIG", "GET", "maxmemory")).isEqualTo(pair("maxmemory", "10000"));
        c.call("CONFIG", "SET", "hz", "1000");
        assertThat(c.call("CONFIG", "GET", "hz")).isEqualTo(pair("hz", "500"));
        c.call("CONFIG", "SET", "slave-priority", "7");
        assertThat(c.call("CONFIG", "GET", "replica-priority")).isEqualTo(pair("replica-priority", "7"));
        c.call("CONFIG", "SET", "maxmemory-clients", "10%");
        assertThat(c.call("CONFIG", "GET", "maxmemory-clients")).isEqualTo(pair("maxmemory-clients", "10%"));
        c.call("CONFIG", "SET", "save", "0100 5 20 3");
        assertThat(c.call("CONFIG", "GET", "save")).isEqualTo(pair("save", "100 5 20 3"));
        c.call("CONFIG", "SET", "shutdown-on-sigint", "force now");
        assertThat(c.call("CONFIG", "GET", "shutdown-on-sigint")).isEqualTo(pair("shutdown-on-sigint", "now force"));
        c.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1mb 2k 3 replica 1 2 3");
        assertThat(c.call("CONFIG", "GET", "client-output-buffer-limit"))
                .isEqualTo(pair("client-output-buffer-limit", "normal 0 0 0 slave 1 2 3 pubsub 1048576 2000 3"));
        c.call("CONFIG", "SET", "latency-tracking-info-percentiles", "50 99.90 1e1");
        assertThat(c.call("CONFIG", "GET", "latency-tracking-info-percentiles"))
                .isEqualTo(pair("latency-tracking-info-percentiles", "50 99.9 10"));
    }

    @Test
    void setErrors() {
        assertThat(c.call("CONFIG", "SET", "maxmemory", "abc"))
                .isEqualTo("-ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value\r\n");
        assertThat(c.call("CONFIG", "SET", "maxclients", "-1"))
                .isEqualTo("-ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument must be between 1 and 4294967295 inclusive\r\n");
        assertThat(c.call("CONFIG", "SET", "hz", "x"))
                .isEqualTo("-ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an integer\r\n");
        assertThat(c.call("CONFIG", "SET", "appendfsync", "foo"))
                .isEqualTo("-ERR CONFIG SET failed (possibly related to argument 'appendfsync') - argument(s) must be one of the following: everysec, always, no\r\n");
        assertThat(c.call("CONFIG", "SET", "protected-mode", "maybe"))
                .isEqualTo("-ERR CONFIG SET failed (possibly related to argument 'protected-mode') - argument must be 'yes' or 'no'\r\n");
        assertThat(c.call("CONFIG", "SET", "DAEMONIZE", "no"))
                .isEqualTo("-ERR CONFIG SET failed (possibly related to argument 'DAEMONIZE') - can't set immutable config\r\n");
        assertThat(c.call("CONFIG", "SET", "dir", "/tmp"))
                .isEqualTo("-ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config\r\n");
        assertThat(c.call("CONFIG", "SET", "nosuch", "1", "daemonize", "no"))
                .isEqualTo("-ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'\r\n");
        assertThat(c.call("CONFIG", "SET", "daemonize", "no", "nosuch", "1"))
                .isEqualTo("-ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config\r\n");
        assertThat(c.call("CONFIG", "SET", "maxmemory", "1", "maxmemory", "2"))
                .isEqualTo("-ERR CONFIG SET failed (possibly related to argument 'maxmemory') - duplicate parameter\r\n");
        assertThat(c.call("CONFIG", "SET", "SLAVE-PRIORITY", "abc"))
                .isEqualTo("-ERR CONFIG SET failed (possibly related to argument 'slave-priority') - argument couldn't be parsed into an integer\r\n");
        assertThat(c.call("CONFIG", "SET", "maxmemory", "1", "hz")).isEqualTo("-ERR syntax error\r\n");
        assertThat(c.call("CONFIG", "SET", "maxmemory-clients", "101%"))
                .isEqualTo("-ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - percentage argument must be less or equal to 100\r\n");
        assertThat(c.call("CONFIG", "SET", "notify-keyspace-events", "Z"))
                .isEqualTo("-ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - Invalid event class character. Use 'Ag$lshzxeKEtmdn'.\r\n");
        assertThat(c.call("CONFIG", "SET", "save", "100 5 20"))
                .isEqualTo("-ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters\r\n");
        assertThat(c.call("CONFIG", "SET", "shutdown-on-sigint", "save nosave"))
                .isEqualTo("-ERR CONFIG SET failed (possibly related to argument 'shutdown-on-sigint') - shutdown options SAVE and NOSAVE can't be used simultaneously\r\n");
    }

    @Test
    void setIsAtomic() {
        assertThat(c.call("CONFIG", "SET", "maxmemory", "1mb", "hz", "abc")).startsWith("-ERR CONFIG SET failed (possibly related to argument 'hz')");
        assertThat(c.call("CONFIG", "GET", "maxmemory")).isEqualTo(pair("maxmemory", "0"));
        assertThat(c.call("CONFIG", "SET", "maxmemory", "1mb", "hz", "20")).isEqualTo("+OK\r\n");
        assertThat(c.call("CONFIG", "GET", "maxmemory")).isEqualTo(pair("maxmemory", "1048576"));
    }

    @Test
    void notifyKeyspaceEventsIsNormalized() {
        c.call("CONFIG", "SET", "notify-keyspace-events", "KEA");
        assertThat(c.call("CONFIG", "GET", "notify-keyspace-events")).isEqualTo(pair("notify-keyspace-events", "AKE"));
    }

    @Test
    void resetstatRewriteHelp() {
        c.call("PING");
        c.call("CONFIG", "SET", "x", "y");
        assertThat(c.call("CONFIG", "RESETSTAT")).isEqualTo("+OK\r\n");
        String info = c.call("INFO", "commandstats", "errorstats");
        assertThat(info).doesNotContain("cmdstat_ping").doesNotContain("errorstat_ERR");
        assertThat(c.call("CONFIG", "REWRITE")).isEqualTo("-ERR The server is running without a config file\r\n");
        assertThat(c.call("CONFIG", "HELP")).startsWith("*11\r\n+CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+GET <pattern>\r\n");
    }
}
