package dev.emredis.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.internal.server.Client;
import dev.emredis.internal.server.Server;
import dev.emredis.testing.EmulatorTest;
import dev.emredis.testing.RespClient;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ClientCommandsTest extends EmulatorTest {
    /** Redis 7.0.15's CLIENT LIST / CLIENT INFO fields, in order. */
    private static final Pattern LINE = Pattern.compile(
            "id=(\\d+) addr=127\\.0\\.0\\.1:(\\d+) laddr=127\\.0\\.0\\.1:(\\d+) fd=\\d+ name=(\\S*) age=(\\d+) idle=(\\d+)"
            + " flags=(\\w+) db=(\\d+) sub=(\\d+) psub=(\\d+) ssub=(\\d+) multi=(-?\\d+) qbuf=\\d+ qbuf-free=\\d+"
            + " argv-mem=\\d+ multi-mem=\\d+ rbs=\\d+ rbp=\\d+ obl=\\d+ oll=\\d+ omem=\\d+ tot-mem=\\d+ events=r"
            + " cmd=(\\S+) user=(\\S+) redir=(-?\\d+) resp=([23])");

    private Server server() {
        return redis.internalServer();
    }

    private long id(RespClient r) {
        String s = r.call("CLIENT", "ID");
        return Long.parseLong(s.substring(1, s.length() - 2));
    }

    /** The text of a bulk (RESP2) or verbatim txt (RESP3) reply. */
    private static String text(String reply) {
        int nl = reply.indexOf("\r\n");
        String body = reply.substring(nl + 2, reply.length() - 2);
        return reply.charAt(0) == '=' ? body.substring(4) : body;
    }

    private static Matcher line(String text) {
        Matcher m = LINE.matcher(text);
        assertThat(m.matches()).as(text).isTrue();
        return m;
    }

    @Test
    void idIsTheHelloId() {
        long id = id(c);
        assertThat(c.call("HELLO")).contains("$2\r\nid\r\n:" + id + "\r\n");
        try (RespClient c2 = connect()) {
            assertThat(id(c2)).isGreaterThan(id);
        }
    }

    @Test
    void infoHasRedisFieldsInOrder() {
        String reply = c.call("CLIENT", "INFO");
        assertThat(reply).startsWith("$").endsWith("\n\r\n");
        Matcher m = line(text(reply).trim());
        assertThat(m.group(1)).isEqualTo(Long.toString(id(c)));
        assertThat(m.group(3)).isEqualTo(Integer.toString(redis.port()));
        assertThat(m.group(4)).isEmpty();
        assertThat(m.group(7)).isEqualTo("N");
        assertThat(m.group(8)).isEqualTo("0");
        assertThat(m.group(12)).isEqualTo("-1");
        assertThat(m.group(13)).isEqualTo("client|info");
        assertThat(m.group(14)).isEqualTo("default");
        assertThat(m.group(15)).isEqualTo("-1");
        assertThat(m.group(16)).isEqualTo("2");
    }

    @Test
    void infoIsVerbatimInResp3AndReflectsState() {
        c.call("HELLO", "3");
        c.call("CLIENT", "SETNAME", "worker-1");
        c.call("SELECT", "4");
        c.call("CLIENT", "NO-EVICT", "on");
        c.call("CLIENT", "NO-TOUCH", "on");
        String reply = c.call("CLIENT", "INFO");
        assertThat(reply).startsWith("=").contains("\r\ntxt:id=");
        Matcher m = line(text(reply).trim());
        assertThat(m.group(4)).isEqualTo("worker-1");
        assertThat(m.group(7)).isEqualTo("eT");
        assertThat(m.group(8)).isEqualTo("4");
        assertThat(m.group(16)).isEqualTo("3");
    }

    @Test
    void ageAndIdleFollowTheVirtualClock() {
        try (RespClient c2 = connect()) {
            long id2 = id(c2);
            redis.clock().advance(Duration.ofSeconds(10));
            Matcher m = line(text(c.call("CLIENT", "LIST", "ID", Long.toString(id2))).trim());
            assertThat(Long.parseLong(m.group(5))).isBetween(10L, 11L);
            assertThat(Long.parseLong(m.group(6))).isBetween(10L, 11L);
            assertThat(m.group(13)).isEqualTo("client|id");
        }
    }

    @Test
    void listAllByTypeAndById() {
        try (RespClient c2 = connect()) {
            long id1 = id(c);
            long id2 = id(c2);
            String all = text(c.call("CLIENT", "LIST"));
            String[] lines = all.split("\n");
            assertThat(lines).hasSize(2);
            assertThat(line(lines[0]).group(1)).isEqualTo(Long.toString(id1));
            assertThat(line(lines[1]).group(1)).isEqualTo(Long.toString(id2));
            assertThat(text(c.call("CLIENT", "LIST", "TYPE", "normal")).split("\n")).hasSize(2);
            assertThat(c.call("CLIENT", "LIST", "TYPE", "pubsub")).isEqualTo("$0\r\n\r\n");
            assertThat(c.call("CLIENT", "LIST", "TYPE", "master")).isEqualTo("$0\r\n\r\n");
            assertThat(c.call("CLIENT", "LIST", "TYPE", "replica")).isEqualTo("$0\r\n\r\n");
            assertThat(c.call("CLIENT", "LIST", "TYPE", "slave")).isEqualTo("$0\r\n\r\n");
            String byId = text(c.call("CLIENT", "LIST", "ID", Long.toString(id2), "99999", Long.toString(id1)));
            lines = byId.split("\n");
            assertThat(lines).hasSize(2);
            assertThat(line(lines[0]).group(1)).isEqualTo(Long.toString(id2));
            assertThat(line(lines[1]).group(1)).isEqualTo(Long.toString(id1));
            // the other client's last command
            assertThat(line(lines[0]).group(13)).isEqualTo("client|id");
        }
    }

    @Test
    void listErrors() {
        assertThat(c.call("CLIENT", "LIST", "TYPE", "foo")).isEqualTo("-ERR Unknown client type 'foo'\r\n");
        assertThat(c.call("CLIENT", "LIST", "ID", "1", "abc")).isEqualTo("-ERR Invalid client ID\r\n");
        assertThat(c.call("CLIENT", "LIST", "ID")).isEqualTo("-ERR syntax error\r\n");
        assertThat(c.call("CLIENT", "LIST", "foo")).isEqualTo("-ERR syntax error\r\n");
        assertThat(c.call("CLIENT", "LIST", "TYPE", "normal", "x")).isEqualTo("-ERR syntax error\r\n");
        assertThat(c.call("CLIENT", "LIST", "ID", "99999")).isEqualTo("$0\r\n\r\n");
        c.call("HELLO", "3");
        assertThat(c.call("CLIENT", "LIST", "ID", "99999")).isEqualTo("=4\r\ntxt:\r\n");
    }

    @Test
    void lastCommandIsNullAfterAnUnknownOne() {
        try (RespClient c2 = connect()) {
            long id2 = id(c2);
            c2.call("NOSUCH");
            assertThat(line(text(c.call("CLIENT", "LIST", "ID", Long.toString(id2))).trim()).group(13)).isEqualTo("NULL");
            c2.call("CLIENT", "NOSUCH");
            assertThat(line(text(c.call("CLIENT", "LIST", "ID", Long.toString(id2))).trim()).group(13)).isEqualTo("NULL");
            c2.call("CLIENT");
            assertThat(line(text(c.call("CLIENT", "LIST", "ID", Long.toString(id2))).trim()).group(13)).isEqualTo("client");
            c2.call("PING", "a", "b");
            assertThat(line(text(c.call("CLIENT", "LIST", "ID", Long.toString(id2))).trim()).group(13)).isEqualTo("ping");
        }
    }

    @Test
    void killAnotherClientById() {
        try (RespClient c2 = connect()) {
            long id2 = id(c2);
            assertThat(c.call("CLIENT", "KILL", "ID", Long.toString(id2))).isEqualTo(":1\r\n");
            assertThat(c2.isClosedByServer(2000)).isTrue();
            assertThat(c.call("CLIENT", "KILL", "ID", Long.toString(id2))).isEqualTo(":0\r\n");
            assertThat(text(c.call("CLIENT", "LIST")).split("\n")).hasSize(1);
        }
    }

    @Test
    void killByAddressOldForm() {
        try (RespClient c2 = connect()) {
            long id2 = id(c2);
            String addr = line(text(c.call("CLIENT", "LIST", "ID", Long.toString(id2))).trim()).group(2);
            assertThat(c.call("CLIENT", "KILL", "127.0.0.1:" + addr)).isEqualTo("+OK\r\n");
            assertThat(c2.isClosedByServer(2000)).isTrue();
            assertThat(c.call("CLIENT", "KILL", "127.0.0.1:" + addr)).isEqualTo("-ERR No such client\r\n");
        }
    }

    @Test
    void oldFormMayKillTheCallerAfterItsReply() {
        String addr = "127.0.0.1:" + line(text(c.call("CLIENT", "INFO")).trim()).group(2);
        assertThat(c.call("CLIENT", "KILL", addr)).isEqualTo("+OK\r\n");
        assertThat(c.isClosedByServer(2000)).isTrue();
    }

    @Test
    void filtersSkipTheCallerUnlessSkipmeNo() {
        try (RespClient c2 = connect(); RespClient c3 = connect()) {
            id(c2);
            id(c3);
            assertThat(c.call("CLIENT", "KILL", "USER", "default")).isEqualTo(":2\r\n");
            assertThat(c2.isClosedByServer(2000)).isTrue();
            assertThat(c3.isClosedByServer(2000)).isTrue();
            assertThat(c.call("CLIENT", "KILL", "TYPE", "normal")).isEqualTo(":0\r\n");
            String laddr = "127.0.0.1:" + redis.port();
            assertThat(c.call("CLIENT", "KILL", "LADDR", laddr, "SKIPME", "no")).isEqualTo(":1\r\n");
            assertThat(c.isClosedByServer(2000)).isTrue();
        }
    }

    @Test
    void killByTypeAndAddrFilters() {
        try (RespClient c2 = connect()) {
            long id2 = id(c2);
            String port2 = line(text(c.call("CLIENT", "LIST", "ID", Long.toString(id2))).trim()).group(2);
            assertThat(c.call("CLIENT", "KILL", "TYPE", "pubsub")).isEqualTo(":0\r\n");
            assertThat(c.call("CLIENT", "KILL", "TYPE", "master")).isEqualTo(":0\r\n");
            assertThat(c.call("CLIENT", "KILL", "ADDR", "127.0.0.1:1", "TYPE", "normal")).isEqualTo(":0\r\n");
            assertThat(c.call("CLIENT", "KILL", "addr", "127.0.0.1:" + port2, "type", "NORMAL", "id", Long.toString(id2)))
                    .isEqualTo(":1\r\n");
            assertThat(c2.isClosedByServer(2000)).isTrue();
        }
    }

    @Test
    void killErrors() {
        assertThat(c.call("CLIENT", "KILL", "1.2.3.4:5")).isEqualTo("-ERR No such client\r\n");
        assertThat(c.call("CLIENT", "KILL", "ID")).isEqualTo("-ERR No such client\r\n");
        assertThat(c.call("CLIENT", "KILL", "ID", "abc")).isEqualTo("-ERR client-id should be greater than 0\r\n");
        assertThat(c.call("CLIENT", "KILL", "ID", "0")).isEqualTo("-ERR client-id should be greater than 0\r\n");
        assertThat(c.call("CLIENT", "KILL", "ID", "-5")).isEqualTo("-ERR client-id should be greater than 0\r\n");
        assertThat(c.call("CLIENT", "KILL", "ID", "999", "SKIPME")).isEqualTo("-ERR syntax error\r\n");
        assertThat(c.call("CLIENT", "KILL", "ID", "999", "SKIPME", "maybe")).isEqualTo("-ERR syntax error\r\n");
        assertThat(c.call("CLIENT", "KILL", "TYPE", "foo")).isEqualTo("-ERR Unknown client type 'foo'\r\n");
        assertThat(c.call("CLIENT", "KILL", "USER", "bob")).isEqualTo("-ERR No such user 'bob'\r\n");
        assertThat(c.call("CLIENT", "KILL", "foo", "bar")).isEqualTo("-ERR syntax error\r\n");
        assertThat(c.call("CLIENT", "KILL")).isEqualTo("-ERR wrong number of arguments for 'client|kill' command\r\n");
    }

    @Test
    void setnameAndGetname() {
        assertThat(c.call("CLIENT", "GETNAME")).isEqualTo("$-1\r\n");
        assertThat(c.call("CLIENT", "SETNAME", "a b")).isEqualTo("-ERR Client names cannot contain spaces, newlines or special characters.\r\n");
        assertThat(c.call("CLIENT", "SETNAME", "a\nb")).isEqualTo("-ERR Client names cannot contain spaces, newlines or special characters.\r\n");
        assertThat(c.callBytes("CLIENT".getBytes(), "SETNAME".getBytes(), new byte[] {'a', (byte) 0xc3, (byte) 0xa9}))
                .isEqualTo("-ERR Client names cannot contain spaces, newlines or special characters.\r\n");
        assertThat(c.call("CLIENT", "SETNAME", "conn-1!~")).isEqualTo("+OK\r\n");
        assertThat(c.call("CLIENT", "GETNAME")).isEqualTo("$8\r\nconn-1!~\r\n");
        assertThat(c.call("CLIENT", "SETNAME", "")).isEqualTo("+OK\r\n");
        assertThat(c.call("CLIENT", "GETNAME")).isEqualTo("$-1\r\n");
        c.call("HELLO", "3");
        assertThat(c.call("CLIENT", "GETNAME")).isEqualTo("_\r\n");
        assertThat(c.call("CLIENT", "SETNAME")).isEqualTo("-ERR wrong number of arguments for 'client|setname' command\r\n");
    }

    @Test
    void setinfoAsRedis72() {
        assertThat(c.call("CLIENT", "SETINFO", "LIB-NAME", "jedis")).isEqualTo("+OK\r\n");
        assertThat(c.call("CLIENT", "SETINFO", "lib-ver", "5.1.0")).isEqualTo("+OK\r\n");
        assertThat(c.call("CLIENT", "SETINFO", "lib-foo", "x")).isEqualTo("-ERR Unrecognized option 'lib-foo'\r\n");
        assertThat(c.call("CLIENT", "SETINFO", "Lib-Name", "a b")).isEqualTo("-ERR Lib-Name cannot contain spaces, newlines or special characters.\r\n");
        assertThat(c.call("CLIENT", "SETINFO", "lib-name")).isEqualTo("-ERR wrong number of arguments for 'client|setinfo' command\r\n");
        long myId = id(c);
        Client cl = redis.internalServer().loop().call(() -> server().clients().get(myId));
        assertThat(cl.libName).isEqualTo("jedis");
        assertThat(cl.libVer).isEqualTo("5.1.0");
        assertThat(c.call("CLIENT", "SETINFO", "lib-name", "")).isEqualTo("+OK\r\n");
        assertThat(cl.libName).isNull();
        // 7.2 metadata from commands-extra.json
        assertThat(c.call("COMMAND", "INFO", "client|setinfo", "client|no-touch")).isEqualTo(
                "*2\r\n*10\r\n$14\r\nclient|setinfo\r\n:4\r\n*3\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n"
                + "*2\r\n+@slow\r\n+@connection\r\n*2\r\n$24\r\nrequest_policy:all_nodes\r\n$29\r\nresponse_policy:all_succeeded\r\n"
                + "*0\r\n*0\r\n"
                + "*10\r\n$15\r\nclient|no-touch\r\n:3\r\n*3\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n"
                + "*2\r\n+@slow\r\n+@connection\r\n*0\r\n*0\r\n*0\r\n");
        // rendered like every 7.0 entry (7.2 would add display_text to the leaf arguments)
        assertThat(c.call("COMMAND", "DOCS", "client|setinfo")).isEqualTo(
                "*2\r\n$14\r\nclient|setinfo\r\n*10\r\n$7\r\nsummary\r\n$54\r\nSets information specific to the client or connection.\r\n"
                + "$5\r\nsince\r\n$5\r\n7.2.0\r\n$5\r\ngroup\r\n$10\r\nconnection\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n"
                + "$9\r\narguments\r\n*1\r\n*6\r\n$4\r\nname\r\n$4\r\nattr\r\n$4\r\ntype\r\n$5\r\noneof\r\n"
                + "$9\r\narguments\r\n*2\r\n"
                + "*6\r\n$4\r\nname\r\n$7\r\nlibname\r\n$4\r\ntype\r\n$6\r\nstring\r\n$5\r\ntoken\r\n$8\r\nlib-name\r\n"
                + "*6\r\n$4\r\nname\r\n$6\r\nlibver\r\n$4\r\ntype\r\n$6\r\nstring\r\n$5\r\ntoken\r\n$7\r\nlib-ver\r\n");
    }

    @Test
    void noEvictAndNoTouchToggle() {
        assertThat(c.call("CLIENT", "NO-EVICT", "on")).isEqualTo("+OK\r\n");
        assertThat(line(text(c.call("CLIENT", "INFO")).trim()).group(7)).isEqualTo("e");
        assertThat(c.call("CLIENT", "NO-EVICT", "OFF")).isEqualTo("+OK\r\n");
        assertThat(c.call("CLIENT", "NO-EVICT", "maybe")).isEqualTo("-ERR syntax error\r\n");
        assertThat(c.call("CLIENT", "NO-TOUCH", "ON")).isEqualTo("+OK\r\n");
        assertThat(line(text(c.call("CLIENT", "INFO")).trim()).group(7)).isEqualTo("T");
        assertThat(c.call("CLIENT", "NO-TOUCH", "off")).isEqualTo("+OK\r\n");
        assertThat(c.call("CLIENT", "NO-TOUCH", "x")).isEqualTo("-ERR syntax error\r\n");
        assertThat(line(text(c.call("CLIENT", "INFO")).trim()).group(7)).isEqualTo("N");
    }

    @Test
    void replyOffSkipOn() {
        c.send("CLIENT", "REPLY", "OFF");
        c.send("PING");
        c.send("NOSUCH");
        assertThat(c.call("CLIENT", "REPLY", "ON")).isEqualTo("+OK\r\n");
        c.send("CLIENT", "REPLY", "SKIP");
        c.send("ECHO", "skipped");
        assertThat(c.call("ECHO", "shown")).isEqualTo("$5\r\nshown\r\n");
        // SKIP then ON: ON's own reply is sent
        c.send("CLIENT", "REPLY", "SKIP");
        assertThat(c.call("CLIENT", "REPLY", "ON")).isEqualTo("+OK\r\n");
        // SKIP under OFF does nothing
        c.send("CLIENT", "REPLY", "OFF");
        c.send("CLIENT", "REPLY", "SKIP");
        c.send("PING");
        assertThat(c.call("CLIENT", "REPLY", "ON")).isEqualTo("+OK\r\n");
        assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
        // SKIP twice: the second SKIP is skipped and skips the next one
        c.send("CLIENT", "REPLY", "SKIP");
        c.send("CLIENT", "REPLY", "SKIP");
        c.send("ECHO", "a");
        assertThat(c.call("ECHO", "b")).isEqualTo("$1\r\nb\r\n");
        assertThat(c.call("CLIENT", "REPLY", "maybe")).isEqualTo("-ERR syntax error\r\n");
    }

    @Test
    void pauseAllHoldsEveryCommandUntilTheTimeout() {
        redis.clock().freeze();
        try (RespClient c2 = connect()) {
            long id1 = id(c);
            long id2 = id(c2);
            assertThat(c.call("CLIENT", "PAUSE", "1000")).isEqualTo("+OK\r\n");
            c2.send("PING");
            c2.send("ECHO", "after");
            waitPostponed(id2, true);
            // CLIENT UNPAUSE is paused too under ALL, as in Redis
            c.send("CLIENT", "UNPAUSE");
            waitPostponed(id1, true);
            // CLIENT LIST would show the parked client blocked, with its command
            String flags = redis.internalServer().loop().call(() -> ClientCommands.flags(server(), server().clients().get(id2)));
            assertThat(flags).isEqualTo("b");
            assertThat(server().clients().get(id2).lastCommand).isEqualTo("ping");
            redis.clock().advance(Duration.ofMillis(1001));
            assertThat(c2.read()).isEqualTo("+PONG\r\n");
            assertThat(c2.read()).isEqualTo("$5\r\nafter\r\n");
            assertThat(c.read()).isEqualTo("+OK\r\n");
        }
    }

    @Test
    void pauseWriteLetsOtherCommandsRunAndUnpauseEndsIt() {
        redis.clock().freeze();
        try (RespClient c2 = connect()) {
            assertThat(c.call("CLIENT", "PAUSE", "100000", "WRITE")).isEqualTo("+OK\r\n");
            assertThat(c2.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(c2.call("CLIENT", "ID")).startsWith(":");
            assertThat(c.call("CLIENT", "UNPAUSE")).isEqualTo("+OK\r\n");
            assertThat(c.call("CLIENT", "PAUSE", "0", "all")).isEqualTo("+OK\r\n");
            // a zero timeout is over at the next check (cron or a clock move)
            redis.clock().advance(Duration.ofMillis(1));
            assertThat(c2.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void pauseErrors() {
        assertThat(c.call("CLIENT", "PAUSE", "10", "WRITE", "x"))
                .isEqualTo("-ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP.\r\n");
        assertThat(c.call("client", "pause", "10", "write", "x"))
                .isEqualTo("-ERR unknown subcommand or wrong number of arguments for 'pause'. Try CLIENT HELP.\r\n");
        assertThat(c.call("CLIENT", "PAUSE", "10", "foo")).isEqualTo("-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n");
        assertThat(c.call("CLIENT", "PAUSE", "abc", "foo")).isEqualTo("-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n");
        assertThat(c.call("CLIENT", "PAUSE", "abc")).isEqualTo("-ERR timeout is not an integer or out of range\r\n");
        assertThat(c.call("CLIENT", "PAUSE", "-1")).isEqualTo("-ERR timeout is negative\r\n");
        assertThat(c.call("CLIENT", "PAUSE")).isEqualTo("-ERR wrong number of arguments for 'client|pause' command\r\n");
        assertThat(c.call("CLIENT", "UNPAUSE")).isEqualTo("+OK\r\n");
    }

    @Test
    void getredirAndHelp() {
        assertThat(c.call("CLIENT", "GETREDIR")).isEqualTo(":-1\r\n");
        String help = c.call("CLIENT", "HELP");
        assertThat(help).startsWith("*48\r\n+CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CACHING (YES|NO)\r\n");
        assertThat(help).endsWith("+NO-EVICT (ON|OFF)\r\n+    Protect current client connection from eviction.\r\n+HELP\r\n+    Prints this help.\r\n");
        assertThat(c.call("CLIENT", "HELP", "x")).isEqualTo("-ERR wrong number of arguments for 'client|help' command\r\n");
        assertThat(c.call("CLIENT", "FOO")).isEqualTo("-ERR unknown subcommand 'FOO'. Try CLIENT HELP.\r\n");
        assertThat(c.call("CLIENT")).isEqualTo("-ERR wrong number of arguments for 'client' command\r\n");
    }

    private void waitPostponed(long id, boolean expected) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < deadline) {
            boolean p = redis.internalServer().loop().call(() -> {
                Client cl = server().clients().get(id);
                return cl != null && cl.postponed != null;
            });
            if (p == expected) return;
            Thread.onSpinWait();
        }
        throw new AssertionError("client " + id + " postponed != " + expected);
    }
}
