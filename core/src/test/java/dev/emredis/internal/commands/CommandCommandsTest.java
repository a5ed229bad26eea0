package dev.emredis.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.testing.EmulatorTest;
import org.junit.jupiter.api.Test;

/** Expected replies are redis-server 7.0.15's bytes. */
class CommandCommandsTest extends EmulatorTest {
    private static final String PING_INFO = "*10\r\n$4\r\nping\r\n:-1\r\n*1\r\n+fast\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@fast\r\n+@connection\r\n"
            + "*2\r\n$25\r\nrequest_policy:all_shards\r\n$29\r\nresponse_policy:all_succeeded\r\n*0\r\n*0\r\n";

    @Test
    void infoOfKnownAndUnknownCommands() {
        assertThat(c.call("COMMAND", "INFO", "nosuch", "ping")).isEqualTo("*2\r\n$-1\r\n" + PING_INFO);
        assertThat(c.call("COMMAND", "INFO", "PING")).isEqualTo("*1\r\n" + PING_INFO);
        assertThat(c.call("COMMAND", "INFO", "get|x", "config|get|x", "|get", "ping|")).isEqualTo("*4\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n");
        assertThat(c.call("COMMAND", "INFO", "command|info")).isEqualTo("*1\r\n*10\r\n$12\r\ncommand|info\r\n:-2\r\n*2\r\n+loading\r\n+stale\r\n"
                + ":0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@connection\r\n*1\r\n$29\r\nnondeterministic_output_order\r\n*0\r\n*0\r\n");
    }

    @Test
    void infoInResp3UsesSets() {
        assertThat(Resp3.call(redis, "COMMAND", "INFO", "nosuch", "echo")).isEqualTo("*2\r\n_\r\n*10\r\n$4\r\necho\r\n:2\r\n"
                + "~3\r\n+loading\r\n+stale\r\n+fast\r\n:0\r\n:0\r\n:0\r\n~2\r\n+@fast\r\n+@connection\r\n~0\r\n~0\r\n~0\r\n");
    }

    @Test
    void docsInBothProtocols() {
        assertThat(c.call("COMMAND", "DOCS", "nosuch", "echo")).isEqualTo("*2\r\n$4\r\necho\r\n*10\r\n$7\r\nsummary\r\n$21\r\nEcho the given string\r\n"
                + "$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$10\r\nconnection\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n"
                + "$9\r\narguments\r\n*1\r\n*4\r\n$4\r\nname\r\n$7\r\nmessage\r\n$4\r\ntype\r\n$6\r\nstring\r\n");
        assertThat(c.call("COMMAND", "DOCS", "nosuch")).isEqualTo("*0\r\n");
        assertThat(Resp3.call(redis, "COMMAND", "DOCS", "command|info")).isEqualTo("%1\r\n$12\r\ncommand|info\r\n%6\r\n$7\r\nsummary\r\n"
                + "$78\r\nGet array of specific Redis command details, or all when no argument is given.\r\n$5\r\nsince\r\n$6\r\n2.8.13\r\n"
                + "$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$49\r\nO(N) where N is the number of commands to look up\r\n"
                + "$7\r\nhistory\r\n~1\r\n*2\r\n$5\r\n7.0.0\r\n$66\r\nAllowed to be called with no argument to get info on all commands.\r\n"
                + "$9\r\narguments\r\n*1\r\n%3\r\n$4\r\nname\r\n$12\r\ncommand-name\r\n$4\r\ntype\r\n$6\r\nstring\r\n$5\r\nflags\r\n~2\r\n+optional\r\n+multiple\r\n");
    }

    @Test
    void countAndListMatchTheTable() {
        int n = redis.internalServer().table().size();
        assertThat(c.call("COMMAND", "COUNT")).isEqualTo(":" + n + "\r\n");
        assertThat(c.call("COMMAND")).startsWith("*" + n + "\r\n");
        assertThat(c.call("COMMAND", "LIST", "FILTERBY", "PATTERN", "pin?")).isEqualTo("*1\r\n$4\r\nping\r\n");
        assertThat(c.call("COMMAND", "LIST", "FILTERBY", "PATTERN", "command|c*")).isEqualTo("*1\r\n$13\r\ncommand|count\r\n");
        assertThat(c.call("COMMAND", "LIST", "FILTERBY", "ACLCAT", "bogus")).isEqualTo("*0\r\n");
        assertThat(c.call("COMMAND", "LIST", "FILTERBY", "MODULE", "x")).isEqualTo("*0\r\n");
        assertThat(c.call("COMMAND", "LIST", "FILTERBY", "ACLCAT", "CONNECTION")).contains("$4\r\necho\r\n").doesNotContain("config");
        assertThat(c.call("COMMAND", "LIST", "FILTERBY", "foo", "x")).isEqualTo("-ERR syntax error\r\n");
        assertThat(c.call("COMMAND", "LIST", "FILTERBY", "pattern")).isEqualTo("-ERR syntax error\r\n");
        assertThat(c.call("COMMAND", "LIST", "x")).isEqualTo("-ERR syntax error\r\n");
    }

    @Test
    void getkeysErrors() {
        assertThat(c.call("COMMAND", "GETKEYS", "nosuch", "a")).isEqualTo("-ERR Invalid command specified\r\n");
        assertThat(c.call("COMMAND", "GETKEYS", "ping", "x")).isEqualTo("-ERR The command has no key arguments\r\n");
        assertThat(c.call("COMMAND", "GETKEYSANDFLAGS", "config", "get", "x")).isEqualTo("-ERR The command has no key arguments\r\n");
        assertThat(c.call("COMMAND", "GETKEYS", "nosuch")).isEqualTo("-ERR wrong number of arguments for 'command|getkeys' command\r\n");
    }

    @Test
    void help() {
        String h = c.call("COMMAND", "HELP");
        assertThat(h).startsWith("*21\r\n+COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+(no subcommand)\r\n")
                .endsWith("+HELP\r\n+    Prints this help.\r\n");
    }
}
