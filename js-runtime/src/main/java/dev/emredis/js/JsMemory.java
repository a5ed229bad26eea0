package dev.emredis.js;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import org.mozilla.javascript.Callable;
import org.mozilla.javascript.ConsString;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.NativeArray;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

/**
 * The {@code v8-*} memory limits on Rhino. The JVM has no heap per library, so each library gets
 * an <em>estimated</em> heap: the size of what its global scope (and, while it runs, its
 * interpreter frames) reaches, counted with fixed per-object/per-property/per-character costs,
 * minus what a fresh scope reaches, plus {@code v8-library-initial-memory-usage}.
 *
 * <p>Like V8's near-heap-limit callback, a library starts with {@code v8-library-initial-memory-limit}
 * and its limit grows by {@code v8-library-memory-usage-delta} while the limits of all libraries
 * stay within {@code v8-maxmemory}; past that the library is out of memory: under the {@code abort}
 * policy the running code is terminated ({@code Err Execution was terminated due to OOM or
 * timeout}) and the library stays in the OOM state, refusing new invocations with {@code JS engine
 * reached OOM state and can not run any more code}, until its estimate is back under its limit.
 *
 * <p>Measuring walks the object graph, so it is only done when the thread running the library's
 * JS has allocated (JVM per-thread allocation counter, checked by the instruction observer) more
 * than the room left under the limit since the last measure.
 */
final class JsMemory {
    private static final com.sun.management.ThreadMXBean THREADS = threads();
    /** Estimated costs, in bytes, of what the walk finds. */
    private static final long OBJECT = 48;
    private static final long PROPERTY = 40;
    private static final long ELEMENT = 16;
    private static final long STRING = 40;
    /** A walk stops counting after this many objects (the estimate is then a lower bound). */
    private static final int MAX_OBJECTS = 5_000_000;

    private JsMemory() {}

    private static com.sun.management.ThreadMXBean threads() {
        try {
            java.lang.management.ThreadMXBean b = ManagementFactory.getThreadMXBean();
            if (b instanceof com.sun.management.ThreadMXBean && ((com.sun.management.ThreadMXBean) b).isThreadAllocatedMemorySupported()) {
                com.sun.management.ThreadMXBean t = (com.sun.management.ThreadMXBean) b;
                if (!t.isThreadAllocatedMemoryEnabled()) t.setThreadAllocatedMemoryEnabled(true);
                return t;
            }
        } catch (RuntimeException | LinkageError ignored) {
            // no allocation counter: memory limits are not enforced
        }
        return null;
    }

    static boolean supported() {
        return THREADS != null;
    }

    private static long allocated() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** The memory state of one library (its estimate and its current limit). */
    static final class State {
        /** What a fresh scope measures, subtracted from every measure. */
        long baseline;
        /** The last estimate (initial usage included). */
        volatile long estimate;
        volatile long limit;
        /** Terminated for memory: new invocations are refused until the estimate drops. */
        volatile boolean oom;
    }

    /** What the instruction observer watches on one thread while a library's JS runs there. */
    static final class Watch {
        final Gears gears;
        final Library lib;
        final boolean locked;
        long allocatedAtMeasure;
        long allowance;

        Watch(Gears gears, Library lib, boolean locked) {
            this.gears = gears;
            this.lib = lib;
            this.locked = locked;
            this.allocatedAtMeasure = allocated();
            this.allowance = room(gears, lib);
        }
    }

    private static long room(Gears g, Library lib) {
        return Math.max(g.memoryDelta(), lib.memory.limit - lib.memory.estimate);
    }

    /** A new library: its baseline is what its fresh scope reaches; it starts at the initial usage and limit. */
    static void init(Gears g, Library lib) {
        State s = lib.memory;
        s.baseline = supported() ? measureRaw(null, lib.scope) : 0;
        s.estimate = g.initialUsage();
        s.limit = g.initialLimit();
    }

    static Watch watch(Gears g, Library lib, boolean locked) {
        return supported() ? new Watch(g, lib, locked) : null;
    }

    /** Called by the instruction observer: measures when enough was allocated, ends the code when out of memory. */
    static void check(Context cx, Watch w) {
        long now = allocated();
        if (now - w.allocatedAtMeasure <= w.allowance) return;
        State s = w.lib.memory;
        long estimate = measure(cx, w.lib);
        s.estimate = estimate;
        w.allocatedAtMeasure = allocated();
        if (estimate <= s.limit) {
            // mostly garbage: measure less often while it stays that way
            w.allowance = Math.min(Math.max(w.allowance * 2, room(w.gears, w.lib)), 64L << 20);
            return;
        }
        if (grow(w.gears, w.lib, estimate)) {
            w.allowance = room(w.gears, w.lib);
            return;
        }
        if (w.gears.killPolicy()) {
            w.gears.log("Fatal error policy do not allow to abort the script, server will be killed shortly.");
            w.allowance = Long.MAX_VALUE / 4;
            return;
        }
        s.oom = true;
        w.gears.log("JS engine reached OOM state, library " + w.lib.name + " estimated at " + estimate + " bytes, limit " + s.limit
                + " bytes; terminating the running code.");
        // holding the Redis lock: uncatchable termination; in the background: an exception the
        // coroutine sees (its promise is rejected with the termination text)
        if (w.locked) throw new JsEngine.OutOfMemory();
        w.allowance = room(w.gears, w.lib);
        throw Convert.jsError(dev.emredis.internal.command.Errors.TF_TIMEOUT);
    }

