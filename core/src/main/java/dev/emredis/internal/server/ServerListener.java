package dev.emredis.internal.server;

import dev.emredis.internal.keyspace.Database;

/**
 * Hooks for subsystems that react to keyspace changes and client lifecycle (blocking commands,
 * client-side caching, scripting runtimes). All run on the event loop.
 */
public interface ServerListener {
    default void keyModified(Database db, byte[] key) { }

    default void keyExpired(Database db, byte[] key) { }

    default void databaseFlushed(Database db) { }

    default void keyspaceEvent(int type, String event, byte[] key, int dbid) { }

    default void clientClosed(Client c) { }

    /** A command is about to run (MONITOR feeds from here). */
    default void beforeCommand(Client c, dev.emredis.internal.command.CommandSpec spec, byte[][] argv) { }

    /** A command finished (SLOWLOG, latency). */
    default void afterCommand(Client c, dev.emredis.internal.command.CommandSpec spec, byte[][] argv, long micros) { }

    /** Called at hz and whenever the virtual clock jumps. */
    default void cron() { }

    /**
     * The server stopped (close or SHUTDOWN), after its connections were closed: release threads
     * and other resources (the JS runtime's background pool). Runs on the stopping thread.
     */
    default void serverStopped() { }
}
