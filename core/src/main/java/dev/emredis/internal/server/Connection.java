package dev.emredis.internal.server;

import dev.emredis.internal.resp.RespDecoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** One client socket: its channel, request decoder and the client state it feeds. */
public final class Connection {
    final SocketChannel channel;
    SelectionKey key;
    final RespDecoder decoder = new RespDecoder();
    Client client;
    /** Bytes of the output buffer already handed to the socket. */
    private int written;
    public final String peer;
    public final String local;
    public final int fd;
    // network faults (FaultState rules), loop thread only
    /** Output and input processing held back until this System.nanoTime (delay); 0 = not held. */
    long heldUntilNanos;
    /** Never answers again (hang). */
    boolean hung;
    /** Output written at this many bytes per second until the buffer drains (throttle); 0 = off. */
    long throttleBytesPerSecond;

    Connection(SocketChannel channel, int fd) throws IOException {
        this.channel = channel;
        this.fd = fd;
        this.peer = addr((InetSocketAddress) channel.getRemoteAddress());
        this.local = addr((InetSocketAddress) channel.getLocalAddress());
    }

    private static String addr(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        // anetFormatAddr: IPv6 addresses in brackets, "[::1]:6379".
        if (host.contains(":")) return "[" + host.replaceFirst("%.*$", "") + "]:" + a.getPort();
        return host + ":" + a.getPort();
    }

    /** The peer's address without the port (what INFO and ROLE show for a replica). */
    public String remoteHost() {
        String h = peer.substring(0, peer.lastIndexOf(':'));
        return h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
    }

    public RespDecoder decoder() {
        return decoder;
    }

    /** Writes as much pending output as the socket takes; true when everything was written. */
    boolean flush(Stats stats) throws IOException {
        return flush(stats, Integer.MAX_VALUE);
    }

    /** Like {@link #flush(Stats)}, handing at most {@code max} bytes to the socket. */
    boolean flush(Stats stats, int max) throws IOException {
        var out = client.out;
        int pending = Math.min(out.size(), max);
        if (pending == 0) return true;
        ByteBuffer bb = ByteBuffer.wrap(out.buffer(), 0, pending);
        int n = channel.write(bb);
        stats.netOutputBytes += n;
        if (n == out.size()) {
            out.clear();
            return true;
        }
        out.consume(n);
        written += n;
        return false;
    }
}