    /** Raises the library's limit by delta steps while the limits of all libraries stay within v8-maxmemory. */
    private static boolean grow(Gears g, Library lib, long estimate) {
        synchronized (g) {
            State s = lib.memory;
            long others = 0;
            for (Library l : g.libraries.values()) if (l != lib) others += l.memory.limit;
            long max = g.maxMemory();
            while (s.limit < estimate && others + s.limit + g.memoryDelta() <= max) s.limit += g.memoryDelta();
            return s.limit >= estimate;
        }
    }

    /**
     * Entry check of a library in the OOM state (TFCALL, triggers): true while it is still over its
     * limit (measured again without running code).
     */
    static boolean stillOom(Gears g, Library lib) {
        State s = lib.memory;
        if (!s.oom) return false;
        if (!supported()) return false;
        s.estimate = measure(null, lib);
        if (s.estimate <= s.limit || grow(g, lib, s.estimate)) s.oom = false;
        return s.oom;
    }

    /** The sum of the estimates of all libraries (TFUNCTION LOAD refuses a new one above v8-maxmemory). */
    static long total(Gears g) {
        long t = 0;
        for (Library l : g.libraries.values()) t += l.memory.estimate;
        return t;
    }

    static long measure(Context cx, Library lib) {
        return Math.max(0, measureRaw(cx, lib.scope) - lib.memory.baseline) + lib.jobs.gears.initialUsage();
    }

    // --- the walk ----------------------------------------------------------------------------------

    private static final Field LAST_FRAME = field("org.mozilla.javascript.Context", "lastInterpreterFrame");
    private static final Field FRAME_PARENT = field("org.mozilla.javascript.Interpreter$CallFrame", "parentFrame");
    private static final Field FRAME_STACK = field("org.mozilla.javascript.Interpreter$CallFrame", "stack");
    private static final Field FRAME_SCOPE = field("org.mozilla.javascript.Interpreter$CallFrame", "scope");

    private static Field field(String cls, String name) {
        try {
            Field f = Class.forName(cls).getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // interpreter frames are then not counted (locals of running code)
        }
    }

    /** Bytes reachable from the scope and, when cx is given, from the running interpreter frames. */
    private static long measureRaw(Context cx, Scriptable scope) {
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Object> todo = new ArrayDeque<>();
        todo.add(scope);
        if (cx != null && LAST_FRAME != null && FRAME_PARENT != null && FRAME_STACK != null && FRAME_SCOPE != null) {
            try {
                for (Object f = LAST_FRAME.get(cx); f != null; f = FRAME_PARENT.get(f)) {
                    Object[] stack = (Object[]) FRAME_STACK.get(f);
                    if (stack != null) for (Object o : stack) if (o != null) todo.add(o);
                    Object sc = FRAME_SCOPE.get(f);
                    if (sc != null) todo.add(sc);
                }
            } catch (ReflectiveOperationException | RuntimeException ignored) {
                // count what was found
            }
        }
        long total = 0;
        while (!todo.isEmpty() && seen.size() < MAX_OBJECTS) {
            Object o = todo.poll();
            if (o instanceof CharSequence) {
                // strings: counted per occurrence of the object (a ConsString only by its length)
                if (seen.put(o, Boolean.TRUE) == null) total += STRING + 2L * ((CharSequence) o).length();
                continue;
            }
            if (!(o instanceof Scriptable) || seen.put(o, Boolean.TRUE) != null) continue;
            Scriptable s = (Scriptable) o;
            total += OBJECT;
            add(todo, s.getPrototype());
            add(todo, s.getParentScope());
            if (s instanceof NativeArray) {
                NativeArray a = (NativeArray) s;
                long n = a.getLength();
                if (n <= 10_000_000) {
                    for (int i = 0; i < n; i++) {
                        total += ELEMENT;
                        add(todo, a.get(i, a));
                    }
                }
            }
            // a Proxy's properties would run its traps: only the proxy itself is counted
            if (s instanceof ScriptableObject && !s.getClass().getSimpleName().contains("Proxy")) {
                ScriptableObject so = (ScriptableObject) s;
                Object[] ids;
                try {
                    ids = so.getAllIds();
                } catch (RuntimeException e) {
                    continue;
                }
                for (Object id : ids) {
                    if (id instanceof Integer && s instanceof NativeArray) continue; // counted as elements
                    total += PROPERTY;
                    if (!(id instanceof String)) {
                        if (id instanceof Integer) add(todo, so.get((Integer) id, so));
                        continue;
                    }
                    String name = (String) id;
                    total += 2L * name.length();
                    // accessors are not called: their functions are counted instead
                    Object getter;
                    Object setter;
                    try {
                        getter = so.getGetterOrSetter(name, 0, false);
                        setter = so.getGetterOrSetter(name, 0, true);
                    } catch (RuntimeException e) {
                        continue;
                    }
                    if (getter instanceof Callable || setter instanceof Callable) {
                        add(todo, getter);
                        add(todo, setter);
                        continue;
                    }
                    try {
                        add(todo, so.get(name, so));
                    } catch (RuntimeException ignored) {
                        // a special property that cannot be read here
                    }
                }
            }
        }
        return total;
    }

    private static void add(ArrayDeque<Object> todo, Object o) {
        if (o instanceof Scriptable || o instanceof ConsString || o instanceof String) todo.add(o);
    }
}
