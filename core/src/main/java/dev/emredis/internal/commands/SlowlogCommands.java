package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.server.Diagnostics;
import dev.emredis.internal.util.Num;
import java.util.Iterator;

/** SLOWLOG GET/LEN/RESET/HELP over the entries {@link Diagnostics} records after each command. */
public final class SlowlogCommands {
    private SlowlogCommands() {}

    private static final String[] HELP = {
            "GET [<count>]",
            "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
            "    Entries are made of:",
            "    id, timestamp, time in microseconds, arguments array, client IP and port,",
            "    client name",
            "LEN",
            "    Return the length of the slowlog.",
            "RESET",
            "    Reset the slowlog.",
    };

    public static void register(CommandRegistry r) {
        r.add("slowlog|get", SlowlogCommands::get);
        r.add("slowlog|len", c -> c.out.integer(c.server.diagnostics.slowlog.size()));
        r.add("slowlog|reset", c -> {
            c.server.diagnostics.slowlog.clear();
            c.ok();
        });
        r.add("slowlog|help", c -> ServerCommands.help(c, HELP));
    }

    /** SLOWLOG GET [count]: newest first; default 10, -1 for all. */
    static void get(Ctx c) {
        if (c.argc() > 3) throw ServerCommands.subcommandSyntax(c);
        var log = c.server.diagnostics.slowlog;
        long count = 10;
        if (c.argc() == 3) {
            Long v = Num.parseLong(c.arg(2));
            if (v == null || v < -1) throw new RedisError(Errors.SLOWLOG_COUNT);
            count = v == -1 ? log.size() : v;
        }
        int n = (int) Math.min(count, log.size());
        c.out.array(n);
        Iterator<Diagnostics.SlowlogEntry> it = log.iterator();
        for (int i = 0; i < n; i++) {
            Diagnostics.SlowlogEntry e = it.next();
            c.out.array(6);
            c.out.integer(e.id());
            c.out.integer(e.unixSeconds());
            c.out.integer(e.micros());
            c.out.array(e.argv().length);
            for (byte[] a : e.argv()) c.out.bulk(a);
            c.out.bulk(e.peer());
            c.out.bulk(e.name());
        }
    }
}
