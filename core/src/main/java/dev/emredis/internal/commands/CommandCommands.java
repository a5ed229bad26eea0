package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.CommandSpec;
import dev.emredis.internal.command.CommandTable;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.resp.ReplySink;
import dev.emredis.internal.util.Glob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * COMMAND and its subcommands, rendered from the command table. The metadata resource keeps
 * Redis's values but not its reply types or field order, so this class restores both as Redis's
 * addReplyCommandInfo / addReplyCommandDocs write them: flags, categories and key-spec flags are
 * sets of simple strings, tips and history are sets, key specs and docs are maps. Subcommands come
 * from the implemented subcommands of the spec, never from the raw metadata.
 */
public final class CommandCommands {
    private CommandCommands() {}

    public static void register(CommandRegistry r) {
        r.add("command", CommandCommands::command);
        r.add("command|count", c -> c.out.integer(c.server.table().size()));
        r.add("command|info", CommandCommands::info);
        r.add("command|docs", CommandCommands::docs);
        r.add("command|list", CommandCommands::list);
        r.add("command|getkeys", c -> KeyExtraction.reply(c, false));
        r.add("command|getkeysandflags", c -> KeyExtraction.reply(c, true));
        r.add("command|help", CommandCommands::help);
    }

    // COMMAND with subcommands is a container in the table; plain COMMAND (no argument) reaches
    // this handler only through a direct registration, which the table forbids for containers,
    // so the pipeline routes "COMMAND" alone here via the container's null handler. See lookup.
    static void command(Ctx c) {
        CommandTable t = c.server.table();
        c.out.array(t.size());
        for (CommandSpec s : t.all()) writeInfo(c.out, s);
    }

    static void info(Ctx c) {
        CommandTable t = c.server.table();
        if (c.argc() == 2) {
            c.out.array(t.size());
            for (CommandSpec s : t.all()) writeInfo(c.out, s);
            return;
        }
        c.out.array(c.argc() - 2);
        for (int i = 2; i < c.argc(); i++) {
            CommandSpec s = lookupBySds(t, c.str(i));
            if (s == null) c.out.nullBulk();
            else writeInfo(c.out, s);
        }
    }

    static void docs(Ctx c) {
        CommandTable t = c.server.table();
        List<CommandSpec> found = new ArrayList<>();
        if (c.argc() == 2) {
            found.addAll(t.all());
        } else {
            for (int i = 2; i < c.argc(); i++) {
                CommandSpec s = lookupBySds(t, c.str(i));
                if (s != null) found.add(s);
            }
        }
        c.out.map(found.size());
        for (CommandSpec s : found) {
            c.out.bulk(s.name);
            writeDocs(c.out, s);
        }
    }

    private static final String[] ACL_CATEGORIES = {
        "keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap",
        "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking", "dangerous",
        "connection", "transaction", "scripting",
    };

    static void list(Ctx c) {
        // COMMAND LIST [FILTERBY MODULE m|ACLCAT c|PATTERN p]: the filter must be exactly the
        // last three arguments; anything else is a syntax error.
        String type = null;
        String arg = null;
        for (int i = 2; i < c.argc(); i++) {
            int more = c.argc() - 1 - i;
            if (c.is(i, "filterby") && more == 2) {
                if (c.is(i + 1, "module")) type = "module";
                else if (c.is(i + 1, "aclcat")) type = "aclcat";
                else if (c.is(i + 1, "pattern")) type = "pattern";
                else throw new RedisError(Errors.SYNTAX);
                arg = c.str(i + 2);
                i += 2;
            } else {
                throw new RedisError(Errors.SYNTAX);
            }
        }
        String category = null;
        if ("aclcat".equals(type)) {
            for (String cat : ACL_CATEGORIES) if (cat.equalsIgnoreCase(arg)) category = "@" + cat;
        }
        List<String> names = new ArrayList<>();
        for (CommandSpec s : c.server.table().all()) {
            if (listed(s, type, arg, category)) names.add(s.name);
            for (CommandSpec sub : s.subcommands.values()) if (listed(sub, type, arg, category)) names.add(sub.name);
        }
        c.out.array(names.size());
        for (String n : names) c.out.bulk(n);
    }

