package dev.emredis.internal.server;

import dev.emredis.internal.command.Errors;
import dev.emredis.internal.resp.ProtocolException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;

/**
 * The single thread that owns a {@link Server}: accepts connections, reads and decodes requests,
 * runs commands one at a time and writes replies. Other threads reach the server only through
 * {@link #call}/{@link #execute}, which run their task on this thread.
 */
public final class EventLoop implements Runnable {
    private static final byte[] MAX_CLIENTS = "-ERR max number of clients reached\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAX_CLIENTS_CLUSTER =
            ("-" + dev.emredis.internal.command.Errors.MAX_CLIENTS_CLUSTER + "\r\n").getBytes(StandardCharsets.US_ASCII);

    private final Server server;
    // parameters the loop reads on every read or iteration, resolved once
    private final Config.Param hz;
    private final Config.Param maxBulkLen;
    private final Config.Param queryBufferLimit;
    private final Config.Param maxClients;
    private final Selector selector;
    private ServerSocketChannel acceptor;
    private SelectionKey acceptKey;
    private final InetSocketAddress bindAddress;
    /** Timers (network fault delays and throttling), by due System.nanoTime. */
    private final java.util.PriorityQueue<Timer> timers = new java.util.PriorityQueue<>();
    private long timerSeq;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private final List<Connection> connections = new ArrayList<>();
    private final List<SelectionKey> readyKeys = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private long nextCronNanos;
    private int nextFd = 8;

    public EventLoop(Server server, String bind, int port) throws IOException {
        this.server = server;
        this.hz = server.config().param("hz");
        this.maxBulkLen = server.config().param("proto-max-bulk-len");
        this.queryBufferLimit = server.config().param("client-query-buffer-limit");
        this.maxClients = server.config().param("maxclients");
        this.selector = Selector.open();
        try {
            listen(new InetSocketAddress(bind, port));
        } catch (IOException e) {
            selector.close();
            throw e;
        }
        this.bindAddress = new InetSocketAddress(bind, port());
        server.attach(this);
        server.tcpPort = port();
        // CONFIG GET port answers the port actually bound (port(0) picks a free one).
        server.config().apply(server.config().param("port"), Integer.toString(port()));
        this.thread = new Thread(this, "emredis-loop-" + port());
        thread.setDaemon(true);
    }

