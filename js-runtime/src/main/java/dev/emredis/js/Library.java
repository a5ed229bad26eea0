package dev.emredis.js;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.Scriptable;

/**
 * A loaded library: its code, configuration and user, one JS global scope, what it registered,
 * the lock that lets one thread at a time run its JS, and its FIFO job queue.
 */
final class Library {
    final String name;
    final String code;
    final String apiVersion;
    final String config;
    final String user;
    final Scriptable scope;
    final Scriptable api;
    /** Constructors captured before the library code ran (it may overwrite the globals). */
    Function setCtor;
    Function arrayBufferCtor;
    Function stringCtor;
    final Map<String, JsFunction> functions = new LinkedHashMap<>();
    final Map<String, org.mozilla.javascript.Function> clusterFunctions = new LinkedHashMap<>();
    final Map<String, Triggers.KeyspaceTrigger> keyspaceTriggers = new LinkedHashMap<>();
    final Map<String, Triggers.StreamTrigger> streamTriggers = new LinkedHashMap<>();
    /** Commands issued with callAsync that are still blocked ("blpop l 0"). */
    final List<String> pendingAsyncCalls = java.util.Collections.synchronizedList(new ArrayList<>());
    /** One JS thread at a time per library (V8 isolate lock). */
    final ReentrantLock jsLock = new ReentrantLock();
    final JobQueue jobs;
    /** The estimated JS heap and its limit (v8-* configs). */
    final JsMemory.State memory = new JsMemory.State();
    /** True while the library code is being evaluated: the only time register* is allowed. */
    boolean loading = true;
    /** False once deleted or replaced: block() then fails with "Function were unregistered". */
    volatile boolean alive = true;

    Library(String name, String code, String apiVersion, String config, String user, Scriptable scope, Scriptable api,
            JobQueue jobs) {
        this.name = name;
        this.code = code;
        this.apiVersion = apiVersion;
        this.config = config;
        this.user = user;
        this.scope = scope;
        this.api = api;
        this.jobs = jobs;
    }

    boolean registeredSomething() {
        return !functions.isEmpty() || !keyspaceTriggers.isEmpty() || !streamTriggers.isEmpty();
    }
}
