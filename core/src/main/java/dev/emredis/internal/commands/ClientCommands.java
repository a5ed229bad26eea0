package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.server.Client;
import dev.emredis.internal.server.ClientPause;
import dev.emredis.internal.server.Connection;
import dev.emredis.internal.server.Server;
import dev.emredis.internal.util.Num;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * CLIENT subcommands as Redis 7.0.15 answers them, plus SETINFO and NO-TOUCH as Redis 7.2 accepts
 * them (clients send SETINFO on connect). TRACKING, CACHING, GETREDIR and TRACKINGINFO are in
 * {@link TrackingCommands}.
 */
public final class ClientCommands {
    private ClientCommands() {}

    public static void register(CommandRegistry r) {
        r.add("client|id", ClientCommands::id);
        r.add("client|info", ClientCommands::info);
        r.add("client|list", ClientCommands::list);
        r.add("client|kill", ClientCommands::kill);
        r.add("client|setname", ClientCommands::setname);
        r.add("client|getname", ClientCommands::getname);
        r.add("client|setinfo", ClientCommands::setinfo);
        r.add("client|no-evict", ClientCommands::noEvict);
        r.add("client|no-touch", ClientCommands::noTouch);
        r.add("client|reply", ClientCommands::reply);
        r.add("client|pause", ClientCommands::pause);
        r.add("client|unpause", ClientCommands::unpause);
        r.add("client|unblock", ClientCommands::unblock);
        r.add("client|help", ClientCommands::help);
        TrackingCommands.register(r);
    }

    // Redis's client types (getClientTypeByName); MASTER and REPLICA never match here (no replication).
    private static final int TYPE_NORMAL = 0;
    private static final int TYPE_REPLICA = 1;
    private static final int TYPE_PUBSUB = 2;
    private static final int TYPE_MASTER = 3;

    static void id(Ctx c) {
        c.out.integer(c.client.id);
    }

    static void info(Ctx c) {
        String line = infoLine(c, c.client) + "\n";
        c.out.verbatim("txt", line.getBytes(StandardCharsets.UTF_8));
    }

