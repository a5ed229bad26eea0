package dev.emredis.internal.acl;

import dev.emredis.internal.command.CommandTable;
import dev.emredis.internal.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command universe ACL rules are written against: every command and subcommand of Redis
 * 7.0.15 (its "original command table"), implemented by the emulator or not, each with an id (a
 * bit in a selector's bitmap) and its ACL categories. Category rules, ACL CAT and the rendering
 * of rules count over this whole table, as Redis does, so the rule strings match real Redis.
 * Built once per JVM from the {@code commands.json} resource (Redis 7.0.15's COMMAND INFO).
 */
public final class AclCommandSet {
    /** Redis's ACL categories, in the order Redis lists and renders them. */
    public static final List<String> CATEGORIES = List.of("keyspace", "read", "write", "set", "sortedset", "list",
            "hash", "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking",
            "dangerous", "connection", "transaction", "scripting");

    /** One command or subcommand. */
    public static final class Cmd {
        public final int id;
        /** "get", or "config|get" for a subcommand. */
        public final String fullName;
        public final Cmd parent;
        public final List<Cmd> subs = new ArrayList<>();
        /** Bit i set: in category CATEGORIES.get(i). */
        public final int categories;

        Cmd(int id, String fullName, Cmd parent, int categories) {
            this.id = id;
            this.fullName = fullName;
            this.parent = parent;
            this.categories = categories;
        }
    }

    private static volatile AclCommandSet instance;

    /** Top-level commands in table order (the order rules are rendered in). */
    public final List<Cmd> top = new ArrayList<>();
    public final List<Cmd> byId = new ArrayList<>();
    private final Map<String, Cmd> byName = new HashMap<>();

    public static AclCommandSet get() {
        AclCommandSet a = instance;
        if (a == null) {
            synchronized (AclCommandSet.class) {
                a = instance;
                if (a == null) instance = a = new AclCommandSet();
            }
        }
        return a;
    }

    @SuppressWarnings("unchecked")
    private AclCommandSet() {
        try (InputStream in = CommandTable.class.getResourceAsStream("commands.json")) {
            Map<String, Object> root = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            for (Object o : (List<Object>) root.get("command_info")) {
                List<Object> info = (List<Object>) o;
                Cmd c = add((String) info.get(0), null, (List<Object>) info.get(6));
                top.add(c);
                for (Object s : (List<Object>) info.get(9)) {
                    List<Object> sub = (List<Object>) s;
                    c.subs.add(add((String) sub.get(0), c, (List<Object>) sub.get(6)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Cmd add(String name, Cmd parent, List<Object> cats) {
        int bits = 0;
        for (Object cat : cats) {
            int i = CATEGORIES.indexOf(((String) cat).substring(1));
            if (i >= 0) bits |= 1 << i;
        }
        Cmd c = new Cmd(byId.size(), name, parent, bits);
        byId.add(c);
        byName.put(name, c);
        return c;
    }

    public int size() {
        return byId.size();
    }

    /** The command by full name ("get", "config|get"), or null. */
    public Cmd byFullName(String lowerName) {
        return byName.get(lowerName);
    }

    /**
     * Redis's lookupCommandBySds in strict mode: "name" or "container|sub" (any case); a "|" on a
     * command without subcommands, or more than one "|", finds nothing.
     */
    public Cmd lookup(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        String[] parts = n.split("\\|", -1);
        if (parts.length < 1 || parts.length > 2) return null;
        Cmd base = byName.get(parts[0]);
        if (base == null || base.parent != null) return null;
        if (parts.length == 1) return base;
        if (base.subs.isEmpty()) return null;
        Cmd sub = byName.get(n);
        return sub != null && sub.parent == base ? sub : null;
    }

    /** The category's bit index, or -1 (case-insensitive, as Redis). */
    public static int category(String name) {
        for (int i = 0; i < CATEGORIES.size(); i++) if (CATEGORIES.get(i).equalsIgnoreCase(name)) return i;
        return -1;
    }
}
