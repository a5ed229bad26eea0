package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.keyspace.Notifications;
import dev.emredis.internal.keyspace.RedisList;
import dev.emredis.internal.keyspace.RedisObject;
import dev.emredis.internal.server.BlockedClients;
import dev.emredis.internal.server.Client;

/**
 * Moving and multi-key popping: LMOVE, RPOPLPUSH, LMPOP, and the blocking BLPOP, BRPOP,
 * BRPOPLPUSH, BLMOVE, BLMPOP. A blocking command that finds nothing waits on its keys (FIFO per
 * key) unless it runs in MULTI or a script, where it answers at once as if it timed out.
 */
final class ListMoveCommands {
    private ListMoveCommands() {}

    static void register(CommandRegistry r) {
        r.add("lmove", c -> lmove(c, c.arg(1), c.arg(2), head(c, 3), head(c, 4)));
        r.add("rpoplpush", c -> lmove(c, c.arg(1), c.arg(2), false, true));
        r.add("lmpop", c -> {
            MpopArgs a = MpopArgs.parse(c, 1, "left", "right");
            mpop(c, a.keys, !a.fromEnd, a.count);
        });
        r.add("blpop", c -> blockingPop(c, keysBefore(c, c.argc() - 1), true, c.argc() - 1, -1));
        r.add("brpop", c -> blockingPop(c, keysBefore(c, c.argc() - 1), false, c.argc() - 1, -1));
        r.add("brpoplpush", c -> {
            long deadline = Timeouts.secondsDeadline(c, 3);
            blockingMove(c, false, true, deadline);
        });
        r.add("blmove", c -> {
            boolean from = head(c, 3);
            boolean to = head(c, 4);
            long deadline = Timeouts.secondsDeadline(c, 5);
            blockingMove(c, from, to, deadline);
        });
        r.add("blmpop", c -> {
            MpopArgs a = MpopArgs.parse(c, 2, "left", "right");
            blockingPop(c, a.keys, !a.fromEnd, 1, a.count);
        });
    }

    /** LEFT or RIGHT (Redis's getListPositionFromObjectOrReply): true for LEFT, the head. */
    private static boolean head(Ctx c, int i) {
        if (c.is(i, "left")) return true;
        if (c.is(i, "right")) return false;
        throw new RedisError(Errors.SYNTAX);
    }

    private static byte[][] keysBefore(Ctx c, int end) {
        byte[][] keys = new byte[end - 1][];
        for (int i = 1; i < end; i++) keys[i - 1] = c.arg(i);
        return keys;
    }

    private static void event(Ctx c, int type, String event, byte[] key) {
        c.server.notifications().notify(type, event, key, c.db().id);
    }

    /** Redis's lmoveGenericCommand: pop from src, push to dst (created if needed), reply the element. */
    static void lmove(Ctx c, byte[] src, byte[] dst, boolean fromHead, boolean toHead) {
        Database db = c.db();
        RedisList list = ListCommands.asList(db.lookupWrite(src));
        if (list == null) {
            c.out.nullBulk();
            return;
        }
        RedisList target = ListCommands.asList(db.lookupWrite(dst));
        byte[] v = fromHead ? list.removeFirst() : list.removeLast();
        push(c, dst, target, v, toHead);
        event(c, Notifications.LIST, fromHead ? "lpop" : "rpop", src);
        if (list.size() == 0) {
            db.delete(src);
            event(c, Notifications.GENERIC, "del", src);
        }
        db.signalModified(src);
    }

    /** Redis's lmoveHandlePush: the destination is created (waking its waiters) if missing. */
    private static void push(Ctx c, byte[] dst, RedisList target, byte[] v, boolean toHead) {
        Database db = c.db();
        if (target == null) {
            target = new RedisList();
            db.add(dst, target);
        }
        db.signalModified(dst);
        if (toHead) target.addFirst(v);
        else target.addLast(v);
        event(c, Notifications.LIST, toHead ? "lpush" : "rpush", dst);
        c.out.bulk(v);
    }

    /** LMPOP: the first non-empty list of the keys; WRONGTYPE stops the scan. */
    private static void mpop(Ctx c, byte[][] keys, boolean fromHead, long count) {
        Database db = c.db();
        for (byte[] key : keys) {
            RedisList list = ListCommands.asList(db.lookupWrite(key));
            if (list == null) continue;
            if (Propagation.wanted(c)) Propagation.as(c, popCommand(key, fromHead, Math.min(count, list.size())));
            popRangeWithKey(c, list, key, fromHead, count);
            return;
        }
        c.out.nullArray();
    }

    /** Redis's listPopRangeAndReplyWithKey: [key, [elements]]; true when the list was emptied. */
    private static boolean popRangeWithKey(Ctx c, RedisList list, byte[] key, boolean fromHead, long count) {
        int n = (int) Math.min(count, list.size());
        c.out.array(2);
        c.out.bulk(key);
        c.out.array(n);
        for (int i = 0; i < n; i++) c.out.bulk(fromHead ? list.removeFirst() : list.removeLast());
        return elementsRemoved(c, list, key, fromHead);
    }

    /** Redis's listElementsRemoved: the pop event, then deletion of an emptied list. */
    private static boolean elementsRemoved(Ctx c, RedisList list, byte[] key, boolean fromHead) {
        Database db = c.db();
        event(c, Notifications.LIST, fromHead ? "lpop" : "rpop", key);
        boolean deleted = list.size() == 0;
        if (deleted) {
            db.delete(key);
            event(c, Notifications.GENERIC, "del", key);
        } else {
            db.signalModified(key);
        }
        return deleted;
    }