    private static boolean listed(CommandSpec s, String type, String arg, String category) {
        if (type == null) return true;
        switch (type) {
            case "module": return false; // no modules are loaded
            case "aclcat": return category != null && s.aclCategories.contains(category);
            default:
                return Glob.match(arg.getBytes(StandardCharsets.UTF_8), s.name.getBytes(StandardCharsets.UTF_8), true);
        }
    }

    private static final String[] HELP = {
        "(no subcommand)",
        "    Return details about all Redis commands.",
        "COUNT",
        "    Return the total number of commands in this Redis server.",
        "LIST",
        "    Return a list of all commands in this Redis server.",
        "INFO [<command-name> ...]",
        "    Return details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "DOCS [<command-name> ...]",
        "    Return documentation details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "GETKEYS <full-command>",
        "    Return the keys from a full Redis command.",
        "GETKEYSANDFLAGS <full-command>",
        "    Return the keys and the access flags from a full Redis command.",
    };

    static void help(Ctx c) {
        writeHelp(c, HELP);
    }

    /** Redis's addReplyHelp: a header naming the command as typed (upper case), the lines, HELP. */
    public static void writeHelp(Ctx c, String[] lines) {
        ReplySink out = c.out;
        out.array(lines.length + 3);
        out.simple(c.str(0).toUpperCase(Locale.ROOT) + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String l : lines) out.simple(l);
        out.simple("HELP");
        out.simple("    Prints this help.");
    }

    /**
     * Redis's lookupCommandBySds: "name" or "container|sub" (one level), strict: a name with a
     * subcommand part must name a container's subcommand.
     */
    static CommandSpec lookupBySds(CommandTable t, String s) {
        String[] parts = s.split("\\|", -1);
        if (parts.length > 2 || s.isEmpty()) return null;
        CommandSpec base = t.get(parts[0]);
        if (parts.length == 1) return base;
        if (base == null || !base.isContainer()) return null;
        return base.subcommands.get(parts[1].toLowerCase(Locale.ROOT));
    }

    // --- COMMAND INFO entry ---

    @SuppressWarnings("unchecked")
    static void writeInfo(ReplySink out, CommandSpec s) {
        List<Object> info = s.info;
        out.array(10);
        out.bulk(s.name);
        out.integer(s.arity);
        statusSet(out, (List<Object>) info.get(2));
        out.integer((Long) info.get(3));
        out.integer((Long) info.get(4));
        out.integer((Long) info.get(5));
        statusSet(out, (List<Object>) info.get(6));
        bulkSet(out, (List<Object>) info.get(7));
        List<Object> specs = (List<Object>) info.get(8);
        out.set(specs.size());
        for (Object o : specs) writeKeySpec(out, (Map<String, Object>) o);
        if (s.subcommands.isEmpty()) {
            out.set(0);
        } else {
            out.array(s.subcommands.size());
            for (CommandSpec sub : s.subcommands.values()) writeInfo(out, sub);
        }
    }

    @SuppressWarnings("unchecked")
    private static void writeKeySpec(ReplySink out, Map<String, Object> ks) {
        Object notes = ks.get("notes");
        out.map(notes != null ? 4 : 3);
        if (notes != null) {
            out.bulk("notes");
            out.bulk((String) notes);
        }
        out.bulk("flags");
        statusSet(out, (List<Object>) ks.get("flags"));
        out.bulk("begin_search");
        Map<String, Object> bs = (Map<String, Object>) ks.get("begin_search");
        Map<String, Object> bspec = (Map<String, Object>) bs.get("spec");
        String bt = (String) bs.get("type");
        out.map(2);
        out.bulk("type");
        out.bulk(bt);
        out.bulk("spec");
        if ("index".equals(bt)) {
            out.map(1);
            out.bulk("index");
            out.integer((Long) bspec.get("index"));
        } else if ("keyword".equals(bt)) {
            out.map(2);
            out.bulk("keyword");
            out.bulk((String) bspec.get("keyword"));
            out.bulk("startfrom");
            out.integer((Long) bspec.get("startfrom"));
        } else {
            out.map(0);
        }
        out.bulk("find_keys");
        Map<String, Object> fk = (Map<String, Object>) ks.get("find_keys");
        Map<String, Object> fspec = (Map<String, Object>) fk.get("spec");
        String ft = (String) fk.get("type");
        out.map(2);
        out.bulk("type");
        out.bulk(ft);
        out.bulk("spec");
        if ("range".equals(ft)) {
            out.map(3);
            out.bulk("lastkey");
            out.integer((Long) fspec.get("lastkey"));
            out.bulk("keystep");
            out.integer((Long) fspec.get("keystep"));
            out.bulk("limit");
            out.integer((Long) fspec.get("limit"));
        } else if ("keynum".equals(ft)) {
            out.map(3);
            out.bulk("keynumidx");
            out.integer((Long) fspec.get("keynumidx"));
            out.bulk("firstkey");
            out.integer((Long) fspec.get("firstkey"));
            out.bulk("keystep");
            out.integer((Long) fspec.get("keystep"));
        } else {
            out.map(0);
        }
    }

