package dev.emredis.js;

/**
 * One chain of JS work started by a command or a trigger: the library, the flags of the function
 * that started it (inherited by executeAsync bodies and block() sections), the user and database
 * its commands run as, and whether the caller may be blocked. A sync client belongs to one
 * invocation section and is invalid once that section ends.
 */
final class Invocation {
    final Gears gears;
    final Library lib;
    final int flags;
    final int db;
    final String user;
    final boolean blockAllowed;
    /** Commands from onTriggerFired are read-only whatever the flags. */
    final boolean forceNoWrites;
    /** False once the section that received the sync client returned. */
    volatile boolean valid = true;

    Invocation(Gears gears, Library lib, int flags, int db, String user, boolean blockAllowed, boolean forceNoWrites) {
        this.gears = gears;
        this.lib = lib;
        this.flags = flags;
        this.db = db;
        this.user = user;
        this.blockAllowed = blockAllowed;
        this.forceNoWrites = forceNoWrites;
    }

    boolean noWrites() {
        return forceNoWrites || (flags & JsFunction.NO_WRITES) != 0;
    }

    boolean allowOom() {
        return (flags & JsFunction.ALLOW_OOM) != 0;
    }

    /** A section of the same chain (a block() callback): background work uses DB 0 (§5.4). */
    Invocation section(boolean blockAllowedInSection) {
        return new Invocation(gears, lib, flags, 0, user, blockAllowedInSection, forceNoWrites);
    }
}
