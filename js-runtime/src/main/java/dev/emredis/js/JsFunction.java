package dev.emredis.js;

import org.mozilla.javascript.Function;

/** A function a library registered: registerFunction (sync) or registerAsyncFunction (async). */
final class JsFunction {
    static final int NO_WRITES = 1;
    static final int ALLOW_OOM = 2;
    static final int RAW_ARGUMENTS = 4;

    final String name;
    final Function callback;
    final int flags;
    final String description;
    /** Registered with registerAsyncFunction (whatever the callback is). */
    final boolean asyncRegistration;
    /** The callback is an async function (a coroutine). */
    final boolean coroutine;

    JsFunction(String name, Function callback, int flags, String description, boolean asyncRegistration, boolean coroutine) {
        this.name = name;
        this.callback = callback;
        this.flags = flags;
        this.description = description;
        this.asyncRegistration = asyncRegistration;
        this.coroutine = coroutine;
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }
}
