package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.resp.ReplySink;
import dev.emredis.internal.server.ByteKey;
import dev.emredis.internal.server.Client;
import dev.emredis.internal.server.PubSub;
import dev.emredis.internal.util.Glob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, PUBLISH, the sharded SSUBSCRIBE / SUNSUBSCRIBE /
 * SPUBLISH (standalone: plain channels in their own namespace) and PUBSUB. Every (un)subscription
 * is confirmed by its own push (RESP3) or array (RESP2): kind, channel or pattern, and the
 * client's count afterwards, where (P)SUBSCRIBE count channels + patterns and the sharded kind
 * counts shard channels only, as Redis 7.0 does.
 */
public final class PubSubCommands {
    private PubSubCommands() {}

    private static final String[] HELP = {
        "CHANNELS [<pattern>]",
        "    Return the currently active channels matching a <pattern> (default: '*').",
        "NUMPAT",
        "    Return number of subscriptions to patterns.",
        "NUMSUB [<channel> ...]",
        "    Return the number of subscribers for the specified channels, excluding",
        "    pattern subscriptions(default: no channels).",
        "SHARDCHANNELS [<pattern>]",
        "    Return the currently active shard level channels matching a <pattern> (default: '*').",
        "SHARDNUMSUB [<shardchannel> ...]",
        "    Return the number of subscribers for the specified shard level channel(s)",
    };

    public static void register(CommandRegistry r) {
        r.add("subscribe", PubSubCommands::subscribe);
        r.add("unsubscribe", PubSubCommands::unsubscribe);
        r.add("psubscribe", PubSubCommands::psubscribe);
        r.add("punsubscribe", PubSubCommands::punsubscribe);
        r.add("publish", PubSubCommands::publish);
        r.add("ssubscribe", PubSubCommands::ssubscribe);
        r.add("sunsubscribe", PubSubCommands::sunsubscribe);
        r.add("spublish", PubSubCommands::spublish);
        r.add("pubsub|help", PubSubCommands::help);
        r.add("pubsub|channels", c -> channelList(c, c.server.pubsub().channels));
        r.add("pubsub|shardchannels", c -> channelList(c, c.server.pubsub().shardChannels));
        r.add("pubsub|numsub", c -> numsub(c, c.server.pubsub().channels));
        r.add("pubsub|shardnumsub", c -> numsub(c, c.server.pubsub().shardChannels));
        r.add("pubsub|numpat", c -> c.out.integer(c.server.pubsub().patterns.size()));
    }

    /** Channels and patterns: what (P)SUBSCRIBE and (P)UNSUBSCRIBE report. */
    private static int count(Client cl) {
        return cl.channels.size() + cl.patterns.size();
    }

    private static void confirm(ReplySink out, String kind, byte[] name, int count) {
        out.push(3);
        out.bulk(kind);
        if (name == null) out.nullBulk();
        else out.bulk(name);
        out.integer(count);
    }

    static void subscribe(Ctx c) {
        denyBlocking(c, "SUBSCRIBE");
        PubSub ps = c.server.pubsub();
        for (int i = 1; i < c.argc(); i++) {
            ps.subscribe(c.client, new ByteKey(c.arg(i)));
            confirm(c.out, "subscribe", c.arg(i), count(c.client));
        }
    }

    static void psubscribe(Ctx c) {
        denyBlocking(c, "PSUBSCRIBE");
        PubSub ps = c.server.pubsub();
        for (int i = 1; i < c.argc(); i++) {
            ps.psubscribe(c.client, new ByteKey(c.arg(i)));
            confirm(c.out, "psubscribe", c.arg(i), count(c.client));
        }
    }

    static void ssubscribe(Ctx c) {
        // Unlike (P)SUBSCRIBE, Redis refuses SSUBSCRIBE inside EXEC too (a deny-blocking context).
        if (c.client.inMulti || c.fromScript) {
            throw new RedisError(Errors.denyBlockingSubscribe("SSUBSCRIBE"));
        }
        PubSub ps = c.server.pubsub();
        for (int i = 1; i < c.argc(); i++) {
            ps.ssubscribe(c.client, new ByteKey(c.arg(i)));
            confirm(c.out, "ssubscribe", c.arg(i), c.client.shardChannels.size());
        }
    }

