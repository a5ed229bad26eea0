package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.keyspace.Notifications;
import dev.emredis.internal.keyspace.RedisObject;
import dev.emredis.internal.rdb.RdbLimits;
import dev.emredis.internal.resp.RespWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * MIGRATE host port key|"" destination-db timeout [COPY] [REPLACE] [AUTH password]
 * [AUTH2 username password] [KEYS key ...], as Redis does it: synchronously, on the server's own
 * thread, it sends the target [AUTH,] SELECT and one RESTORE per existing key (the DUMP payload and
 * the remaining TTL), reads the one-line replies, and deletes the keys the target took unless COPY.
 * The target may be a real Redis or another emulator.
 */
public final class MigrateCommand {
    private MigrateCommand() {}

    public static void register(CommandRegistry r) {
        r.add("migrate", MigrateCommand::migrate);
    }

    static void migrate(Ctx c) {
        boolean copy = false;
        boolean replace = false;
        byte[] user = null;
        byte[] password = null;
        int firstKey = 3;
        int numKeys = 1;
        for (int j = 6; j < c.argc(); j++) {
            int more = c.argc() - j - 1;
            if (c.is(j, "copy")) {
                copy = true;
            } else if (c.is(j, "replace")) {
                replace = true;
            } else if (c.is(j, "auth")) {
                if (more < 1) throw new RedisError(Errors.SYNTAX);
                password = c.arg(++j);
            } else if (c.is(j, "auth2")) {
                if (more < 2) throw new RedisError(Errors.SYNTAX);
                user = c.arg(++j);
                password = c.arg(++j);
            } else if (c.is(j, "keys")) {
                if (c.arg(3).length != 0) throw new RedisError(Errors.MIGRATE_KEYS_NEEDS_EMPTY_KEY);
                firstKey = j + 1;
                numKeys = c.argc() - j - 1;
                break;
            } else {
                throw new RedisError(Errors.SYNTAX);
            }
        }
        long timeout = c.longArg(5);
        long dbid = c.longArg(4);
        if (timeout <= 0) timeout = 1000;

        Database db = c.db();
        List<byte[]> keys = new ArrayList<>();
        List<RedisObject> values = new ArrayList<>();
        for (int j = 0; j < numKeys; j++) {
            RedisObject o = db.lookupRead(c.arg(firstKey + j), c.client);
            if (o == null) continue;
            keys.add(c.arg(firstKey + j));
            values.add(o);
        }
        if (keys.isEmpty()) {
            c.out.simple("NOKEY");
            return;
        }

        // the whole request, written at once as Redis buffers it
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        if (password != null) {
            if (user != null) req.writeBytes(RespWriter.encodeCommand(bytes("AUTH"), user, password));
            else req.writeBytes(RespWriter.encodeCommand(bytes("AUTH"), password));
        }
        req.writeBytes(RespWriter.encodeCommand(bytes("SELECT"), bytes(Long.toString(dbid))));
        RdbLimits limits = RdbLimits.of(c.server.config());
        long now = c.now();
        List<byte[]> sent = new ArrayList<>();
        for (int j = 0; j < keys.size(); j++) {
            long ttl = 0;
            long at = db.expireAt(keys.get(j));
            if (at != -1) {
                ttl = at - now;
                if (ttl < 0) continue; // expired meanwhile: not sent
                if (ttl < 1) ttl = 1;
            }
            byte[] payload = DumpCommands.payload(values.get(j), limits);
            // a cluster node sends RESTORE-ASKING, which an importing target serves without ASKING
            String restore = c.server.cluster != null ? "RESTORE-ASKING" : "RESTORE";
            List<byte[]> argv = new ArrayList<>(List.of(bytes(restore), keys.get(j), bytes(Long.toString(ttl)), payload));
            if (replace) argv.add(bytes("REPLACE"));
            req.writeBytes(RespWriter.encodeCommand(argv.toArray(new byte[0][])));
            sent.add(keys.get(j));
        }

        String host = c.str(1);
        int port = (int) dev.emredis.internal.util.Num.atoi(c.arg(2)) & 0xffff; // as htons() truncates it
        String ioError = null;
        List<String> replies = new ArrayList<>();
        // Redis retries once after an I/O error that is not a timeout
        for (int attempt = 0; attempt < 2; attempt++) {
            replies.clear();
            ioError = exchange(host, port, (int) Math.min(timeout, Integer.MAX_VALUE), req.toByteArray(),
                    (password != null ? 1 : 0) + 1 + sent.size(), replies);
            if (ioError == null || ioError.equals(TIMED_OUT_READING) || ioError.equals(TIMED_OUT_WRITING)) break;
        }
        int head = (password != null ? 1 : 0) + 1;
        String authReply = password != null && replies.size() > 0 ? replies.get(0) : "+OK";
        String selectReply = replies.size() >= head ? replies.get(head - 1) : "+OK";
        String targetError = null;
        // the keys the target took leave the source's replicas as one DEL
        java.util.List<byte[]> deletedKeys = new java.util.ArrayList<>();
        deletedKeys.add("DEL".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (int j = 0; j < sent.size() && head + j < replies.size(); j++) {
            String reply = replies.get(head + j);
            if (authReply.startsWith("-") || selectReply.startsWith("-") || reply.startsWith("-")) {
                if (targetError == null) {
                    String err = authReply.startsWith("-") ? authReply : selectReply.startsWith("-") ? selectReply : reply;
                    targetError = err.substring(1);
                }
            } else if (!copy) {
                byte[] key = sent.get(j);
                db.delete(key);
                c.server.notifications().notify(Notifications.GENERIC, "del", key, db.id);
                deletedKeys.add(key);
            }
        }
        if (Propagation.wanted(c)) Propagation.as(c, deletedKeys.size() > 1 ? new byte[][][] {deletedKeys.toArray(new byte[0][])} : new byte[0][][]);
        if (ioError != null) {
            c.error(ioError.startsWith("timeout ") ? ioError.substring(8) : ioError);
        } else if (targetError != null) {
            c.error(Errors.migrateTargetError(targetError));
        } else {
            c.ok();
        }
    }

    private static final String TIMED_OUT_READING = "timeout " + Errors.MIGRATE_IO_READING;
    private static final String TIMED_OUT_WRITING = "timeout " + Errors.MIGRATE_IO_WRITING;

    /**
     * Connects, writes the request and reads up to {@code expected} one-line replies into
     * {@code replies}; returns null, or the IOERR text (prefixed "timeout " when a timeout ended
     * it, which Redis does not retry).
     */
    private static String exchange(String host, int port, int timeout, byte[] request, int expected, List<String> replies) {
        try (Socket s = new Socket()) {
            try {
                s.connect(new InetSocketAddress(host, port), timeout);
            } catch (SocketTimeoutException e) {
                return "timeout " + Errors.MIGRATE_IO_CONNECTING;
            } catch (java.net.UnknownHostException | IllegalArgumentException e) {
                return Errors.MIGRATE_IO_CONNECTING;
            } catch (IOException e) {
                // a refused non-blocking connect surfaces in Redis at the first write
                return Errors.MIGRATE_IO_WRITING;
            }
            s.setSoTimeout(timeout);
            s.setTcpNoDelay(true);
            try {
                OutputStream out = s.getOutputStream();
                out.write(request);
                out.flush();
            } catch (SocketTimeoutException e) {
                return TIMED_OUT_WRITING;
            } catch (IOException e) {
                return Errors.MIGRATE_IO_WRITING;
            }
            InputStream in = s.getInputStream();
            for (int i = 0; i < expected; i++) {
                try {
                    String line = readLine(in);
                    if (line == null) return Errors.MIGRATE_IO_READING;
                    replies.add(line);
                } catch (SocketTimeoutException e) {
                    return TIMED_OUT_READING;
                } catch (IOException e) {
                    return Errors.MIGRATE_IO_READING;
                }
            }
            return null;
        } catch (IOException e) {
            return Errors.MIGRATE_IO_READING;
        }
    }

    /** syncReadLine: one line without its CR LF; null at end of stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int ch = in.read();
            if (ch < 0) return null;
            if (ch == '\n') break;
            b.write(ch);
        }
        byte[] line = b.toByteArray();
        int n = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
        return new String(line, 0, n, StandardCharsets.ISO_8859_1);
    }


    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

}
