package dev.emredis.internal.command;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One command or subcommand: Redis's metadata (from the 7.0.15 COMMAND INFO/DOCS resource) bound
 * to the handler that implements it. Immutable once the table is built.
 */
public final class CommandSpec {
    /** Lower case; subcommands are {@code container|sub} as COMMAND INFO names them. */
    public final String name;
    /** The container's name for a subcommand, else null. */
    public final String container;
    public final int arity;
    public final long flags;
    public final int firstKey;
    public final int lastKey;
    public final int keyStep;
    public final List<String> aclCategories;
    /** The raw COMMAND INFO entry (10-element list) and COMMAND DOCS map, for rendering. */
    public final List<Object> info;
    public final Map<String, Object> docs;
    /** Implemented subcommands by lower-case name (empty for plain commands). */
    public final Map<String, CommandSpec> subcommands;
    public final CommandHandler handler;
    /** Index in the server's per-command statistics arrays. */
    public final int statsIndex;

    CommandSpec(String name, String container, int arity, long flags, int firstKey, int lastKey, int keyStep,
                List<String> aclCategories, List<Object> info, Map<String, Object> docs,
                Map<String, CommandSpec> subcommands, CommandHandler handler, int statsIndex) {
        this.name = name;
        this.container = container;
        this.arity = arity;
        this.flags = flags;
        this.firstKey = firstKey;
        this.lastKey = lastKey;
        this.keyStep = keyStep;
        this.aclCategories = List.copyOf(aclCategories);
        this.info = info;
        this.docs = docs;
        this.subcommands = Collections.unmodifiableMap(subcommands);
        this.handler = handler;
        this.statsIndex = statsIndex;
    }

    public boolean has(long flag) {
        return (flags & flag) != 0;
    }

    public boolean isContainer() {
        return !subcommands.isEmpty();
    }

    /** True if argc satisfies the arity (negative: at least |arity|). */
    public boolean arityOk(int argc) {
        return arity > 0 ? argc == arity : argc >= -arity;
    }

    @Override
    public String toString() {
        return name;
    }
}