    // --- COMMAND DOCS entry ---

    private static final String[] DOC_STRING_FIELDS_BEFORE_FLAGS = {"summary", "since"};

    @SuppressWarnings("unchecked")
    static void writeDocs(ReplySink out, CommandSpec s) {
        Map<String, Object> d = s.docs;
        int n = 1; // group is always there
        for (String k : new String[] {"summary", "since", "complexity", "module", "doc_flags",
                "deprecated_since", "replaced_by", "history", "arguments"}) {
            if (d.containsKey(k)) n++;
        }
        if (!s.subcommands.isEmpty()) n++;
        out.map(n);
        for (String k : DOC_STRING_FIELDS_BEFORE_FLAGS) bulkField(out, d, k);
        out.bulk("group");
        out.bulk(String.valueOf(d.getOrDefault("group", "server")));
        bulkField(out, d, "complexity");
        bulkField(out, d, "module");
        if (d.containsKey("doc_flags")) {
            out.bulk("doc_flags");
            statusSet(out, (List<Object>) d.get("doc_flags"));
        }
        bulkField(out, d, "deprecated_since");
        bulkField(out, d, "replaced_by");
        if (d.containsKey("history")) {
            List<Object> h = (List<Object>) d.get("history");
            out.bulk("history");
            out.set(h.size());
            for (Object e : h) {
                List<Object> pair = (List<Object>) e;
                out.array(2);
                out.bulk((String) pair.get(0));
                out.bulk((String) pair.get(1));
            }
        }
        if (d.containsKey("arguments")) {
            out.bulk("arguments");
            writeArgs(out, (List<Object>) d.get("arguments"));
        }
        if (!s.subcommands.isEmpty()) {
            out.bulk("subcommands");
            out.map(s.subcommands.size());
            for (CommandSpec sub : s.subcommands.values()) {
                out.bulk(sub.name);
                writeDocs(out, sub);
            }
        }
    }

    private static final String[] ARG_FIELDS = {"key_spec_index", "token", "summary", "since", "deprecated_since", "flags", "arguments"};

    @SuppressWarnings("unchecked")
    private static void writeArgs(ReplySink out, List<Object> args) {
        out.array(args.size());
        for (Object o : args) {
            Map<String, Object> a = (Map<String, Object>) o;
            int n = 2;
            for (String k : ARG_FIELDS) if (a.containsKey(k)) n++;
            out.map(n);
            bulkField(out, a, "name");
            bulkField(out, a, "type");
            if (a.containsKey("key_spec_index")) {
                out.bulk("key_spec_index");
                out.integer((Long) a.get("key_spec_index"));
            }
            bulkField(out, a, "token");
            bulkField(out, a, "summary");
            bulkField(out, a, "since");
            bulkField(out, a, "deprecated_since");
            if (a.containsKey("flags")) {
                out.bulk("flags");
                statusSet(out, (List<Object>) a.get("flags"));
            }
            if (a.containsKey("arguments")) {
                out.bulk("arguments");
                writeArgs(out, (List<Object>) a.get("arguments"));
            }
        }
    }

    private static void bulkField(ReplySink out, Map<String, Object> m, String k) {
        Object v = m.get(k);
        if (v == null) return;
        out.bulk(k);
        out.bulk(String.valueOf(v));
    }

    private static void statusSet(ReplySink out, List<Object> l) {
        out.set(l.size());
        for (Object o : l) out.simple((String) o);
    }

    private static void bulkSet(ReplySink out, List<Object> l) {
        out.set(l.size());
        for (Object o : l) out.bulk((String) o);
    }
}
