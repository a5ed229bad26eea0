package dev.emredis.internal.keyspace;

import dev.emredis.internal.server.Server;
import java.nio.charset.StandardCharsets;

/**
 * Keyspace notifications as {@code notify-keyspace-events} configures them: event classes as bits,
 * the flag string both ways, and publishing to {@code __keyspace@<db>__:<key>} and
 * {@code __keyevent@<db>__:<event>}.
 */
public final class Notifications {
    public static final int KEYSPACE = 1;      // K
    public static final int KEYEVENT = 1 << 1; // E
    public static final int GENERIC = 1 << 2;  // g
    public static final int STRING = 1 << 3;   // $
    public static final int LIST = 1 << 4;     // l
    public static final int SET = 1 << 5;      // s
    public static final int HASH = 1 << 6;     // h
    public static final int ZSET = 1 << 7;     // z
    public static final int EXPIRED = 1 << 8;  // x
    public static final int EVICTED = 1 << 9;  // e
    public static final int STREAM = 1 << 10;  // t
    public static final int KEY_MISS = 1 << 11; // m (not part of A)
    public static final int LOADED = 1 << 12;  // module only
    public static final int MODULE = 1 << 13;  // d
    public static final int NEW = 1 << 14;     // n (not part of A)
    /** 'A': g$lshzxetd. */
    public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

    private final Server server;
    private int flags;

    public Notifications(Server server) {
        this.server = server;
    }

    public int flags() {
        return flags;
    }

    public void flags(int f) {
        flags = f;
    }

    /** Parses a flag string; -1 if it has an unknown character (CONFIG SET then fails). */
    public static int parse(String s) {
        int f = 0;
        for (char c : s.toCharArray()) {
            switch (c) {
                case 'A': f |= ALL; break;
                case 'g': f |= GENERIC; break;
                case '$': f |= STRING; break;
                case 'l': f |= LIST; break;
                case 's': f |= SET; break;
                case 'h': f |= HASH; break;
                case 'z': f |= ZSET; break;
                case 'x': f |= EXPIRED; break;
                case 'e': f |= EVICTED; break;
                case 'K': f |= KEYSPACE; break;
                case 'E': f |= KEYEVENT; break;
                case 't': f |= STREAM; break;
                case 'm': f |= KEY_MISS; break;
                case 'd': f |= MODULE; break;
                case 'n': f |= NEW; break;
                default: return -1;
            }
        }
        return f;
    }

    /** The canonical flag string, as CONFIG GET shows it (Redis's keyspaceEventsFlagsToString). */
    public static String format(int f) {
        StringBuilder b = new StringBuilder();
        if ((f & ALL) == ALL) {
            b.append('A');
        } else {
            if ((f & GENERIC) != 0) b.append('g');
            if ((f & STRING) != 0) b.append('$');
            if ((f & LIST) != 0) b.append('l');
            if ((f & SET) != 0) b.append('s');
            if ((f & HASH) != 0) b.append('h');
            if ((f & ZSET) != 0) b.append('z');
            if ((f & EXPIRED) != 0) b.append('x');
            if ((f & EVICTED) != 0) b.append('e');
            if ((f & STREAM) != 0) b.append('t');
            if ((f & MODULE) != 0) b.append('d');
        }
        if ((f & KEYSPACE) != 0) b.append('K');
        if ((f & KEYEVENT) != 0) b.append('E');
        if ((f & KEY_MISS) != 0) b.append('m');
        if ((f & NEW) != 0) b.append('n');
        return b.toString();
    }

    /** Redis's notifyKeyspaceEvent. */
    public void notify(int type, String event, byte[] key, int dbid) {
        server.keyspaceEvent(type, event, key, dbid);
        if ((flags & type) == 0) return;
        if ((flags & (KEYSPACE | KEYEVENT)) == 0) return;
        byte[] ev = event.getBytes(StandardCharsets.US_ASCII);
        if ((flags & KEYSPACE) != 0) {
            byte[] ch = concat(("__keyspace@" + dbid + "__:").getBytes(StandardCharsets.US_ASCII), key);
            server.pubsub().publish(ch, ev);
        }
        if ((flags & KEYEVENT) != 0) {
            byte[] ch = ("__keyevent@" + dbid + "__:" + event).getBytes(StandardCharsets.US_ASCII);
            server.pubsub().publish(ch, key);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
