package dev.emredis.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A raw RESP client for tests: sends commands and returns each reply as the exact bytes the
 * server wrote, rendered as text with CRLF kept (so tests assert replies byte for byte).
 */
public final class RespClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RespClient(String host, int port) {
        try {
            socket = new Socket(host, port);
            socket.setSoTimeout(5000);
            socket.setTcpNoDelay(true);
            in = new java.io.BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RespClient(dev.emredis.RedisEmulator redis) {
        this(redis.host(), redis.port());
    }

    /** Sends one command (multibulk) and returns its raw reply. */
    public String call(String... args) {
        send(args);
        return read();
    }

    /** Sends one command made of byte arrays and returns its raw reply. */
    public String callBytes(byte[]... args) {
        writeRaw(encode(args));
        return read();
    }

    /** Sends without reading (pipelining, blocking commands). */
    public void send(String... args) {
        byte[][] b = new byte[args.length][];
        for (int i = 0; i < args.length; i++) b[i] = args[i].getBytes(StandardCharsets.UTF_8);
        writeRaw(encode(b));
    }

    public static byte[] encode(byte[]... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : args) {
            o.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            o.writeBytes(a);
            o.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return o.toByteArray();
    }

    public void writeRaw(String s) {
        writeRaw(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void writeRaw(byte[] b) {
        try {
            out.write(b);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one complete reply (aggregates included) and returns its raw text. */
    public String read() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try {
            readValue(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return o.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads one line without its CR LF (for streams that are not replies, such as replication). */
    public String readLine() {
        try {
            return line(new ByteArrayOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads exactly n raw bytes. */
    public byte[] readBytes(int n) {
        try {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True if the server closed the connection (reads EOF within the timeout). */
    public boolean isClosedByServer(int timeoutMillis) {
        try {
            socket.setSoTimeout(timeoutMillis);
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        } finally {
            try {
                socket.setSoTimeout(5000);
            } catch (IOException ignored) {
                // closed
            }
        }
    }

    public void setTimeout(int millis) {
        try {
            socket.setSoTimeout(millis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String line(ByteArrayOutputStream o) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) throw new IOException("connection closed");
            b.append((char) c);
        }
        int lf = in.read();
        if (lf != '\n') throw new IOException("expected LF");
        o.writeBytes((b + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return b.toString();
    }

    private void readValue(ByteArrayOutputStream o) throws IOException {
        int type = in.read();
        if (type < 0) throw new IOException("connection closed");
        o.write(type);
        String l = line(o);
        switch (type) {
            case '$':
            case '=':
            case '!': {
                int n = Integer.parseInt(l);
                if (n < 0) return;
                byte[] body = in.readNBytes(n + 2);
                o.writeBytes(body);
                return;
            }
            case '*':
            case '~':
            case '>': {
                int n = Integer.parseInt(l);
                for (int i = 0; i < n; i++) readValue(o);
                return;
            }
            case '%':
            case '|': {
                int n = Integer.parseInt(l);
                for (int i = 0; i < 2 * n; i++) readValue(o);
                return;
            }
            default:
                return; // + - : , # _ (
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
