package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.server.Config;
import dev.emredis.internal.util.Glob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** CONFIG GET / SET / RESETSTAT / REWRITE / HELP over the parameters declared in ConfigParams. */
public final class ConfigCommands {
    private ConfigCommands() {}

    public static void register(CommandRegistry r) {
        r.add("config|get", ConfigCommands::get);
        r.add("config|set", ConfigCommands::set);
        r.add("config|resetstat", ConfigCommands::resetstat);
        r.add("config|rewrite", c -> {
            throw new RedisError(Errors.CONFIG_NO_FILE);
        });
        r.add("config|help", ConfigCommands::help);
    }

    /**
     * CONFIG GET pattern [pattern ...]: a name without glob characters is looked up directly
     * (and answered under the spelling asked for); a pattern matches every name and alias,
     * case-insensitively. Each name appears once.
     */
    static void get(Ctx c) {
        Config cfg = c.server.config();
        Map<String, String> matches = new LinkedHashMap<>(); // lower-case name -> reply key
        Map<String, Config.Param> params = new LinkedHashMap<>();
        for (int i = 2; i < c.argc(); i++) {
            String name = c.str(i);
            if (!hasGlob(name)) {
                String k = name.toLowerCase(Locale.ROOT);
                if (matches.containsKey(k)) continue;
                Config.Param p = cfg.param(name);
                if (p != null) {
                    matches.put(k, name);
                    params.put(k, p);
                }
                continue;
            }
            byte[] pat = c.arg(i);
            for (Map.Entry<String, Config.Param> e : cfg.namesAndAliases().entrySet()) {
                String n = e.getKey();
                if (matches.containsKey(n)) continue;
                if (Glob.match(pat, n.getBytes(StandardCharsets.UTF_8), true)) {
                    matches.put(n, n);
                    params.put(n, e.getValue());
                }
            }
        }
        c.out.map(matches.size());
        for (Map.Entry<String, String> e : matches.entrySet()) {
            c.out.bulk(e.getValue());
            c.out.bulk(params.get(e.getKey()).value());
        }
    }

    private static boolean hasGlob(String s) {
        return s.indexOf('[') >= 0 || s.indexOf('*') >= 0 || s.indexOf('?') >= 0;
    }

    /**
     * CONFIG SET name value [name value ...]: all names are checked first (unknown, immutable,
     * protected, duplicate), then every value is validated; any failure leaves all values as
     * they were. Changes take effect together at the end.
     */
    static void set(Ctx c) {
        if ((c.argc() & 1) != 0) throw new RedisError(Errors.SYNTAX);
        Config cfg = c.server.config();
        int n = (c.argc() - 2) / 2;
        List<Config.Param> ps = new ArrayList<>();
        List<String> entryNames = new ArrayList<>();
        String invalidName = null;
        String errName = null;
        String errStr = null;
        boolean invalid = false;
        for (int i = 0; i < n; i++) {
            String name = c.str(2 + i * 2);
            Config.Param p = cfg.param(name);
            if (p == null) {
                if (!invalid) {
                    invalidName = name;
                    invalid = true;
                }
                continue;
            }
            if (invalid) continue;
            if (p.immutable || p.protectedConfig) {
                errStr = p.immutable ? "can't set immutable config" : "can't set protected config";
                errName = name;
                invalid = true;
                continue;
            }
            // An alias is its own entry in Redis's table: only the same spelling is a duplicate.
            String entry = name.toLowerCase(Locale.ROOT);
            if (entryNames.contains(entry)) {
                errStr = "duplicate parameter";
                errName = name;
                invalid = true;
            }
            ps.add(p);
            entryNames.add(entry);
        }
        if (invalid) {
            if (invalidName != null) throw new RedisError(Errors.configSetUnknown(invalidName));
            throw new RedisError(Errors.configSetFailed(errName, errStr));
        }
        // Validate every value (later pairs of the same parameter win, as Redis sets them in order).
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            Config.Param p = ps.get(i);
            try {
                values[i] = cfg.normalize(p, c.str(3 + i * 2));
            } catch (IllegalArgumentException e) {
                throw new RedisError(Errors.configSetFailed(entryNames.get(i), e.getMessage()));
            }
        }
        for (int i = 0; i < n; i++) cfg.apply(ps.get(i), values[i]);
        c.ok();
    }

    static void resetstat(Ctx c) {
        c.server.stats().reset();
        c.ok();
    }

    private static final String[] HELP = {
        "GET <pattern>",
        "    Return parameters matching the glob-like <pattern> and their values.",
        "SET <directive> <value>",
        "    Set the configuration <directive> to <value>.",
        "RESETSTAT",
        "    Reset statistics reported by the INFO command.",
        "REWRITE",
        "    Rewrite the configuration file.",
    };

    static void help(Ctx c) {
        CommandCommands.writeHelp(c, HELP);
    }
}
