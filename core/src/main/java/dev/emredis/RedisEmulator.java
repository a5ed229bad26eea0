package dev.emredis;

import dev.emredis.internal.command.CommandTable;
import dev.emredis.internal.server.EventLoop;
import dev.emredis.internal.server.Server;
import dev.emredis.internal.spi.RuntimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ServiceLoader;

/**
 * An in-memory Redis 7 server for tests, speaking RESP2/RESP3 on a loopback port.
 *
 * <pre>{@code
 * try (RedisEmulator redis = RedisEmulator.builder().build().start()) {
 *     Jedis jedis = new Jedis(redis.host(), redis.port());
 *     jedis.set("k", "v");
 *     redis.clock().advance(Duration.ofHours(1));
 * }
 * }</pre>
 *
 * One thread owns the data, as in Redis; every method here is safe to call from any thread.
 */
public final class RedisEmulator implements AutoCloseable {
    private final Builder config;
    private final Clock clock;
    private final Faults faults = new Faults(this);
    private volatile Journal journal;
    private Server server;
    private EventLoop loop;
    private volatile boolean closed;

    private RedisEmulator(Builder b) {
        this.config = b;
        this.clock = b.clock != null ? b.clock : new Clock();
    }

    /** A builder with the defaults: a random free port on 127.0.0.1. */
    public static Builder builder() {
        return new Builder();
    }

    /** Binds the port and starts serving; returns this emulator, started. */
    public synchronized RedisEmulator start() {
        if (closed) throw new IllegalStateException("emulator already closed");
        if (loop != null) return this;
        server = new Server(clock, CommandTable.standard(), config.seed, config.startupConfig);
        if (config.version != null) server.version = config.version;
        if (config.clusterNode != null) {
            server.cluster = config.clusterNode;
            config.clusterNode.attach(server);
            server.addListener(new dev.emredis.internal.cluster.ClusterPubSub(config.clusterNode));
        }
        for (RuntimeModule m : ServiceLoader.load(RuntimeModule.class, RedisEmulator.class.getClassLoader())) {
            m.attach(server);
        }
        for (java.util.Map.Entry<String, String> e : server.moduleStartupConfig.entrySet()) server.config().set(e.getKey(), e.getValue());
        try {
            loop = new EventLoop(server, config.bind, config.port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + config.bind + ":" + config.port, e);
        }
        clock.onChange(() -> {
            EventLoop l = loop;
            if (l != null && !closed) l.clockChanged();
        });
        loop.start();
        return this;
    }

    /** The address clients connect to. */
    public String host() {
        return config.bind;
    }

    /** The port the server listens on (the chosen one when built with port 0). */
    public int port() {
        requireStarted();
        return loop.port();
    }

    /** {@code redis://host:port}. */
    public String uri() {
        String h = host().contains(":") ? "[" + host() + "]" : host();
        return "redis://" + h + ":" + port();
    }

    /** The virtual clock driving TTLs, TIME and timeouts. */
    public Clock clock() {
        return clock;
    }

    /** Fault injection: server states (OOM, replica, loading...) and network rules. */
    public Faults faults() {
        requireStarted();
        return faults;
    }

    /** The command journal: every command that reached the server, and connection counters. */
    public Journal journal() {
        requireStarted();
        Journal j = journal;
        if (j == null) journal = j = new Journal(server.journal);
        return j;
    }

        /** Deletes every key in every database, as FLUSHALL does (events, WATCH, client tracking). */
    public void flushAll() {
        requireStarted();
        loop.call(() -> {
            for (var db : server.dbs()) db.flush();
            server.tracking.invalidateAllOnFlush();
            return null;
        });
    }

    /** Whether {@link #close()} was called (or SHUTDOWN received). */
    public boolean isClosed() {
        return closed || (loop != null && !loop.running());
    }

    /** Stops the server, closes every connection and ends its thread. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (loop != null) loop.shutdown();
    }

    private void requireStarted() {
        if (loop == null) throw new IllegalStateException("emulator not started");
    }

    /** Internal access for the emulator's own modules (JUnit extension, runtimes' tests). */
    public Server internalServer() {
        requireStarted();
        return server;
    }

    /** Options for a new emulator. */
    public static final class Builder {
        private int port;
        private String bind = "127.0.0.1";
        private long seed = System.nanoTime();
        private String version;
        private final java.util.Map<String, String> startupConfig = new java.util.LinkedHashMap<>();
        /** Set by RedisCluster: the node this server is, and the clock the cluster's nodes share. */
        dev.emredis.internal.cluster.ClusterNode clusterNode;
        Clock clock;

        private Builder() { }

        /** TCP port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
            this.port = port;
            return this;
        }

        /** Address to listen on; default 127.0.0.1. */
        public Builder bind(String address) {
            this.bind = address;
            return this;
        }

        /** Seed for everything random (SPOP, RANDOMKEY, SCAN order...), so runs repeat. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * The version INFO (redis_version), HELLO and LOLWUT report, e.g. {@code "7.2.4"}; default
         * {@code 7.0.15}. Command behaviour stays that of 7.0.15.
         */
        public Builder version(String version) {
            if (!version.matches("\\d+\\.\\d+\\.\\d+")) throw new IllegalArgumentException("version must look like 7.2.4: " + version);
            this.version = version;
            return this;
        }

        /**
         * A configuration parameter as if given on redis-server's command line (so immutable ones
         * such as {@code enable-debug-command} or {@code databases} can be set too). Invalid names or
         * values make {@link RedisEmulator#start()} fail.
         */
        public Builder config(String name, String value) {
            startupConfig.put(name, value);
            return this;
        }

        /** A new, not yet started emulator. */
        public RedisEmulator build() {
            return new RedisEmulator(this);
        }
    }
}
