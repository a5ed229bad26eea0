package dev.emredis.js;

import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.server.Client;
import java.nio.charset.StandardCharsets;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.Scriptable;

/**
 * TFCALL / TFCALLASYNC {@code <library>.<function> <numkeys> keys... args...}: the checks of
 * §3.4 in their order, then the dispatch of §4 (coroutines on the library queue with the client
 * blocked; plain functions on the event loop, rules S1–S4).
 */
final class TFCallCommand {
    private TFCallCommand() {}

    static void tfcall(Ctx c) {
        run(c, false);
    }

    static void tfcallAsync(Ctx c) {
        run(c, true);
    }

    private static void run(Ctx c, boolean async) {
        String target = new String(c.arg(1), StandardCharsets.UTF_8);
        String[] parts = target.split("\\.", -1);
        if (parts.length < 2) throw new RedisError(Errors.TF_NO_FUNCTION_NAME);
        long numkeys = parseUnsigned(c.arg(2));
        Gears g = Gears.of(c.server);
        Library lib = g.libraries.get(parts[0]);
        if (lib == null) throw new RedisError(Errors.tfUnknownLibrary(parts[0]));
        JsFunction f = lib.functions.get(parts[1]);
        if (f == null) throw new RedisError(Errors.tfUnknownFunction(parts[1]));
        boolean noWrites = f.has(JsFunction.NO_WRITES);
        if (!noWrites && (c.server.replication.isReplica() || c.server.pause.type() == dev.emredis.internal.server.ClientPause.WRITE)) {
            throw new RedisError(Errors.TF_WRITE_ON_REPLICA);
        }
        if (g.oom() && !noWrites && !f.has(JsFunction.ALLOW_OOM)) throw new RedisError(Errors.TF_OOM);
        int rest = c.argc() - 3;
        if (rest < numkeys) throw new RedisError(Errors.tfNotEnoughArgs(numkeys, rest));
        if (f.asyncRegistration && !async) throw new RedisError(Errors.TF_ASYNC_IN_TFCALL);
        // a library terminated for memory stays refused until its heap estimate is back under its limit
        if (JsMemory.stillOom(g, lib)) throw new RedisError(Errors.TF_JS_OOM);
        boolean blockAllowed = async && !c.client.inMulti && !c.fromScript;
        Client caller = c.client;
        if (f.coroutine && !blockAllowed) throw new RedisError(Errors.TF_CANNOT_BLOCK);
        byte[][] raw = new byte[rest][];
        System.arraycopy(c.argv, 3, raw, 0, rest);
        Object[] decoded = null;
        if (!f.has(JsFunction.RAW_ARGUMENTS)) {
            decoded = new Object[rest];
            for (int i = 0; i < rest; i++) {
                decoded[i] = Convert.utf8(raw[i]);
                if (decoded[i] == null) throw new RedisError(Errors.TF_ARG_NOT_STRING);
            }
        }
        // functions run as the invoking user (ACL-checked per command); triggers as the library's
        Invocation inv = new Invocation(g, lib, f.flags, caller.db, caller.user, blockAllowed, false);
        if (f.coroutine) {
            runCoroutine(c, g, lib, f, inv, decoded, raw);
            return;
        }
        Object[] decodedArgs = decoded;
        Object tree;
        try {
            tree = runPlain(c, g, lib, f, inv, decodedArgs, raw, blockAllowed);
        } catch (JsEngine.Timeout e) {
            inv.valid = false;
            tree = new ReplyCapture.Err(Errors.TF_TIMEOUT);
        }
        if (tree != null) reply(c, tree);
    }

    private static Object runPlain(Ctx c, Gears g, Library lib, JsFunction f, Invocation inv, Object[] decodedArgs,
            byte[][] raw, boolean blockAllowed) {
        Client caller = c.client;
        return Exec.locked(g, lib, cx -> {
            Object result;
            try {
                result = f.callback.call(cx, lib.scope, lib.scope,
                        Exec.callbackArgs(cx, lib, Clients.sync(cx, inv), decodedArgs, raw));
            } catch (RuntimeException | StackOverflowError e) {
                inv.valid = false;
                return new ReplyCapture.Err(Convert.errorText(e));
            } finally {
                inv.valid = false;
            }
            Exec.drain(cx, lib);
            if (!Exec.isPromise(cx, lib, result)) return Convert.fromJs(cx, lib, result);
            switch (Exec.state(cx, lib, result)) {
                case Exec.FULFILLED: return Convert.fromJs(cx, lib, Exec.value(cx, lib, result));
                case Exec.REJECTED: return new ReplyCapture.Err(Convert.valueText(Exec.value(cx, lib, result)));
                default:
                    if (!blockAllowed) return new ReplyCapture.Err(Errors.TF_CANNOT_BLOCK);
                    c.server.blocked.block(caller, 0, cl -> cl.out.nullBulk());
                    Exec.whenSettled(cx, lib, result, value -> Exec.replyLater(g, caller, value));
                    return null;
            }
        });
    }

    private static void runCoroutine(Ctx c, Gears g, Library lib, JsFunction f, Invocation inv, Object[] decoded, byte[][] raw) {
        Client caller = c.client;
        c.server.blocked.block(caller, 0, cl -> cl.out.nullBulk());
        Exec.background(lib, cx -> {
            Object result;
            try {
                result = f.callback.call(cx, lib.scope, lib.scope, Exec.callbackArgs(cx, lib, Clients.async(cx, inv), decoded, raw));
            } catch (RuntimeException | StackOverflowError e) {
                Exec.replyLater(g, caller, new ReplyCapture.Err(Convert.errorText(e)));
                return;
            }
            if (Exec.isPromise(cx, lib, result)) {
                Exec.whenSettled(cx, lib, result, value -> Exec.replyLater(g, caller, value));
            } else {
                Exec.replyLater(g, caller, Convert.fromJs(cx, lib, result));
            }
        });
    }

    private static void reply(Ctx c, Object tree) {
        if (tree instanceof ReplyCapture.Err) c.error(Convert.sanitize(((ReplyCapture.Err) tree).text()));
        else Convert.write(c.out, tree);
    }

    /** numkeys as Rust parses a usize: digits only (a leading '+' allowed), with its error texts. */
    private static long parseUnsigned(byte[] b) {
        if (b.length == 0) throw new RedisError(Errors.TF_EMPTY_INTEGER);
        int i = b[0] == '+' && b.length > 1 ? 1 : 0;
        long v = 0;
        boolean overflow = false;
        for (; i < b.length; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) throw new RedisError(Errors.TF_INVALID_DIGIT);
            if (v > (Long.MAX_VALUE - d) / 10) overflow = true;
            else v = v * 10 + d;
        }
        if (overflow) throw new RedisError(Errors.TF_INTEGER_TOO_LARGE);
        return v;
    }
}
