package dev.emredis.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.internal.server.Server;
import dev.emredis.testing.EmulatorTest;
import dev.emredis.testing.RespClient;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Pub/sub commands and message delivery with the exact replies of redis-server 7.0.15. */
class PubSubCommandsTest extends EmulatorTest {
    private static final String CONTEXT = "only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context";

    private void onLoop(Consumer<Server> task) {
        Server s = redis.internalServer();
        s.loop().call(() -> {
            task.accept(s);
            return null;
        });
    }

    /** Switches the newest connection to RESP3 (HELLO belongs to the connection group). */
    private void resp3(RespClient conn) {
        conn.call("PING");
        onLoop(s -> s.clients().values().stream().max((x, y) -> Long.compare(x.id, y.id)).get().out.protocol(3));
    }

    private static String bulk(String s) {
        return "$" + s.length() + "\r\n" + s + "\r\n";
    }

    private static String reply(String kind, String name, long count) {
        return "*3\r\n" + bulk(kind) + (name == null ? "$-1\r\n" : bulk(name)) + ":" + count + "\r\n";
    }

    private static String push(String kind, String name, long count) {
        return ">3\r\n" + bulk(kind) + (name == null ? "_\r\n" : bulk(name)) + ":" + count + "\r\n";
    }

    private static String message(String channel, String msg) {
        return "*3\r\n" + bulk("message") + bulk(channel) + bulk(msg);
    }

    private static String pmessage(String pattern, String channel, String msg) {
        return "*4\r\n" + bulk("pmessage") + bulk(pattern) + bulk(channel) + bulk(msg);
    }

    @Test
    void unsubscribeWhenNotSubscribedNamesNull() {
        assertThat(c.call("UNSUBSCRIBE")).isEqualTo(reply("unsubscribe", null, 0));
        assertThat(c.call("PUNSUBSCRIBE")).isEqualTo(reply("punsubscribe", null, 0));
        assertThat(c.call("SUNSUBSCRIBE")).isEqualTo(reply("sunsubscribe", null, 0));
        c.send("UNSUBSCRIBE", "a", "b");
        assertThat(c.read()).isEqualTo(reply("unsubscribe", "a", 0));
        assertThat(c.read()).isEqualTo(reply("unsubscribe", "b", 0));
        // still not in the subscribed context
        assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
    }

    @Test
    void subscriptionCountsChannelsAndPatternsShardApart() {
        c.send("SUBSCRIBE", "a", "b", "a");
        assertThat(c.read()).isEqualTo(reply("subscribe", "a", 1));
        assertThat(c.read()).isEqualTo(reply("subscribe", "b", 2));
        assertThat(c.read()).isEqualTo(reply("subscribe", "a", 2));
        c.send("PSUBSCRIBE", "p*", "a");
        assertThat(c.read()).isEqualTo(reply("psubscribe", "p*", 3));
        assertThat(c.read()).isEqualTo(reply("psubscribe", "a", 4));
        c.send("SSUBSCRIBE", "s1", "s2");
        assertThat(c.read()).isEqualTo(reply("ssubscribe", "s1", 1));
        assertThat(c.read()).isEqualTo(reply("ssubscribe", "s2", 2));
        assertThat(c.call("UNSUBSCRIBE", "zz")).isEqualTo(reply("unsubscribe", "zz", 4));
        c.send("PUNSUBSCRIBE");
        assertThat(c.read()).isEqualTo(reply("punsubscribe", "p*", 3));
        assertThat(c.read()).isEqualTo(reply("punsubscribe", "a", 2));
        // no patterns left: the null reply counts the channels
        assertThat(c.call("PUNSUBSCRIBE")).isEqualTo(reply("punsubscribe", null, 2));
        c.send("UNSUBSCRIBE", "b", "a");
        assertThat(c.read()).isEqualTo(reply("unsubscribe", "b", 1));
        assertThat(c.read()).isEqualTo(reply("unsubscribe", "a", 0));
        // shard channels alone keep the RESP2 subscribed context
        assertThat(c.call("GET", "k")).isEqualTo("-ERR Can't execute 'get': " + CONTEXT + "\r\n");
        c.send("SUNSUBSCRIBE");
        String first = c.read();
        String second = c.read();
        assertThat(first + second).isEqualTo(reply("sunsubscribe", "s1", 1) + reply("sunsubscribe", "s2", 0));
        assertThat(c.call("GET", "k")).isEqualTo("$-1\r\n");
    }

