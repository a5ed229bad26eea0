package dev.emredis.internal.command;

import dev.emredis.internal.json.Json;
import dev.emredis.internal.spi.RuntimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The single source of command metadata. Arity, flags, key positions, ACL categories and docs
 * come from Redis 7.0.15's own COMMAND INFO/DOCS (the {@code commands.json} resource, plus
 * {@code commands-extra.json} for the few later commands clients send); handlers are bound by the
 * explicit registration list in {@link CommandGroups} and by runtime modules found with
 * {@link ServiceLoader}. Only implemented commands are in the table.
 */
public final class CommandTable {
    private static volatile CommandTable standard;

    private final Map<String, CommandSpec> commands;
    private final int statsSlots;
    /** Open-addressing index over lower-case names, probed with the raw argv[0] bytes (no allocation). */
    private final byte[][] indexNames;
    private final CommandSpec[] indexSpecs;

    private CommandTable(Map<String, CommandSpec> commands, int statsSlots) {
        this.commands = commands;
        this.statsSlots = statsSlots;
        int cap = Integer.highestOneBit(Math.max(16, commands.size() * 4));
        indexNames = new byte[cap][];
        indexSpecs = new CommandSpec[cap];
        for (CommandSpec spec : commands.values()) {
            byte[] n = spec.name.getBytes(StandardCharsets.US_ASCII);
            int i = lowerHash(n) & (cap - 1);
            while (indexNames[i] != null) i = (i + 1) & (cap - 1);
            indexNames[i] = n;
            indexSpecs[i] = spec;
        }
    }

    private static int lowerHash(byte[] b) {
        int h = 0;
        for (byte x : b) {
            int c = x;
            if (c >= 'A' && c <= 'Z') c += 32;
            h = 31 * h + c;
        }
        return h ^ (h >>> 16);
    }

    private static boolean equalsLower(byte[] lowerName, byte[] raw) {
        if (lowerName.length != raw.length) return false;
        for (int i = 0; i < raw.length; i++) {
            int c = raw[i];
            if (c >= 'A' && c <= 'Z') c += 32;
            if (c != lowerName[i]) return false;
        }
        return true;
    }

    /** The table with every group of core and every runtime module on the class path; built once per JVM. */
    public static CommandTable standard() {
        CommandTable t = standard;
        if (t == null) {
            synchronized (CommandTable.class) {
                t = standard;
                if (t == null) {
                    Builder b = new Builder();
                    CommandGroups.registerAll(b);
                    for (RuntimeModule m : ServiceLoader.load(RuntimeModule.class, CommandTable.class.getClassLoader())) {
                        m.registerCommands(b);
                    }
                    standard = t = b.build();
                }
            }
        }
        return t;
    }

    /** Looks up a top-level command by (any case) name. */
    public CommandSpec get(String name) {
        return commands.get(name.toLowerCase(Locale.ROOT));
    }

    public CommandSpec get(byte[] name) {
        int mask = indexNames.length - 1;
        for (int i = lowerHash(name) & mask; indexNames[i] != null; i = (i + 1) & mask) {
            if (equalsLower(indexNames[i], name)) return indexSpecs[i];
        }
        return null;
    }

    public Collection<CommandSpec> all() {
        return commands.values();
    }

    public int size() {
        return commands.size();
    }

    public int statsSlots() {
        return statsSlots;
    }

    static String lower(byte[] b) {
        char[] c = new char[b.length];
        for (int i = 0; i < b.length; i++) {
            int x = b[i] & 0xff;
            c[i] = (char) (x >= 'A' && x <= 'Z' ? x + 32 : x);
        }
        return new String(c);
    }

    /** Where command groups and runtime modules register their handlers. */
    public static final class Builder implements CommandRegistry {
        private final Map<String, List<Object>> infoByName = new HashMap<>();
        private final Map<String, Map<String, Object>> docsByName = new HashMap<>();
        private final Map<String, CommandHandler> handlers = new LinkedHashMap<>();

        Builder() {
            load("commands.json");
            load("commands-extra.json");
        }