    /** Scripts (no reply stream to push to) may not subscribe; EXEC may, for compatibility. */
    private static void denyBlocking(Ctx c, String name) {
        if (c.fromScript) throw new RedisError(Errors.denyBlockingSubscribe(name));
    }

    static void unsubscribe(Ctx c) {
        PubSub ps = c.server.pubsub();
        Client cl = c.client;
        if (c.argc() == 1) {
            List<ByteKey> all = new ArrayList<>(cl.channels);
            for (ByteKey ch : all) {
                ps.unsubscribe(cl, ch);
                confirm(c.out, "unsubscribe", ch.bytes, count(cl));
            }
            // Subscribed to nothing: Redis still answers, with a null channel.
            if (all.isEmpty()) confirm(c.out, "unsubscribe", null, count(cl));
        } else {
            for (int i = 1; i < c.argc(); i++) {
                ps.unsubscribe(cl, new ByteKey(c.arg(i)));
                confirm(c.out, "unsubscribe", c.arg(i), count(cl));
            }
        }
    }

    static void punsubscribe(Ctx c) {
        PubSub ps = c.server.pubsub();
        Client cl = c.client;
        if (c.argc() == 1) {
            List<ByteKey> all = new ArrayList<>(cl.patterns);
            for (ByteKey p : all) {
                ps.punsubscribe(cl, p);
                confirm(c.out, "punsubscribe", p.bytes, count(cl));
            }
            if (all.isEmpty()) confirm(c.out, "punsubscribe", null, count(cl));
        } else {
            for (int i = 1; i < c.argc(); i++) {
                ps.punsubscribe(cl, new ByteKey(c.arg(i)));
                confirm(c.out, "punsubscribe", c.arg(i), count(cl));
            }
        }
    }

    static void sunsubscribe(Ctx c) {
        PubSub ps = c.server.pubsub();
        Client cl = c.client;
        if (c.argc() == 1) {
            List<ByteKey> all = new ArrayList<>(cl.shardChannels);
            for (ByteKey ch : all) {
                ps.sunsubscribe(cl, ch);
                confirm(c.out, "sunsubscribe", ch.bytes, cl.shardChannels.size());
            }
            if (all.isEmpty()) confirm(c.out, "sunsubscribe", null, cl.shardChannels.size());
        } else {
            for (int i = 1; i < c.argc(); i++) {
                ps.sunsubscribe(cl, new ByteKey(c.arg(i)));
                confirm(c.out, "sunsubscribe", c.arg(i), cl.shardChannels.size());
            }
        }
    }

    static void publish(Ctx c) {
        c.out.integer(c.server.pubsub().publish(c.arg(1), c.arg(2)));
    }

    static void spublish(Ctx c) {
        c.out.integer(c.server.pubsub().spublish(c.arg(1), c.arg(2)));
    }

    static void help(Ctx c) {
        ServerCommands.help(c, HELP);
    }

    /** PUBSUB CHANNELS / SHARDCHANNELS [pattern]: active channels (with subscribers), any order. */
    private static void channelList(Ctx c, Map<ByteKey, Set<Client>> channels) {
        if (c.argc() > 3) throw ServerCommands.subcommandSyntax(c);
        byte[] pattern = c.argc() == 3 ? c.arg(2) : null;
        List<byte[]> found = new ArrayList<>();
        for (ByteKey ch : channels.keySet()) {
            if (pattern == null || Glob.match(pattern, ch.bytes)) found.add(ch.bytes);
        }
        c.out.array(found.size());
        for (byte[] ch : found) c.out.bulk(ch);
    }

    /** PUBSUB NUMSUB / SHARDNUMSUB [channel ...]: flat channel/count pairs (an array in RESP3 too). */
    private static void numsub(Ctx c, Map<ByteKey, Set<Client>> channels) {
        c.out.array((c.argc() - 2) * 2);
        for (int i = 2; i < c.argc(); i++) {
            Set<Client> subs = channels.get(new ByteKey(c.arg(i)));
            c.out.bulk(c.arg(i));
            c.out.integer(subs == null ? 0 : subs.size());
        }
    }
}
