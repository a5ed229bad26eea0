package dev.emredis.js;

import dev.emredis.internal.server.ServerListener;
import org.mozilla.javascript.Context;

/** Keyspace triggers (§8) and stream triggers (§9). */
final class Triggers implements ServerListener {
    static final class KeyspaceTrigger { }

    static final class StreamTrigger { }

    private final Gears gears;

    Triggers(Gears gears) {
        this.gears = gears;
    }

    static Object registerKeyspace(Context cx, Library lib, Object[] a) {
        throw Convert.jsError("registerKeySpaceTrigger is not supported yet");
    }

    static Object registerStream(Context cx, Library lib, Object[] a) {
        throw Convert.jsError("registerStreamTrigger is not supported yet");
    }

    String checkUpgrade(Library old, Library fresh) {
        return null;
    }

    void upgraded(Library old, Library fresh) { }

    void libraryLoaded(Library lib) { }

    void libraryDeleted(Library lib) { }

    void describeKeyspace(dev.emredis.internal.resp.ReplySink out, Library lib, int verbosity) {
        out.array(0);
    }

    void describeStreams(dev.emredis.internal.resp.ReplySink out, Library lib, int verbosity) {
        out.array(0);
    }

    /** After a JS section on the loop (a block() callback): run post-execution jobs. */
    void afterSection() { }
}
