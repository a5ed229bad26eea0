package dev.emredis.js;

import dev.emredis.internal.command.CommandSpec;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.server.Client;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * client.callAsync: the command runs on the event loop now, on its own connection-less client in
 * RESP3, allowed to block (BLPOP on an empty list waits like a socket client's would). Its reply
 * is handed to {@code onReply} (which settles the promise through the library's job queue) as
 * soon as it exists: at once, or when the blocked command is served. Blocked calls are listed in
 * TFUNCTION LIST's pending_async_calls.
 */
final class AsyncCalls {
    private static final class Pending {
        final Client client;
        final Library lib;
        final String text;
        final Consumer<Object> onReply;

        Pending(Client client, Library lib, String text, Consumer<Object> onReply) {
            this.client = client;
            this.lib = lib;
            this.text = text;
            this.onReply = onReply;
        }
    }

    private final Gears gears;
    private final List<Pending> pending = new ArrayList<>();
    private boolean checkScheduled;

    AsyncCalls(Gears gears) {
        this.gears = gears;
    }

    void run(Invocation inv, byte[][] argv, Consumer<Object> onReply) {
        String refused = gears.checkCommand(inv, argv);
        if (refused != null) {
            onReply.accept(new ReplyCapture.Err(refused));
            return;
        }
        CommandSpec spec = gears.server.pipeline().lookup(argv);
        Client ac = gears.server.newClient(null);
        ac.db = inv.db;
        ac.user = inv.user;
        ac.out.protocol(3);
        gears.jsCommandDepth++;
        try {
            gears.server.pipeline().call(new Ctx(gears.server, ac, argv, ac.out, spec, false));
        } finally {
            gears.jsCommandDepth--;
        }
        if (gears.server.blocked.isBlocked(ac)) {
            StringBuilder text = new StringBuilder();
            for (byte[] a : argv) {
                if (text.length() > 0) text.append(' ');
                text.append(new String(a, StandardCharsets.UTF_8));
            }
            Pending p = new Pending(ac, inv.lib, text.toString(), onReply);
            pending.add(p);
            inv.lib.pendingAsyncCalls.add(p.text);
            return;
        }
        onReply.accept(reply(ac));
    }

    private static Object reply(Client ac) {
        ReplyCapture cap = new ReplyCapture();
        cap.raw(Arrays.copyOf(ac.out.buffer(), ac.out.size()));
        ac.out.clear();
        return cap.result();
    }

    /** After a command: blocked calls it served get their reply (after Redis served the keys). */
    void afterCommand() {
        if (pending.isEmpty() || checkScheduled) return;
        checkScheduled = true;
        gears.loop().execute(this::check);
    }

    void check() {
        checkScheduled = false;
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (gears.server.blocked.isBlocked(p.client)) continue;
            it.remove();
            p.lib.pendingAsyncCalls.remove(p.text);
            p.onReply.accept(reply(p.client));
        }
    }

    /** A deleted library's blocked calls are cancelled: their promises reject (Function were unregistered). */
    void forget(Library lib) {
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.lib != lib) continue;
            it.remove();
            lib.pendingAsyncCalls.remove(p.text);
            gears.server.blocked.unblock(p.client);
            p.onReply.accept(new ReplyCapture.Err(JsTexts.UNREGISTERED));
        }
    }
}
