package dev.emredis.internal.command;

import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.keyspace.RedisObject;
import dev.emredis.internal.keyspace.RedisString;
import dev.emredis.internal.resp.ReplySink;
import dev.emredis.internal.server.Client;
import dev.emredis.internal.server.Server;
import dev.emredis.internal.util.Num;
import java.nio.charset.StandardCharsets;

/**
 * One command being run: who asked, the arguments, where the reply goes. Handlers validate all
 * arguments before writing any reply; invalid input is answered by throwing {@link RedisError}
 * (or calling {@link #error}), so error statistics are kept in one place.
 */
public final class Ctx {
    public final Server server;
    public final Client client;
    public final byte[][] argv;
    public final ReplySink out;
    public final CommandSpec spec;
    /** True when called from a script or function (redis.call, client.call). */
    public final boolean fromScript;
    boolean failed;

    public Ctx(Server server, Client client, byte[][] argv, ReplySink out, CommandSpec spec, boolean fromScript) {
        this.server = server;
        this.client = client;
        this.argv = argv;
        this.out = out;
        this.spec = spec;
        this.fromScript = fromScript;
    }

    public Database db() {
        return server.db(client.db);
    }

    public long now() {
        return server.clock().millis();
    }

    public int argc() {
        return argv.length;
    }

    public byte[] arg(int i) {
        return argv[i];
    }

    /** The argument as text (UTF-8). */
    public String str(int i) {
        return new String(argv[i], StandardCharsets.UTF_8);
    }

    /** Case-insensitive comparison of an argument with a lower-case ASCII token. */
    public boolean is(int i, String lowerToken) {
        byte[] a = argv[i];
        if (a.length != lowerToken.length()) return false;
        for (int k = 0; k < a.length; k++) {
            int c = a[k];
            if (c >= 'A' && c <= 'Z') c += 32;
            if (c != lowerToken.charAt(k)) return false;
        }
        return true;
    }

    /** Parses an int64 argument or fails with Redis's "not an integer" error. */
    public long longArg(int i) {
        Long v = Num.parseLong(argv[i]);
        if (v == null) throw new RedisError(Errors.NOT_INTEGER);
        return v;
    }

    /** Parses a float argument or fails with Redis's "not a valid float" error. */
    public double doubleArg(int i) {
        Double v = Num.parseDouble(argv[i]);
        if (v == null) throw new RedisError(Errors.NOT_FLOAT);
        return v;
    }

    /** The string at key for reading, null if missing; WRONGTYPE for other types. */
    public RedisString readString(byte[] key) {
        RedisObject o = db().lookupRead(key, client);
        if (o == null) return null;
        if (!(o instanceof RedisString)) throw new RedisError(Errors.WRONGTYPE);
        return (RedisString) o;
    }

    public void ok() {
        out.simple("OK");
    }

    /** Writes an error reply and counts it, as Redis's addReplyError does. */
    public void error(String fullMessage) {
        failed = true;
        server.stats().error(fullMessage);
        out.error(fullMessage);
    }

    /** Marks the command as failed without replying (the reply was written elsewhere). */
    public void markFailed() {
        failed = true;
    }

    public boolean failed() {
        return failed;
    }
}