    /** CLIENT LIST [TYPE type] | [ID id [id ...]]: one line per client, in connection order. */
    static void list(Ctx c) {
        StringBuilder o = new StringBuilder();
        if (c.argc() == 4 && c.is(2, "type")) {
            int type = typeByName(c.str(3));
            if (type < 0) throw new RedisError(Errors.unknownClientType(c.str(3)));
            for (Client cl : connected(c.server)) {
                if (typeOf(c.server, cl) == type) o.append(infoLine(c, cl)).append('\n');
            }
        } else if (c.argc() > 3 && c.is(2, "id")) {
            List<Long> ids = new ArrayList<>();
            for (int j = 3; j < c.argc(); j++) {
                Long id = Num.parseLong(c.arg(j));
                if (id == null) throw new RedisError(Errors.INVALID_CLIENT_ID);
                ids.add(id);
            }
            for (long id : ids) {
                Client cl = c.server.clients().get(id);
                if (cl != null && !cl.closed) o.append(infoLine(c, cl)).append('\n');
            }
        } else if (c.argc() != 2) {
            throw new RedisError(Errors.SYNTAX);
        } else {
            for (Client cl : connected(c.server)) o.append(infoLine(c, cl)).append('\n');
        }
        c.out.verbatim("txt", o.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * CLIENT KILL ip:port (replies OK or "No such client", may kill the caller) or
     * CLIENT KILL [ID id] [TYPE type] [USER user] [ADDR ip:port] [LADDR ip:port] [SKIPME yes|no]
     * (replies the number killed; the caller is skipped unless SKIPME no). Other clients close at
     * once, the caller after its reply.
     */
    static void kill(Ctx c) {
        String addr = null;
        String laddr = null;
        dev.emredis.internal.acl.User user = null;
        int type = -1;
        long id = 0;
        boolean skipme = true;
        if (c.argc() == 3) {
            addr = c.str(2);
            skipme = false;
        } else {
            int i = 2;
            while (i < c.argc()) {
                boolean more = c.argc() > i + 1;
                if (c.is(i, "id") && more) {
                    Long v = Num.parseLong(c.arg(i + 1));
                    if (v == null || v < 1) throw new RedisError(Errors.CLIENT_ID_NOT_POSITIVE);
                    id = v;
                } else if (c.is(i, "type") && more) {
                    type = typeByName(c.str(i + 1));
                    if (type < 0) throw new RedisError(Errors.unknownClientType(c.str(i + 1)));
                } else if (c.is(i, "addr") && more) {
                    addr = c.str(i + 1);
                } else if (c.is(i, "laddr") && more) {
                    laddr = c.str(i + 1);
                } else if (c.is(i, "user") && more) {
                    user = c.server.acl().user(c.arg(i + 1));
                    if (user == null) throw new RedisError(Errors.noSuchUser(c.str(i + 1)));
                } else if (c.is(i, "skipme") && more) {
                    if (c.is(i + 1, "yes")) skipme = true;
                    else if (c.is(i + 1, "no")) skipme = false;
                    else throw new RedisError(Errors.SYNTAX);
                } else {
                    throw new RedisError(Errors.SYNTAX);
                }
                i += 2;
            }
        }
        int killed = 0;
        boolean closeSelf = false;
        for (Client cl : connected(c.server)) {
            Connection conn = cl.connection;
            if (addr != null && !conn.peer.equals(addr)) continue;
            if (laddr != null && !conn.local.equals(laddr)) continue;
            if (type != -1 && typeOf(c.server, cl) != type) continue;
            if (id != 0 && cl.id != id) continue;
            if (user != null && cl.aclUser != user) continue;
            if (cl == c.client && skipme) continue;
            if (cl == c.client) closeSelf = true;
            else c.server.loop().close(conn);
            killed++;
        }
        if (c.argc() == 3) {
            if (killed == 0) throw new RedisError(Errors.NO_SUCH_CLIENT);
            c.ok();
        } else {
            c.out.integer(killed);
        }
        if (closeSelf) c.client.closeAfterReply = true;
    }

    static void setname(Ctx c) {
        if (!ConnectionCommands.setName(c.client, c.arg(2))) throw new RedisError(Errors.CLIENT_NAME_INVALID);
        c.ok();
    }

    static void getname(Ctx c) {
        if (c.client.name == null) c.out.nullBulk();
        else c.out.bulk(c.client.name);
    }

    /** CLIENT SETINFO LIB-NAME|LIB-VER value (Redis 7.2); an empty value clears it. */
    static void setinfo(Ctx c) {
        String attr = c.str(2);
        boolean libName;
        if (c.is(2, "lib-name")) libName = true;
        else if (c.is(2, "lib-ver")) libName = false;
        else throw new RedisError(Errors.setinfoUnrecognized(attr));
        byte[] v = c.arg(3);
        // 7.2 checks the value as a C string: up to the first NUL byte.
        for (byte b : v) {
            if (b == 0) break;
            if (b < '!' || b > '~') throw new RedisError(Errors.setinfoInvalid(attr));
        }
        String value = v.length == 0 ? null : new String(v, StandardCharsets.ISO_8859_1);
        if (libName) c.client.libName = value;
        else c.client.libVer = value;
        c.ok();
    }

    static void noEvict(Ctx c) {
        c.client.noEvict = onOff(c);
        c.ok();
    }

    /** CLIENT NO-TOUCH ON|OFF (Redis 7.2): reads by this client leave keys' LRU/LFU alone. */
    static void noTouch(Ctx c) {
        c.client.noTouch = onOff(c);
        c.ok();
    }

    private static boolean onOff(Ctx c) {
        if (c.is(2, "on")) return true;
        if (c.is(2, "off")) return false;
        throw new RedisError(Errors.SYNTAX);
    }

    /**
     * CLIENT REPLY ON|OFF|SKIP. ON answers OK (and cancels a pending skip of this reply); OFF and
     * SKIP are silent; SKIP under OFF does nothing. The pipeline drops replies by these flags.
     */
    static void reply(Ctx c) {
        Client cl = c.client;
        if (c.is(2, "on")) {
            cl.replyOff = false;
            cl.replySkipThis = false;
            c.ok();
        } else if (c.is(2, "off")) {
            cl.replyOff = true;
        } else if (c.is(2, "skip")) {
            if (!cl.replyOff) cl.replySkipNext = true;
        } else {
            throw new RedisError(Errors.SYNTAX);
        }
    }

    /** CLIENT PAUSE timeout-ms [WRITE|ALL]: the mode is checked before the timeout. */
    static void pause(Ctx c) {
        if (c.argc() != 3 && c.argc() != 4) throw new RedisError(Errors.subcommandSyntax(c.str(1), "CLIENT"));
        int type = ClientPause.ALL;
        if (c.argc() == 4) {
            if (c.is(3, "write")) type = ClientPause.WRITE;
            else if (c.is(3, "all")) type = ClientPause.ALL;
            else throw new RedisError(Errors.PAUSE_MODE);
        }
        Long t = Num.parseLong(c.arg(2));
        if (t == null) throw new RedisError(Errors.TIMEOUT_NOT_INTEGER);
        if (t < 0) throw new RedisError(Errors.TIMEOUT_NEGATIVE);
        // getTimeoutFromObjectOrReply: 0 stays 0 (already over at the next check), else now + t.
        long end = t > 0 ? t + c.now() : 0;
        c.server.pause.pause(end, type);
        c.ok();
    }

    static void unpause(Ctx c) {
        c.server.pause.unpause();
        c.ok();
    }

    private static final String[] HELP = {
        "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CACHING (YES|NO)",
        "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
        "GETREDIR",
        "    Return the client ID we are redirecting to when tracking is enabled.",
        "GETNAME",
        "    Return the name of the current connection.",
        "ID",
        "    Return the ID of the current connection.",
        "INFO",
        "    Return information about the current client connection.",
        "KILL <ip:port>",
        "    Kill connection made from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]",
        "    Kill connections. Options are:",
        "    * ADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made from the specified address",
        "    * LADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made to specified local address",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Kill connections by type.",
        "    * USER <username>",
        "      Kill connections authenticated by <username>.",
        "    * SKIPME (YES|NO)",
        "      Skip killing current connection (default: yes).",
        "LIST [options ...]",
        "    Return information about client connections. Options:",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Return clients of specified type.",
        "UNPAUSE",
        "    Stop the current client pause, resuming traffic.",
        "PAUSE <timeout> [WRITE|ALL]",
        "    Suspend all, or just write, clients for <timeout> milliseconds.",
        "REPLY (ON|OFF|SKIP)",
        "    Control the replies sent to the current connection.",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
        "UNBLOCK <clientid> [TIMEOUT|ERROR]",
        "    Unblock the specified blocked client.",
        "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
        "         [OPTIN] [OPTOUT] [NOLOOP]",
        "    Control server assisted client side caching.",
        "TRACKINGINFO",
        "    Report tracking status for the current connection.",
        "NO-EVICT (ON|OFF)",
        "    Protect current client connection from eviction.",
        "HELP",
        "    Prints this help.",
    };

    static void help(Ctx c) {
        c.out.array(HELP.length);
        for (String line : HELP) c.out.simple(line);
    }

    // --- CLIENT LIST / CLIENT INFO lines ---

    private static List<Client> connected(Server s) {
        List<Client> l = new ArrayList<>();
        for (Client cl : s.clients().values()) {
            if (cl.connection != null && !cl.closed) l.add(cl);
        }
        return l;
    }

    private static int typeByName(String name) {
        switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "normal": return TYPE_NORMAL;
            case "slave":
            case "replica": return TYPE_REPLICA;
            case "pubsub": return TYPE_PUBSUB;
            case "master": return TYPE_MASTER;
            default: return -1;
        }
    }

    /** getClientType: MONITOR clients count as normal, subscribed ones (any protocol) as pubsub. */
    private static int typeOf(Server s, Client cl) {
        if (cl.extraFlags.contains('M')) return TYPE_MASTER;
        if (cl.extraFlags.contains('S') && !s.diagnostics.monitors.contains(cl)) return TYPE_REPLICA;
        if (cl.subscriptionCount() > 0 || cl.extraFlags.contains('P')) return TYPE_PUBSUB;
        return TYPE_NORMAL;
    }

    /** The CLIENT LIST flags in Redis's order; N when none. */
    static String flags(Server s, Client cl) {
        StringBuilder f = new StringBuilder();
        if (s.diagnostics.monitors.contains(cl)) f.append('O');
        else if (cl.extraFlags.contains('S')) f.append('S');
        if (cl.extraFlags.contains('M')) f.append('M');
        if (cl.subscriptionCount() > 0 || cl.extraFlags.contains('P')) f.append('P');
        if (cl.inMulti) f.append('x');
        if (cl.postponed != null || cl.blocked || cl.extraFlags.contains('b')) f.append('b');
        // client-side caching: tracking, broken redirect, broadcast mode
        int t = cl.trackingFlags;
        if ((t & dev.emredis.internal.server.Tracking.ON) != 0) f.append('t');
        if ((t & dev.emredis.internal.server.Tracking.BROKEN_REDIR) != 0) f.append('R');
        if ((t & dev.emredis.internal.server.Tracking.BCAST) != 0) f.append('B');
        if (cl.watchDirty || cl.extraFlags.contains('d')) f.append('d');
        if (cl.closeAfterReply) f.append('c');
        for (char ch : new char[] {'u', 'A', 'U'}) {
            if (cl.extraFlags.contains(ch)) f.append(ch);
        }
        // READONLY in cluster mode
        if (cl.clusterReadOnly || cl.extraFlags.contains('r')) f.append('r');
        if (cl.noEvict) f.append('e');
        if (cl.noTouch) f.append('T');
        if (f.length() == 0) f.append('N');
        return f.toString();
    }

    private static long argvMem(byte[][] argv) {
        long n = 0;
        for (byte[] a : argv) n += a.length;
        return n;
    }

    /**
     * One line with exactly Redis 7.0.15's fields, in its order. Ages are whole seconds of the
     * virtual clock (Redis subtracts cached unix times); memory figures are this server's own
     * buffers, not Redis's allocator sizes.
     */
    public static String infoLine(Ctx c, Client cl) {
        Server s = c.server;
        Connection conn = cl.connection;
        long nowSec = c.now() / 1000;
        long qbuf = conn.decoder().buffered();
        long qbufFree = qbuf == 0 ? 0 : Math.max(0, conn.decoder().capacity() - qbuf);
        long argvMem = cl == c.client ? argvMem(c.argv) : cl.postponed != null ? argvMem(cl.postponed) : 0;
        long multiMem = 0;
        for (Client.QueuedCommand q : cl.multiQueue) multiMem += argvMem(q.argv()) + 8L * q.argv().length;
        long obl = cl.out.size();
        long totMem = 1024 + qbuf + qbufFree + argvMem + multiMem + 16384 + obl;
        StringBuilder b = new StringBuilder(256);
        b.append("id=").append(cl.id)
                .append(" addr=").append(conn.peer)
                .append(" laddr=").append(conn.local)
                .append(" fd=").append(conn.fd)
                .append(" name=").append(cl.name == null ? "" : new String(cl.name, StandardCharsets.ISO_8859_1))
                .append(" age=").append(nowSec - cl.createdMillis / 1000)
                .append(" idle=").append(nowSec - cl.lastInteractionMillis / 1000)
                .append(" flags=").append(flags(s, cl))
                .append(" db=").append(cl.db)
                .append(" sub=").append(cl.channels.size())
                .append(" psub=").append(cl.patterns.size())
                .append(" ssub=").append(cl.shardChannels.size())
                .append(" multi=").append(cl.inMulti ? cl.multiQueue.size() : -1)
                .append(" qbuf=").append(qbuf)
                .append(" qbuf-free=").append(qbufFree)
                .append(" argv-mem=").append(argvMem)
                .append(" multi-mem=").append(multiMem)
                .append(" rbs=16384 rbp=16384")
                .append(" obl=").append(obl)
                .append(" oll=0 omem=0")
                .append(" tot-mem=").append(totMem)
                .append(" events=r")
                .append(" cmd=").append(cl.lastCommand)
                .append(" user=").append(cl.user)
                .append(" redir=").append(TrackingCommands.redirect(cl))
                .append(" resp=").append(cl.protocol());
        return b.toString();
    }

    /**
     * CLIENT UNBLOCK id [TIMEOUT|ERROR]: a client blocked by BLPOP, XREAD, WAIT... is answered
     * as on timeout, or with an -UNBLOCKED error; 0 when no such client is blocked.
     */
    static void unblock(Ctx c) {
        if (c.argc() > 4) throw new RedisError(Errors.subcommandSyntax(c.str(1), "CLIENT"));
        boolean error = false;
        if (c.argc() == 4) {
            if (c.is(3, "timeout")) error = false;
            else if (c.is(3, "error")) error = true;
            else throw new RedisError(Errors.UNBLOCK_REASON);
        }
        long id = c.longArg(2);
        Client target = c.server.clients().get(id);
        boolean done = target != null && c.server.blocked.forceUnblock(target, error ? Errors.UNBLOCKED_BY_CLIENT : null);
        c.out.integer(done ? 1 : 0);
    }
}
