package dev.emredis.internal.commands;

import static dev.emredis.internal.commands.StreamCommandsTest.array;
import static dev.emredis.internal.commands.StreamCommandsTest.bulk;
import static dev.emredis.internal.commands.StreamCommandsTest.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.server.Client;
import dev.emredis.internal.server.Server;
import dev.emredis.testing.EmulatorTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What the blocking framework will call for XREAD/XREADGROUP BLOCK: {@link
 * StreamReadCommands#serveBlocked}, driven here by hand on the event loop for a client that
 * "blocked" with a parsed request (the wait itself belongs to the framework).
 */
class StreamBlockedServeTest extends EmulatorTest {
    /** A parked request: the blocked client's context, its parsed arguments, and its reply buffer. */
    private final class Parked {
        final Client client;
        final Ctx ctx;
        final StreamReadCommands.Request q;

        Parked(int protocol, String... args) {
            Server s = redis.internalServer();
            byte[][] argv = new byte[args.length][];
            for (int i = 0; i < args.length; i++) argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
            Object[] made = s.loop().call(() -> {
                Client cl = s.newClient(null);
                cl.out.protocol(protocol);
                Ctx c = new Ctx(s, cl, argv, cl.out, s.pipeline().lookup(argv), false);
                return new Object[] {cl, c, StreamReadCommands.parse(c, args[0].equalsIgnoreCase("xreadgroup"))};
            });
            client = (Client) made[0];
            ctx = (Ctx) made[1];
            q = (StreamReadCommands.Request) made[2];
        }

        /** serveBlocked for a ready key; the reply written, or null if the client keeps waiting. */
        String ready(String key) {
            return redis.internalServer().loop().call(() -> {
                int mark = client.out.size();
                boolean served = StreamReadCommands.serveBlocked(ctx, q, key.getBytes(StandardCharsets.UTF_8));
                if (!served) {
                    assertThat(client.out.size()).isEqualTo(mark);
                    return null;
                }
                return new String(client.out.buffer(), mark, client.out.size() - mark, StandardCharsets.UTF_8);
            });
        }
    }

    @Test
    void xreadIsServedWhenAnEntryPastItsIdArrives() {
        assertThat(c.call("XADD", "s", "1-0", "f", "v")).startsWith("$");
        Parked p = new Parked(2, "XREAD", "BLOCK", "0", "STREAMS", "other", "s", "0", "$");
        assertThat(p.ready("s")).isNull();
        assertThat(p.ready("unrelated")).isNull();
        c.call("XADD", "s", "2-0", "f", "w");
        assertThat(p.ready("s")).isEqualTo(array(array(bulk("s"), array(entry("2-0", "f", "w")))));
        // a deleted key leaves XREAD waiting
        c.call("DEL", "other");
        assertThat(p.ready("other")).isNull();
    }

    @Test
    void servedCountDefaultsTo1000AndResp3RepliesAMap() {
        c.call("XADD", "s", "1-0", "f", "v");
        Parked p = new Parked(3, "XREAD", "BLOCK", "0", "STREAMS", "s", "$");
        for (int i = 2; i <= 1002; i++) c.call("XADD", "s", i + "-0", "f", "v");
        String reply = p.ready("s");
        assertThat(reply).startsWith("%1\r\n" + bulk("s") + "*1000\r\n" + entry("2-0", "f", "v"));
    }

    @Test
    void xreadgroupFollowsTheGroupsLastIdAndCreatesTheConsumer() {
        c.call("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
        Parked p = new Parked(2, "XREADGROUP", "GROUP", "g", "alice", "COUNT", "5", "STREAMS", "s", ">");
        c.call("XADD", "s", "1-0", "f", "v");
        // another consumer got it first: nothing left past the group's last ID
        c.call("XREADGROUP", "GROUP", "g", "bob", "STREAMS", "s", ">");
        assertThat(p.ready("s")).isNull();
        c.call("XADD", "s", "2-0", "f", "w");
        assertThat(p.ready("s")).isEqualTo(array(array(bulk("s"), array(entry("2-0", "f", "w")))));
        assertThat(c.call("XPENDING", "s", "g")).isEqualTo("*4\r\n:2\r\n" + bulk("1-0") + bulk("2-0") + "*2\r\n"
                + array(bulk("alice"), bulk("1")) + array(bulk("bob"), bulk("1")));
    }

    @Test
    void xreadgroupGetsAnErrorWhenTheGroupOrTheKeyGoes() {
        c.call("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
        Parked p = new Parked(2, "XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">");
        c.call("XGROUP", "DESTROY", "s", "g");
        assertThat(p.ready("s")).isEqualTo("-NOGROUP the consumer group this client was blocked on no longer exists\r\n");
        c.call("XGROUP", "CREATE", "s", "g", "$");
        Parked q = new Parked(2, "XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">");
        c.call("SET", "s", "now a string");
        assertThat(q.ready("s")).isEqualTo("-UNBLOCKED the stream key no longer exists\r\n");
    }
}