        private void load(String resource) {
            try (InputStream in = CommandTable.class.getResourceAsStream(resource)) {
                if (in == null) return;
                addMetadata(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public void addMetadata(String json) {
            {
                Map<String, Object> root = (Map<String, Object>) Json.parse(json);
                for (Object o : (List<Object>) root.get("command_info")) {
                    List<Object> info = (List<Object>) o;
                    String name = (String) info.get(0);
                    List<Object> known = infoByName.get(name);
                    // A container repeated in commands-extra.json adds its later subcommands to Redis 7.0's list.
                    if (known != null) ((List<Object>) known.get(9)).addAll((List<Object>) info.get(9));
                    else infoByName.put(name, info);
                    for (Object s : (List<Object>) info.get(9)) {
                        List<Object> sub = (List<Object>) s;
                        infoByName.put((String) sub.get(0), sub);
                    }
                }
                Map<String, Object> docs = (Map<String, Object>) root.get("command_docs");
                for (Map.Entry<String, Object> e : docs.entrySet()) {
                    Map<String, Object> d = (Map<String, Object>) e.getValue();
                    Map<String, Object> knownDocs = docsByName.get(e.getKey());
                    if (knownDocs != null && knownDocs.get("subcommands") instanceof Map && d.get("subcommands") instanceof Map) {
                        ((Map<String, Object>) knownDocs.get("subcommands")).putAll((Map<String, Object>) d.get("subcommands"));
                    } else {
                        docsByName.put(e.getKey(), d);
                    }
                    Object subs = d.get("subcommands");
                    if (subs instanceof Map) {
                        for (Map.Entry<String, Object> se : ((Map<String, Object>) subs).entrySet()) {
                            docsByName.put(se.getKey(), (Map<String, Object>) se.getValue());
                        }
                    }
                }
            }
        }

        @Override
        public void add(String name, CommandHandler handler) {
            String n = name.toLowerCase(Locale.ROOT);
            if (!infoByName.containsKey(n)) throw new IllegalStateException("no Redis metadata for command " + n);
            if (handlers.putIfAbsent(n, handler) != null) throw new IllegalStateException("command registered twice: " + n);
        }

        CommandTable build() {
            // group subcommands under their containers
            Map<String, Map<String, CommandSpec>> subs = new TreeMap<>();
            int[] slot = {0};
            Map<String, CommandSpec> top = new TreeMap<>();
            for (Map.Entry<String, CommandHandler> e : handlers.entrySet()) {
                String n = e.getKey();
                int bar = n.indexOf('|');
                if (bar < 0) continue;
                String container = n.substring(0, bar);
                subs.computeIfAbsent(container, k -> new TreeMap<>())
                        .put(n.substring(bar + 1), spec(n, container, e.getValue(), Map.of(), slot[0]++));
            }
            for (Map.Entry<String, CommandHandler> e : handlers.entrySet()) {
                String n = e.getKey();
                if (n.indexOf('|') >= 0) continue;
                top.put(n, spec(n, null, e.getValue(), Map.of(), slot[0]++));
            }
            for (Map.Entry<String, Map<String, CommandSpec>> e : subs.entrySet()) {
                // A container may also run alone (COMMAND without a subcommand): keep its handler.
                CommandSpec alone = top.get(e.getKey());
                CommandHandler h = alone == null ? null : alone.handler;
                int s = alone == null ? slot[0]++ : alone.statsIndex;
                top.put(e.getKey(), spec(e.getKey(), null, h, e.getValue(), s));
            }
            return new CommandTable(Collections.unmodifiableMap(new LinkedHashMap<>(top)), slot[0]);
        }

        @SuppressWarnings("unchecked")
        private CommandSpec spec(String name, String container, CommandHandler h, Map<String, CommandSpec> subcommands, int slot) {
            List<Object> info = infoByName.get(name);
            long flags = 0;
            for (Object f : (List<Object>) info.get(2)) flags |= CommandFlags.parse((String) f);
            List<String> acl = new ArrayList<>();
            for (Object a : (List<Object>) info.get(6)) acl.add((String) a);
            return new CommandSpec(name, container, ((Long) info.get(1)).intValue(), flags,
                    ((Long) info.get(3)).intValue(), ((Long) info.get(4)).intValue(), ((Long) info.get(5)).intValue(),
                    acl, info, docsByName.getOrDefault(name, Map.of()), new LinkedHashMap<>(subcommands), h, slot);
        }
    }
}
