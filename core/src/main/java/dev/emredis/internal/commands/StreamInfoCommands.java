package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.keyspace.RedisObject;
import dev.emredis.internal.keyspace.RedisStream;
import dev.emredis.internal.keyspace.StreamGroup;
import dev.emredis.internal.keyspace.StreamID;
import dev.emredis.internal.resp.ReplySink;
import java.util.List;
import java.util.Map;

/**
 * XINFO STREAM [FULL [COUNT n]], XINFO GROUPS, XINFO CONSUMERS and XINFO HELP, with the fields
 * Redis 7.0 reports (radix tree counters, entries-added, max-deleted-entry-id, entries-read and
 * lag per group, seen-time per consumer).
 */
public final class StreamInfoCommands {
    private StreamInfoCommands() {}

    private static final String[] HELP = {
        "CONSUMERS <key> <groupname>",
        "    Show consumers of <groupname>.",
        "GROUPS <key>",
        "    Show the stream consumer groups.",
        "STREAM <key> [FULL [COUNT <count>]",
        "    Show information about the stream.",
    };

    public static void register(CommandRegistry r) {
        for (String sub : new String[] {"consumers", "groups", "stream", "help"}) {
            r.add("xinfo|" + sub, StreamInfoCommands::xinfo);
        }
    }

    static void xinfo(Ctx c) {
        if (c.is(1, "help")) {
            if (c.argc() != 2) throw ServerCommands.subcommandSyntax(c);
            ServerCommands.help(c, HELP);
            return;
        }
        if (c.argc() < 3) throw ServerCommands.subcommandSyntax(c);
        byte[] key = c.arg(2);
        RedisObject o = c.db().lookupRead(key, c.client);
        if (o == null) throw new RedisError(Errors.NO_SUCH_KEY);
        RedisStream s = StreamCommands.stream(o);
        if (c.is(1, "consumers") && c.argc() == 4) {
            StreamGroup g = s.group(c.arg(3));
            if (g == null) throw new RedisError(Errors.xnoGroupForKey(c.arg(3), key));
            long now = c.now();
            c.out.array(g.consumers.size());
            for (StreamGroup.Consumer con : g.consumers.values()) {
                c.out.map(3);
                c.out.bulk("name");
                c.out.bulk(con.name);
                c.out.bulk("pending");
                c.out.integer(con.pel.size());
                c.out.bulk("idle");
                c.out.integer(Math.max(0, now - con.seenTime));
            }
        } else if (c.is(1, "groups") && c.argc() == 3) {
            if (s.groups == null) {
                c.out.array(0);
                return;
            }
            c.out.array(s.groups.size());
            for (StreamGroup g : s.groups.values()) {
                c.out.map(6);
                c.out.bulk("name");
                c.out.bulk(g.name);
                c.out.bulk("consumers");
                c.out.integer(g.consumers.size());
                c.out.bulk("pending");
                c.out.integer(g.pel.size());
                c.out.bulk("last-delivered-id");
                c.out.bulk(g.lastId.bytes());
                entriesReadAndLag(c.out, s, g);
            }
        } else if (c.is(1, "stream")) {
            stream(c, s);
        } else {
            throw ServerCommands.subcommandSyntax(c);
        }
    }

    private static void entriesReadAndLag(ReplySink out, RedisStream s, StreamGroup g) {
        out.bulk("entries-read");
        if (g.entriesRead != StreamGroup.INVALID_ENTRIES_READ) out.integer(g.entriesRead);
        else out.nullBulk();
        out.bulk("lag");
        Long lag = s.lag(g);
        if (lag != null) out.integer(lag);
        else out.nullBulk();
    }

    private static void stream(Ctx c, RedisStream s) {
        boolean full = true;
        long count = 10;
        int optc = c.argc() - 3;
        if (optc == 0) {
            full = false;
        } else {
            if (optc != 1 && optc != 3) throw ServerCommands.subcommandSyntax(c);
            if (!c.is(3, "full")) throw ServerCommands.subcommandSyntax(c);
            if (optc == 3) {
                if (!c.is(4, "count")) throw ServerCommands.subcommandSyntax(c);
                count = c.longArg(5);
                if (count < 0) count = 10;
            }
        }
        ReplySink out = c.out;
        out.map(full ? 9 : 10);
        out.bulk("length");
        out.integer(s.length);
        out.bulk("radix-tree-keys");
        out.integer(s.raxKeys());
        out.bulk("radix-tree-nodes");
        out.integer(s.raxNodes());
        out.bulk("last-generated-id");
        out.bulk(s.lastId.bytes());
        out.bulk("max-deleted-entry-id");
        out.bulk(s.maxDeletedId.bytes());
        out.bulk("entries-added");
        out.integer(s.entriesAdded);
        out.bulk("recorded-first-entry-id");
        out.bulk(s.firstId.bytes());
        if (!full) {
            out.bulk("groups");
            out.integer(s.groups == null ? 0 : s.groups.size());
            out.bulk("first-entry");
            List<RedisStream.Item> first = s.range(StreamID.MIN, StreamID.MAX, false, 1);
            if (first.isEmpty()) out.nullBulk();
            else StreamCommands.replyItem(out, first.get(0));
            out.bulk("last-entry");
            List<RedisStream.Item> last = s.range(StreamID.MIN, StreamID.MAX, true, 1);
            if (last.isEmpty()) out.nullBulk();
            else StreamCommands.replyItem(out, last.get(0));
            return;
        }
        out.bulk("entries");
        StreamCommands.replyItems(out, s.range(StreamID.MIN, StreamID.MAX, false, count));
        out.bulk("groups");
        if (s.groups == null) {
            out.array(0);
            return;
        }
        out.array(s.groups.size());
        for (StreamGroup g : s.groups.values()) {
            out.map(7);
            out.bulk("name");
            out.bulk(g.name);
            out.bulk("last-delivered-id");
            out.bulk(g.lastId.bytes());
            entriesReadAndLag(out, s, g);
            out.bulk("pel-count");
            out.integer(g.pel.size());
            out.bulk("pending");
            long n = count == 0 ? g.pel.size() : Math.min(count, g.pel.size());
            out.array((int) n);
            long k = 0;
            for (Map.Entry<StreamID, StreamGroup.Nack> e : g.pel.entrySet()) {
                if (k++ >= n) break;
                out.array(4);
                out.bulk(e.getKey().bytes());
                out.bulk(e.getValue().consumer.name);
                out.integer(e.getValue().deliveryTime);
                out.integer(e.getValue().deliveryCount);
            }
            out.bulk("consumers");
            out.array(g.consumers.size());
            for (StreamGroup.Consumer con : g.consumers.values()) {
                out.map(4);
                out.bulk("name");
                out.bulk(con.name);
                out.bulk("seen-time");
                out.integer(con.seenTime);
                out.bulk("pel-count");
                out.integer(con.pel.size());
                out.bulk("pending");
                long m = count == 0 ? con.pel.size() : Math.min(count, con.pel.size());
                out.array((int) m);
                long q = 0;
                for (Map.Entry<StreamID, StreamGroup.Nack> e : con.pel.entrySet()) {
                    if (q++ >= m) break;
                    out.array(3);
                    out.bulk(e.getKey().bytes());
                    out.integer(e.getValue().deliveryTime);
                    out.integer(e.getValue().deliveryCount);
                }
            }
        }
    }
}