    private void listen(InetSocketAddress address) throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(address, 511);
            ch.configureBlocking(false);
            acceptKey = ch.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        acceptor = ch;
    }

    /**
     * The refuseConnections fault: stop listening (connects get ECONNREFUSED) or listen again on
     * the same port. Loop thread.
     */
    public void refuseConnections(boolean refuse) {
        if (refuse && acceptor != null) {
            acceptKey.cancel();
            try {
                acceptor.close();
            } catch (IOException ignored) {
                // not listening either way
            }
            acceptor = null;
            // a channel registered with a selector really closes when the key is flushed
            try {
                selector.selectNow();
            } catch (IOException ignored) {
                // the next select flushes it
            }
        } else if (!refuse && acceptor == null) {
            try {
                listen(bindAddress);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot listen again on " + bindAddress, e);
            }
        }
    }

    /** Closes every client connection now (the closeAllConnections fault). Loop thread. */
    public void closeAllConnections() {
        for (Connection c : new ArrayList<>(connections)) close(c);
    }

    private record Timer(long dueNanos, long seq, Runnable task) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(dueNanos, o.dueNanos);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** Runs the task on the loop thread after {@code delayNanos} of real time. Loop thread. */
    void schedule(long delayNanos, Runnable task) {
        timers.add(new Timer(System.nanoTime() + delayNanos, timerSeq++, task));
    }

    private void runTimers() {
        long now = System.nanoTime();
        while (!timers.isEmpty() && timers.peek().dueNanos - now <= 0) timers.poll().task.run();
    }

    public void start() {
        thread.start();
    }

    /** False once shutdown started (close() or SHUTDOWN). */
    public boolean running() {
        return running;
    }

    public int port() {
        return bindAddress != null ? bindAddress.getPort() : acceptor.socket().getLocalPort();
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs the task on the loop thread and waits for its result. */
    public <T> T call(Callable<T> task) {
        if (inLoop() || !thread.isAlive()) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                f.complete(task.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        selector.wakeup();
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) throw (RuntimeException) e.getCause();
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Runs the task on the loop thread later. */
    public void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Stops accepting, closes every connection and ends the thread; waits for it. Idempotent. */
    public void shutdown() {
        if (!running) {
            awaitStop();
            return;
        }
        running = false;
        selector.wakeup();
        if (!inLoop()) awaitStop();
    }

    private void awaitStop() {
        if (!thread.isAlive() && !stopped.isDone()) {
            cleanup();
            return;
        }
        if (inLoop()) return;
        try {
            stopped.get();
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException ignored) {
            // cleanup already attempted
        }
    }

    @Override
    public void run() {
        try {
            nextCronNanos = System.nanoTime();
            while (running) {
                long hzNanos = 1_000_000_000L / Math.max(1, Math.min(500, server.config().longOf(hz)));
                long due = timers.isEmpty() ? nextCronNanos : Math.min(nextCronNanos, timers.peek().dueNanos);
                long waitMs = Math.max(1, (due - System.nanoTime()) / 1_000_000);
                selector.select(waitMs);
                if (!running) break;
                runTasks();
                runTimers();
                // A snapshot: a busy script serves other clients from inside a command
                // (processWhileBusy), selecting again while this batch is being handled.
                readyKeys.addAll(selector.selectedKeys());
                selector.selectedKeys().clear();
                for (int i = 0; i < readyKeys.size(); i++) {
                    SelectionKey k = readyKeys.get(i);
                    try {
                        if (!k.isValid()) continue;
                        if (k.isAcceptable()) accept();
                        else {
                            Connection c = (Connection) k.attachment();
                            if (k.isReadable()) read(c);
                            if (k.isValid() && k.isWritable()) write(c);
                        }
                    } catch (CancelledKeyException ignored) {
                        // closed while iterating
                    }
                }
                readyKeys.clear();
                if (System.nanoTime() - nextCronNanos >= 0) {
                    server.cron();
                    nextCronNanos = System.nanoTime() + hzNanos;
                }
                server.beforeSleep();
                flushPending();
            }
        } catch (Throwable t) {
            t.printStackTrace();
        } finally {
            cleanup();
        }
    }

    private synchronized void cleanup() {
        if (stopped.isDone()) return;
        for (Connection c : new ArrayList<>(connections)) close(c);
        try {
            if (acceptor != null) acceptor.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        Runnable r;
        while ((r = tasks.poll()) != null) {
            try {
                r.run();
            } catch (Throwable ignored) {
                // tasks after stop run without a loop
            }
        }
        for (ServerListener l : new ArrayList<>(server.listeners())) {
            try {
                l.serverStopped();
            } catch (Throwable ignored) {
                // every listener gets its chance to release resources
            }
        }
        stopped.complete(null);
    }

    private void runTasks() {
        Runnable r;
        while ((r = tasks.poll()) != null) r.run();
    }

    private void accept() throws IOException {
        SocketChannel ch;
        while ((ch = acceptor.accept()) != null) {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            server.journal.connectionAccepted(server.clock().micros());
            long max = server.config().longOf(maxClients);
            // a cluster node's bus links (two per peer) count against maxclients too
            var cluster = server.cluster;
            long links = cluster == null ? 0 : 2L * (cluster.topology().size() - 1);
            // in-process replication links are clients of Redis too (a replica's link, a master's replicas)
            links += server.replicaFeed.inProcessReplicas().size() + (server.replication.linkUp() ? 1 : 0);
            if (server.clients().size() + links >= max) {
                server.stats().rejectedConnections++;
                try {
                    ch.write(ByteBuffer.wrap(cluster == null ? MAX_CLIENTS : MAX_CLIENTS_CLUSTER));
                } catch (IOException ignored) {
                    // the client is refused either way
                }
                ch.close();
                continue;
            }
            Connection c = new Connection(ch, nextFd++);
            c.client = server.newClient(c);
            c.decoder.maxBulkLen(server.config().longOf(maxBulkLen));
            c.decoder.authRequired(server.authRequired(c.client));
            c.key = ch.register(selector, SelectionKey.OP_READ, c);
            connections.add(c);
            server.journal.connectionOpened();
            server.stats().totalConnections++;
        }
    }

    private void read(Connection c) {
        readBuffer.clear();
        int n;
        try {
            n = c.channel.read(readBuffer);
        } catch (IOException e) {
            close(c);
            return;
        }
        if (n < 0) {
            close(c);
            return;
        }
        if (n == 0) return;
        server.stats().netInputBytes += n;
        server.stats().totalReadsProcessed++;
        c.decoder.feed(readBuffer.array(), 0, n);
        process(c);
    }

    /** Runs every complete command the connection has buffered. */
    void process(Connection c) {
        Client client = c.client;
        c.decoder.maxBulkLen(server.config().longOf(maxBulkLen));
        try {
            // A client whose command CLIENT PAUSE postponed reads nothing more until resumed.
            while (!client.closeAfterReply && !client.closed && client.postponed == null && !client.blocked) {
                c.decoder.authRequired(server.authRequired(client));
                if (c.hung || c.heldUntilNanos != 0) break;
                byte[][] argv = c.decoder.next();
                if (argv == null) break;
                if (server.faults.hasRules() && networkFault(c, argv)) {
                    if (client.closed) return;
                    continue;
                }
                server.pipeline().execute(client, argv);
            }
            if (!client.closeAfterReply && c.decoder.buffered() > server.config().longOf(queryBufferLimit)) {
                close(c);
                return;
            }
        } catch (ProtocolException e) {
            server.stats().error("ERR " + e.getMessage());
            client.out.error("ERR " + e.getMessage());
            client.closeAfterReply = true;
        }
        write(c);
    }

    /**
     * Applies the first network rule that fires for this command. Returns true when the command
     * was consumed by the fault (not executed); delay and throttle let it run and shape the reply.
     */
    private boolean networkFault(Connection c, byte[][] argv) {
        FaultState.Rule r = server.faults.fire(c.client, argv);
        if (r == null) return false;
        if (r.effect != FaultState.Effect.DELAY && r.effect != FaultState.Effect.THROTTLE) {
            server.journal.record(server, c.client, c.client.name, c.client.db, argv, -1, true);
        }
        switch (r.effect) {
            case DELAY:
                server.pipeline().execute(c.client, argv);
                hold(c, r.amount);
                return true;
            case THROTTLE:
                server.pipeline().execute(c.client, argv);
                c.throttleBytesPerSecond = r.amount;
                return true;
            case REPLY_ERROR:
                // like any rejection inside MULTI, it dooms the transaction (EXEC -> EXECABORT)
                if (c.client.inMulti) c.client.multiError = true;
                server.stats().error(r.error);
                c.client.out.error(r.error);
                return true;
            case HANG:
                c.hung = true;
                return true;
            case CLOSE:
                // what earlier commands answered still goes out, then FIN
                write(c);
                close(c);
                return true;
            case RESET:
                try {
                    c.channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                } catch (IOException ignored) {
                    // closed anyway
                }
                close(c);
                return true;
            default:
                return false;
        }
    }

    /** Holds the connection's output and input for {@code nanos}, then goes on. */
    private void hold(Connection c, long nanos) {
        c.heldUntilNanos = System.nanoTime() + nanos;
        if (c.heldUntilNanos == 0) c.heldUntilNanos = 1;
        schedule(nanos, () -> {
            c.heldUntilNanos = 0;
            if (!c.client.closed) process(c);
        });
    }

    /** The pause that postponed this client's command ended: run it again, then what follows. */
    void resume(Client client) {
        byte[][] argv = client.postponed;
        if (argv == null || client.closed || client.connection == null) return;
        client.postponed = null;
        server.pipeline().execute(client, argv);
        process(client.connection);
    }

    /** A blocked client got its reply: send it and go on with what it had pipelined. */
    void unblocked(Client client) {
        if (client.closed || client.connection == null) return;
        process(client.connection);
    }

    private void write(Connection c) {
        if (c.client.closed || c.hung || c.heldUntilNanos != 0) return;
        try {
            boolean done;
            if (c.throttleBytesPerSecond > 0) {
                done = writeThrottled(c);
                if (!done) return;
            } else {
                done = c.flush(server.stats());
            }
            if (done && c.client.closeAfterReply) {
                close(c);
                return;
            }
            if (c.key.isValid()) {
                int ops = done ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE;
                if (c.key.interestOps() != ops) c.key.interestOps(ops);
            }
        } catch (IOException | CancelledKeyException e) {
            close(c);
        }
    }

    /**
     * The throttle fault: a slice of about 1/20 s worth of bytes, then a pause; the throttle ends
     * when the output buffer has drained. Returns true when everything was written.
     */
    private boolean writeThrottled(Connection c) throws IOException {
        long rate = c.throttleBytesPerSecond;
        int slice = (int) Math.max(1, Math.min(Integer.MAX_VALUE, rate / 20));
        boolean done = c.flush(server.stats(), slice);
        if (done) {
            c.throttleBytesPerSecond = 0;
            return true;
        }
        if (c.key.isValid() && c.key.interestOps() != SelectionKey.OP_READ) c.key.interestOps(SelectionKey.OP_READ);
        hold(c, slice * 1_000_000_000L / rate);
        return false;
    }

    /**
     * Redis's processEventsWhileBlocked, for a script running past busy-reply-threshold: called
     * on the loop thread from inside the running command, it serves the other connections once
     * without blocking (their commands meet the pipeline's BUSY check, so only allow-busy ones
     * such as SCRIPT KILL run) and writes their replies. The caller's connection is not read:
     * what it sent next, or its disconnection, is processed after its command ends. Tasks of
     * other threads wait too.
     */
    public void processWhileBusy(Client caller) {
        if (!inLoop() || !running) return;
        try {
            selector.selectNow();
        } catch (IOException e) {
            return;
        }
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey k = it.next();
            it.remove();
            try {
                if (!k.isValid()) continue;
                if (k.isAcceptable()) {
                    accept();
                    continue;
                }
                Connection c = (Connection) k.attachment();
                if (c.client == caller) continue;
                if (k.isReadable()) read(c);
                if (k.isValid() && k.isWritable()) write(c);
            } catch (CancelledKeyException | IOException ignored) {
                // closed meanwhile
            }
        }
        flushPending();
    }

    /**
     * The Lua debugger's direct output (Redis's ldbSendLogs writes to the socket from inside the
     * script): appends {@code data} to the client's output and writes it all out now, waiting for
     * the socket if needed. Loop thread only, from inside a command.
     */
    public void writeDirect(Client client, byte[] data) {
        Connection c = client.connection;
        if (c == null || client.closed) return;
        client.out.raw(data);
        try (java.nio.channels.Selector s = java.nio.channels.Selector.open()) {
            c.channel.register(s, SelectionKey.OP_WRITE);
            while (!c.flush(server.stats())) {
                if (!running) return;
                s.select(100);
                s.selectedKeys().clear();
            }
        } catch (IOException e) {
            // the next read sees the closed connection and ends the debugging session's input
        }
    }

    /**
     * The Lua debugger's direct input (Redis's ldbRepl reads the socket while the script waits):
     * blocks until the client sends bytes, returning how many were put in {@code buf}, or -1
     * once the connection is closed (or the server stops). Loop thread only.
     */
    public int readDirect(Client client, byte[] buf) {
        Connection c = client.connection;
        if (c == null || client.closed) return -1;
        ByteBuffer bb = ByteBuffer.wrap(buf);
        try (java.nio.channels.Selector s = java.nio.channels.Selector.open()) {
            c.channel.register(s, SelectionKey.OP_READ);
            while (running) {
                int n = c.channel.read(bb);
                if (n < 0) return -1;
                if (n > 0) {
                    server.stats().netInputBytes += n;
                    return n;
                }
                s.select(100);
                s.selectedKeys().clear();
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private void flushPending() {
        for (Client cl : server.drainPendingOutput()) {
            if (cl.connection != null && !cl.closed) write(cl.connection);
        }
    }

    /** Closes a connection now (CLIENT KILL, errors, shutdown). */
    public void close(Connection c) {
        if (c.key != null) c.key.cancel();
        try {
            c.channel.close();
        } catch (IOException ignored) {
            // already gone
        }
        if (connections.remove(c)) server.journal.connectionClosed();
        if (c.client != null) server.clientClosed(c.client);
    }

    /** Asks the loop to flush a client's output and close it (QUIT, CLIENT KILL of another client). */
    public void closeAfterFlush(Client c) {
        c.closeAfterReply = true;
        server.outputPending(c);
    }

    /** The virtual clock moved: run expiry and timers on the loop and wait for them. */
    public void clockChanged() {
        call(() -> {
            server.clockChanged();
            server.beforeSleep();
            flushPending();
            return null;
        });
    }

    public List<Connection> connections() {
        return connections;
    }
}
