package dev.emredis.internal.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Server configuration as CONFIG GET/SET see it: every parameter with Redis's default, its
 * aliases, a validator that returns Redis's error text (or null), and an optional action that
 * makes the value take effect. Parameters are declared in {@link ConfigParams}.
 */
public final class Config {
    /** One parameter. */
    public static final class Param {
        public final String name;
        public final String defaultValue;
        public final List<String> aliases = new ArrayList<>();
        /** Returns the canonical value to store, or throws IllegalArgumentException with the reason. */
        Function<String, String> normalizer = v -> v;
        Runnable onChange = () -> { };
        public boolean immutable;
        /** CONFIG SET refuses it unless enable-protected-configs allows (dir, dbfilename). */
        public boolean protectedConfig;
        public boolean sensitive;
        /** The value is split on spaces before validation (save, bind, client-output-buffer-limit...). */
        public boolean multiArg;
        String value;
        /** The value parsed as a number, cached for the event loop's per-read checks. */
        long longValue = Long.MIN_VALUE;

        Param(String name, String defaultValue) {
            this.name = name;
            this.defaultValue = defaultValue;
            this.value = defaultValue;
        }

        public Param alias(String a) {
            aliases.add(a);
            return this;
        }

        public Param normalizer(Function<String, String> f) {
            normalizer = f;
            return this;
        }

        public Param onChange(Runnable r) {
            onChange = r;
            return this;
        }

        public Param immutable() {
            immutable = true;
            return this;
        }

        public Param protectedConfig() {
            protectedConfig = true;
            return this;
        }

        public Param sensitive() {
            sensitive = true;
            return this;
        }

        public Param multiArg() {
            multiArg = true;
            return this;
        }

        public String value() {
            return value;
        }
    }

    private final Map<String, Param> params = new LinkedHashMap<>();
    private final Map<String, Param> byAnyName = new LinkedHashMap<>();

    public Param define(String name, String defaultValue) {
        Param p = new Param(name, defaultValue);
        params.put(name, p);
        byAnyName.put(name, p);
        return p;
    }

    /** Declares an alias (slave-priority for replica-priority): same value, listed by CONFIG GET under both names. */
    public void alias(String name, String alias) {
        Param p = params.get(name);
        p.alias(alias);
        byAnyName.put(alias, p);
    }

    /** True if {@code anyName} is the alias spelling of its parameter (Redis treats it as its own entry). */
    public boolean isAlias(String anyName) {
        Param p = param(anyName);
        return p != null && !p.name.equals(anyName.toLowerCase(Locale.ROOT));
    }

    public Param param(String anyName) {
        return byAnyName.get(anyName.toLowerCase(Locale.ROOT));
    }

    public Iterable<Param> all() {
        return params.values();
    }

    /** All names, aliases included, with their parameter (for CONFIG GET pattern matching). */
    public Map<String, Param> namesAndAliases() {
        return byAnyName;
    }

    public String get(String name) {
        Param p = param(name);
        return p == null ? null : p.value;
    }

    /** Numeric value; unsigned 64-bit values above Long.MAX_VALUE (maxmemory) come back as Long.MAX_VALUE. */
    public long getLong(String name) {
        Param p = param(name);
        if (p == null) throw new IllegalArgumentException("Unknown option '" + name + "'");
        return longOf(p);
    }

    /** A parameter's numeric value, parsed once per change (unsigned values past 2^63 read as Long.MAX_VALUE). */
    public long longOf(Param p) {
        long v = p.longValue;
        if (v == Long.MIN_VALUE) {
            try {
                v = Long.parseLong(p.value);
            } catch (NumberFormatException e) {
                v = Long.MAX_VALUE;
            }
            p.longValue = v;
        }
        return v;
    }

    public boolean getBool(String name) {
        return "yes".equals(get(name));
    }

    /**
     * Validates and stores without running the change action (CONFIG SET does validation of all
     * pairs first, then applies). Throws IllegalArgumentException with Redis's reason text.
     */
    public String normalize(Param p, String value) {
        return p.normalizer.apply(value);
    }

    /** Stores an already validated value and runs its action. */
    public void apply(Param p, String canonical) {
        p.value = canonical;
        p.longValue = Long.MIN_VALUE;
        p.onChange.run();
    }

    /** Sets a value directly (builder options, tests); throws if invalid. */
    public void set(String name, String value) {
        Param p = param(name);
        if (p == null) throw new IllegalArgumentException("Unknown option '" + name + "'");
        apply(p, normalize(p, value));
    }
}
