package dev.emredis.internal.acl;

import dev.emredis.internal.command.CommandSpec;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.commands.ClientCommands;
import dev.emredis.internal.server.Client;
import dev.emredis.internal.server.Server;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;

/**
 * ACL LOG: the newest entry first, at most acllog-max-len entries. A new refusal that matches one
 * of the 10 newest entries (same reason, context, object and user, within 60 s) bumps that entry's
 * count, refreshes its time and client info, and moves it to the front, as Redis groups them.
 */
public final class AclLog {
    public static final int TOPLEVEL = 0;
    public static final int MULTI = 1;
    public static final int LUA = 2;
    public static final int MODULE = 3;
    private static final long GROUPING_MAX_DELTA_MS = 60_000;

    /** One entry. */
    public static final class Entry {
        public long count = 1;
        public final int reason;
        public final int context;
        public final String object;
        public final String username;
        public long ctime;
        public String clientInfo;

        Entry(int reason, int context, String object, String username, long ctime, String clientInfo) {
            this.reason = reason;
            this.context = context;
            this.object = object;
            this.username = username;
            this.ctime = ctime;
            this.clientInfo = clientInfo;
        }

        public String reasonName() {
            switch (reason) {
                case Acl.DENIED_CMD: return "command";
                case Acl.DENIED_KEY: return "key";
                case Acl.DENIED_CHANNEL: return "channel";
                case Acl.DENIED_AUTH: return "auth";
                default: return "unknown";
            }
        }

        public String contextName() {
            switch (context) {
                case TOPLEVEL: return "toplevel";
                case MULTI: return "multi";
                case LUA: return "lua";
                case MODULE: return "module";
                default: return "unknown";
            }
        }
    }

    private final Server server;
    private final LinkedList<Entry> entries = new LinkedList<>();

    AclLog(Server server) {
        this.server = server;
    }

    public List<Entry> entries() {
        return entries;
    }

    public void reset() {
        entries.clear();
    }

    /**
     * Redis's addACLLogEntry. {@code object} overrides the default object (command full name, or
     * the key/channel at {@code pos}); {@code username} overrides the client's user. The client
     * info is that of {@code c} (for a script, pass the client that called the script).
     */
    public void add(Client c, byte[][] argv, CommandSpec spec, int reason, int context, String username, String object) {
        add(c, argv, spec, reason, context, 0, username, object);
    }

    public void add(Client c, byte[][] argv, CommandSpec spec, int reason, int context, int pos, String username, String object) {
        if (object == null) {
            switch (reason) {
                case Acl.DENIED_CMD: object = spec.name; break;
                case Acl.DENIED_KEY:
                case Acl.DENIED_CHANNEL: object = Acl.latin1(argv[pos]); break;
                case Acl.DENIED_AUTH: object = Acl.latin1(argv[0]); break;
                default: object = "";
            }
        }
        if (username == null) username = c.user;
        long now = server.clock().millis();
        String info = c.connection == null ? "" : ClientCommands.infoLine(new Ctx(server, c, argv, c.out, spec, false), c);
        Entry e = new Entry(reason, context, object, username, now, info);
        int toscan = 10;
        Iterator<Entry> it = entries.iterator();
        while (toscan-- > 0 && it.hasNext()) {
            Entry cur = it.next();
            if (matches(cur, e)) {
                it.remove();
                cur.clientInfo = e.clientInfo;
                cur.ctime = e.ctime;
                cur.count++;
                entries.addFirst(cur);
                return;
            }
        }
        entries.addFirst(e);
        long max = Long.parseLong(server.config().get("acllog-max-len"));
        while (entries.size() > max) entries.removeLast();
    }

    private static boolean matches(Entry a, Entry b) {
        return a.reason == b.reason && a.context == b.context && Math.abs(a.ctime - b.ctime) <= GROUPING_MAX_DELTA_MS
                && a.object.equals(b.object) && a.username.equals(b.username);
    }
}