    /** BLPOP/BRPOP (count -1) and BLMPOP: serve at once from the first non-empty list, or block. */
    private static void blockingPop(Ctx c, byte[][] keys, boolean fromHead, int timeoutIdx, long count) {
        long deadline = Timeouts.secondsDeadline(c, timeoutIdx);
        Database db = c.db();
        for (byte[] key : keys) {
            RedisList list = ListCommands.asList(db.lookupWrite(key));
            if (list == null) continue;
            // replicas get the non-blocking pop: LPOP/RPOP key [count popped]
            if (Propagation.wanted(c)) Propagation.as(c, popCommand(key, fromHead, count == -1 ? -1 : Math.min(count, list.size())));
            if (count != -1) {
                popRangeWithKey(c, list, key, fromHead, count);
            } else {
                byte[] v = fromHead ? list.removeFirst() : list.removeLast();
                c.out.array(2);
                c.out.bulk(key);
                c.out.bulk(v);
                elementsRemoved(c, list, key, fromHead);
            }
            return;
        }
        if (mayNotBlock(c)) {
            c.out.nullArray();
            return;
        }
        c.server.blocked.blockOnKeys(c.client, db, keys, deadline, new ListWaiter(c, null, fromHead, false, count));
    }

    /** BRPOPLPUSH/BLMOVE: move at once if the source has elements, else wait on the source. */
    private static void blockingMove(Ctx c, boolean fromHead, boolean toHead, long deadline) {
        Database db = c.db();
        RedisList list = ListCommands.asList(db.lookupWrite(c.arg(1)));
        if (list != null) {
            // replicas get LMOVE (the client's direction arguments) or RPOPLPUSH
            Propagation.as(c, c.spec.name.equals("brpoplpush") ? Propagation.cmd("RPOPLPUSH", c.arg(1), c.arg(2))
                    : Propagation.cmd("LMOVE", c.arg(1), c.arg(2), c.arg(3), c.arg(4)));
            lmove(c, c.arg(1), c.arg(2), fromHead, toHead);
        } else if (mayNotBlock(c)) {
            c.out.nullBulk();
        } else {
            c.server.blocked.blockOnKeys(c.client, db, new byte[][] {c.arg(1)}, deadline,
                    new ListWaiter(c, c.arg(2), fromHead, toHead, -1));
        }
    }

    /** The non-blocking pop a served blocking pop propagates as. */
    private static byte[][] popCommand(byte[] key, boolean fromHead, long count) {
        String name = fromHead ? "LPOP" : "RPOP";
        return count == -1 ? Propagation.cmd(name, key) : Propagation.cmd(name, key, Long.toString(count));
    }

    /** Redis's CLIENT_DENY_BLOCKING: inside MULTI/EXEC and scripts a blocking command never waits. */
    static boolean mayNotBlock(Ctx c) {
        return c.client.inMulti || c.fromScript;
    }

    /** A client blocked in BLPOP/BRPOP/BLMPOP (no target) or BRPOPLPUSH/BLMOVE (a target). */
    private static final class ListWaiter implements BlockedClients.KeyWaiter {
        private final Ctx c;
        private final byte[] target;
        private final boolean fromHead;
        private final boolean toHead;
        private final long count;

        ListWaiter(Ctx c, byte[] target, boolean fromHead, boolean toHead, long count) {
            this.c = c;
            this.target = target;
            this.fromHead = fromHead;
            this.toHead = toHead;
            this.count = count;
        }

        @Override
        public String type() {
            return "list";
        }

        /** Redis's serveClientBlockedOnList. */
        @Override
        public boolean serve(byte[] key, RedisObject value) {
            RedisList list = (RedisList) value;
            Database db = c.db();
            if (target == null) {
                // served after the write that readied the key: propagated on its own
                c.server.replicaFeed.alsoPropagate(db.id, popCommand(key, fromHead, count == -1 ? -1 : Math.min(count, list.size())));
                if (count != -1) {
                    popRangeWithKey(c, list, key, fromHead, count);
                    return true;
                }
                byte[] v = fromHead ? list.removeFirst() : list.removeLast();
                c.out.array(2);
                c.out.bulk(key);
                c.out.bulk(v);
                event(c, Notifications.LIST, fromHead ? "lpop" : "rpop", key);
            } else {
                RedisObject dst = db.lookupWrite(target);
                if (dst != null && !(dst instanceof RedisList)) {
                    // the move fails; the client is answered with the error and unblocked
                    c.out.error(Errors.WRONGTYPE);
                } else {
                    byte[] v = fromHead ? list.removeFirst() : list.removeLast();
                    c.server.replicaFeed.alsoPropagate(db.id, c.spec.name.equals("brpoplpush")
                            ? Propagation.cmd("RPOPLPUSH", key, target)
                            : Propagation.cmd("LMOVE", key, target, c.arg(3), c.arg(4)));
                    push(c, target, (RedisList) dst, v, toHead);
                    event(c, Notifications.LIST, fromHead ? "lpop" : "rpop", key);
                }
            }
            if (list.size() == 0) {
                db.delete(key);
                event(c, Notifications.GENERIC, "del", key);
            }
            return true;
        }

        @Override
        public void timedOut(Client client) {
            client.out.nullArray();
        }
    }
}