    @Test
    void resp2SubscribedContext() {
        c.call("SUBSCRIBE", "ch");
        assertThat(c.call("SET", "k", "v")).isEqualTo("-ERR Can't execute 'set': " + CONTEXT + "\r\n");
        assertThat(c.call("PUBLISH", "ch", "x")).isEqualTo("-ERR Can't execute 'publish': " + CONTEXT + "\r\n");
        assertThat(c.call("PUBSUB", "CHANNELS")).isEqualTo("-ERR Can't execute 'pubsub|channels': " + CONTEXT + "\r\n");
        assertThat(c.call("PING")).isEqualTo("*2\r\n$4\r\npong\r\n$0\r\n\r\n");
        assertThat(c.call("PING", "hi")).isEqualTo("*2\r\n$4\r\npong\r\n$2\r\nhi\r\n");
        assertThat(c.call("NOSUCH")).isEqualTo("-ERR unknown command 'NOSUCH', with args beginning with: \r\n");
        assertThat(c.call("UNSUBSCRIBE")).isEqualTo(reply("unsubscribe", "ch", 0));
        assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
    }

    @Test
    void publishDeliversMessagesAndPatternMessages() {
        try (RespClient s1 = connect(); RespClient s2 = connect()) {
            s1.call("SUBSCRIBE", "news");
            s2.call("PSUBSCRIBE", "n*");
            assertThat(c.call("PUBLISH", "news", "hello")).isEqualTo(":2\r\n");
            assertThat(s1.read()).isEqualTo(message("news", "hello"));
            assertThat(s2.read()).isEqualTo(pmessage("n*", "news", "hello"));
            assertThat(c.call("PUBLISH", "nope", "x")).isEqualTo(":1\r\n");
            assertThat(s2.read()).isEqualTo(pmessage("n*", "nope", "x"));
            assertThat(c.call("PUBLISH", "other", "x")).isEqualTo(":0\r\n");
            // channel and matching pattern on one client: two deliveries, channel first
            s1.call("PSUBSCRIBE", "ne?s");
            assertThat(c.call("PUBLISH", "news", "two")).isEqualTo(":3\r\n");
            assertThat(s1.read()).isEqualTo(message("news", "two"));
            assertThat(s1.read()).isEqualTo(pmessage("ne?s", "news", "two"));
            assertThat(s2.read()).isEqualTo(pmessage("n*", "news", "two"));
        }
    }

    @Test
    void shardChannelsAreSeparate() {
        try (RespClient sub = connect()) {
            sub.call("SSUBSCRIBE", "s");
            sub.call("SUBSCRIBE", "s");
            sub.call("PSUBSCRIBE", "*");
            assertThat(c.call("SPUBLISH", "s", "m")).isEqualTo(":1\r\n");
            assertThat(sub.read()).isEqualTo("*3\r\n" + bulk("smessage") + bulk("s") + bulk("m"));
            assertThat(c.call("PUBLISH", "s", "p")).isEqualTo(":2\r\n");
            assertThat(sub.read()).isEqualTo(message("s", "p"));
            assertThat(sub.read()).isEqualTo(pmessage("*", "s", "p"));
            assertThat(c.call("PUBSUB", "SHARDNUMSUB", "s", "t")).isEqualTo("*4\r\n$1\r\ns\r\n:1\r\n$1\r\nt\r\n:0\r\n");
            assertThat(c.call("PUBSUB", "SHARDCHANNELS")).isEqualTo("*1\r\n$1\r\ns\r\n");
            assertThat(c.call("PUBSUB", "NUMSUB", "s")).isEqualTo("*2\r\n$1\r\ns\r\n:1\r\n");
        }
    }

    @Test
    void pubsubIntrospection() {
        assertThat(c.call("PUBSUB", "CHANNELS")).isEqualTo("*0\r\n");
        assertThat(c.call("PUBSUB", "NUMSUB")).isEqualTo("*0\r\n");
        assertThat(c.call("PUBSUB", "NUMPAT")).isEqualTo(":0\r\n");
        try (RespClient a = connect(); RespClient b = connect()) {
            a.send("SUBSCRIBE", "news.tech", "sport");
            a.read();
            a.read();
            a.call("PSUBSCRIBE", "news.*");
            b.call("SUBSCRIBE", "news.tech");
            b.call("PSUBSCRIBE", "news.*");
            assertThat(c.call("PUBSUB", "CHANNELS", "news.*")).isEqualTo("*1\r\n$9\r\nnews.tech\r\n");
            assertThat(c.call("PUBSUB", "CHANNELS")).contains("$9\r\nnews.tech\r\n").contains("$5\r\nsport\r\n").startsWith("*2\r\n");
            assertThat(c.call("PUBSUB", "NUMSUB", "news.tech", "sport", "x"))
                    .isEqualTo("*6\r\n$9\r\nnews.tech\r\n:2\r\n$5\r\nsport\r\n:1\r\n$1\r\nx\r\n:0\r\n");
            // distinct patterns, not subscriptions
            assertThat(c.call("PUBSUB", "NUMPAT")).isEqualTo(":1\r\n");
        }
        assertThat(c.call("PUBSUB", "CHANNELS", "a", "b"))
                .isEqualTo("-ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB HELP.\r\n");
        assertThat(c.call("PUBSUB", "NUMPAT", "x")).isEqualTo("-ERR wrong number of arguments for 'pubsub|numpat' command\r\n");
        assertThat(c.call("PUBSUB", "FOO")).isEqualTo("-ERR unknown subcommand 'FOO'. Try PUBSUB HELP.\r\n");
        assertThat(c.call("PUBSUB", "HELP")).startsWith("*14\r\n+PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n")
                .endsWith("+HELP\r\n+    Prints this help.\r\n");
    }

    @Test
    void closedClientLeavesNoSubscriptions() {
        try (RespClient a = connect()) {
            a.call("SUBSCRIBE", "x");
            a.call("PSUBSCRIBE", "y*");
            a.call("SSUBSCRIBE", "z");
        }
        String channels = "";
        for (int i = 0; i < 50 && !channels.equals("*0\r\n"); i++) channels = c.call("PUBSUB", "CHANNELS");
        assertThat(channels).isEqualTo("*0\r\n");
        assertThat(c.call("PUBSUB", "NUMPAT")).isEqualTo(":0\r\n");
        assertThat(c.call("PUBSUB", "SHARDCHANNELS")).isEqualTo("*0\r\n");
    }

    @Test
    void resp3PushesAndAnyCommandWhileSubscribed() {
        resp3(c);
        assertThat(c.call("UNSUBSCRIBE")).isEqualTo(push("unsubscribe", null, 0));
        assertThat(c.call("SUBSCRIBE", "ch")).isEqualTo(push("subscribe", "ch", 1));
        assertThat(c.call("SET", "k", "v")).isEqualTo("+OK\r\n");
        assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
        // a message to oneself arrives before PUBLISH's reply
        c.send("PUBLISH", "ch", "hi");
        assertThat(c.read()).isEqualTo(">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n");
        assertThat(c.read()).isEqualTo(":1\r\n");
        c.send("PSUBSCRIBE", "c*");
        assertThat(c.read()).isEqualTo(push("psubscribe", "c*", 2));
        c.send("PUBLISH", "ch", "x");
        assertThat(c.read()).isEqualTo(">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\nx\r\n");
        assertThat(c.read()).isEqualTo(">4\r\n$8\r\npmessage\r\n$2\r\nc*\r\n$2\r\nch\r\n$1\r\nx\r\n");
        assertThat(c.read()).isEqualTo(":2\r\n");
        assertThat(c.call("UNSUBSCRIBE")).isEqualTo(push("unsubscribe", "ch", 1));
        assertThat(c.call("UNSUBSCRIBE")).isEqualTo(push("unsubscribe", null, 1));
        assertThat(c.call("PUBSUB", "NUMSUB", "ch")).isEqualTo("*2\r\n$2\r\nch\r\n:0\r\n");
    }

    @Test
    void subscribeInsideExecButNotSsubscribe() {
        c.call("MULTI");
        c.call("SUBSCRIBE", "a");
        c.call("SSUBSCRIBE", "s");
        assertThat(c.call("EXEC")).isEqualTo("*2\r\n" + reply("subscribe", "a", 1)
                + "-ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client\r\n");
        assertThat(c.call("GET", "k")).isEqualTo("-ERR Can't execute 'get': " + CONTEXT + "\r\n");
    }

    @Test
    void keyspaceNotificationsEndToEnd() {
        onLoop(s -> s.config().set("notify-keyspace-events", "KEA"));
        try (RespClient sub = connect()) {
            sub.send("SUBSCRIBE", "__keyspace@0__:k", "__keyevent@0__:set");
            sub.read();
            sub.read();
            assertThat(c.call("SET", "k", "v")).isEqualTo("+OK\r\n");
            assertThat(sub.read()).isEqualTo(message("__keyspace@0__:k", "set"));
            assertThat(sub.read()).isEqualTo(message("__keyevent@0__:set", "k"));
            c.call("SET", "other", "v");
            assertThat(sub.read()).isEqualTo(message("__keyevent@0__:set", "other"));
        } finally {
            onLoop(s -> s.config().set("notify-keyspace-events", ""));
        }
    }
}
