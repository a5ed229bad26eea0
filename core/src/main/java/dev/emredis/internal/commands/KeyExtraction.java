package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandSpec;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.util.Num;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * COMMAND GETKEYS / GETKEYSANDFLAGS: key positions from the command's key specs (Redis's
 * getKeysUsingKeySpecs), falling back to the per-command extraction Redis uses for commands whose
 * specs are incomplete or have variable flags (SORT, MIGRATE, SET, BITFIELD, XREAD, EVAL ...).
 */
public final class KeyExtraction {
    private KeyExtraction() {}

    private static final int[] NO_KEYS = new int[0];

    /**
     * The key positions client-side caching remembers (Redis's getKeysFromCommand): the getkeys
     * procedure when the command has one, else the legacy first/last/step range of COMMAND INFO;
     * none when the range runs past the arguments of a variadic command.
     */
    public static int[] trackedKeys(CommandSpec cmd, byte[][] argv) {
        if (hasProc(cmd.name)) {
            List<KeyRef> r = proc(cmd.name, argv);
            if (r == null || r.isEmpty()) return NO_KEYS;
            int[] pos = new int[r.size()];
            for (int i = 0; i < pos.length; i++) pos[i] = r.get(i).pos;
            return pos;
        }
        int first = cmd.firstKey;
        if (first <= 0) return NO_KEYS;
        int last = cmd.lastKey < 0 ? argv.length + cmd.lastKey : cmd.lastKey;
        int step = Math.max(1, cmd.keyStep);
        if (last < first) return NO_KEYS;
        int[] pos = new int[(last - first) / step + 1];
        int n = 0;
        for (int j = first; j <= last; j += step) {
            if (j >= argv.length) return NO_KEYS;
            pos[n++] = j;
        }
        return n == pos.length ? pos : java.util.Arrays.copyOf(pos, n);
    }

    /** A key position and its key-spec flags (in Redis's flag order). */
    public record KeyRef(int pos, List<String> flags) { }

    private static final List<String> NO_FLAGS = List.of();
    private static final List<String> RO_ACCESS = List.of("RO", "access");
    private static final List<String> RW_ACCESS_UPDATE = List.of("RW", "access", "update");
    private static final List<String> RW_ACCESS_DELETE = List.of("RW", "access", "delete");
    private static final List<String> OW_UPDATE = List.of("OW", "update");

    static void reply(Ctx c, boolean withFlags) {
        byte[][] argv = new byte[c.argc() - 2][];
        System.arraycopy(c.argv, 2, argv, 0, argv.length);
        CommandSpec cmd = lookup(c, argv);
        if (cmd == null) throw new RedisError(Errors.GETKEYS_INVALID_COMMAND);
        if (!hasKeys(cmd)) throw new RedisError(Errors.GETKEYS_NO_KEYS);
        if ((cmd.arity > 0 && cmd.arity != argv.length) || argv.length < -cmd.arity) {
            throw new RedisError(Errors.GETKEYS_INVALID_ARGC);
        }
        List<KeyRef> keys = keys(cmd, argv);
        if (keys == null || keys.isEmpty()) {
            if (cmd.has(dev.emredis.internal.command.CommandFlags.NO_MANDATORY_KEYS)) {
                c.out.array(0);
                return;
            }
            throw new RedisError(Errors.GETKEYS_INVALID_ARGS);
        }
        c.out.array(keys.size());
        for (KeyRef k : keys) {
            if (withFlags) {
                c.out.array(2);
                c.out.bulk(argv[k.pos]);
                c.out.set(k.flags.size());
                for (String f : k.flags) c.out.simple(f);
            } else {
                c.out.bulk(argv[k.pos]);
            }
        }
    }

    /** Redis's non-strict lookupCommand: a container with a second argument resolves to its subcommand. */
    private static CommandSpec lookup(Ctx c, byte[][] argv) {
        CommandSpec base = c.server.table().get(argv[0]);
        if (base == null) return null;
        if (argv.length == 1 || !base.isContainer()) return base;
        return base.subcommands.get(new String(argv[1], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> specs(CommandSpec cmd) {
        return (List<Map<String, Object>>) (List<?>) cmd.info.get(8);
    }

    @SuppressWarnings("unchecked")
    private static List<String> flags(Map<String, Object> ks) {
        return (List<String>) (List<?>) ks.get("flags");
    }

    /** A getkeys procedure exists, or some key spec is not NOT_KEY. */
    public static boolean hasKeys(CommandSpec cmd) {
        if (hasProc(cmd.name)) return true;
        for (Map<String, Object> ks : specs(cmd)) if (!flags(ks).contains("not_key")) return true;
        return false;
    }

    private static boolean hasProc(String name) {
        switch (name) {
            case "bitfield": case "migrate": case "sort": case "sort_ro": case "georadius":
            case "georadiusbymember": case "blmpop": case "lmpop": case "eval": case "evalsha":
            case "evalsha_ro": case "eval_ro": case "fcall": case "fcall_ro": case "sintercard":
            case "bzmpop": case "zdiff": case "zdiffstore": case "zinter": case "zintercard":
            case "zinterstore": case "zmpop": case "zunion": case "zunionstore": case "xread":
            case "xreadgroup": case "set":
                return true;
            default:
                return false;
        }
    }

    /** Redis's getKeysFromCommandWithSpecs; null or empty when no keys could be found. */
    public static List<KeyRef> keys(CommandSpec cmd, byte[][] argv) {
        boolean hasKeySpec = false;
        boolean varFlags = false;
        for (Map<String, Object> ks : specs(cmd)) {
            List<String> f = flags(ks);
            if (!f.contains("not_key")) hasKeySpec = true;
            if (f.contains("variable_flags")) varFlags = true;
        }
        if (hasKeySpec && !varFlags) {
            List<KeyRef> r = fromSpecs(cmd, argv);
            if (r != null) return r;
        }
        return proc(cmd.name, argv);
    }

    /** Redis's getKeysUsingKeySpecs; null for an invalid or incomplete spec. */
    @SuppressWarnings("unchecked")
    private static List<KeyRef> fromSpecs(CommandSpec cmd, byte[][] argv) {
        int argc = argv.length;
        List<KeyRef> out = new ArrayList<>();
        for (Map<String, Object> ks : specs(cmd)) {
            List<String> flags = flags(ks);
            if (flags.contains("not_key")) continue;
            Map<String, Object> bs = (Map<String, Object>) ks.get("begin_search");
            Map<String, Object> bspec = (Map<String, Object>) bs.get("spec");
            int first = 0;
            switch ((String) bs.get("type")) {
                case "index":
                    first = ((Long) bspec.get("index")).intValue();
                    break;
                case "keyword": {
                    int startfrom = ((Long) bspec.get("startfrom")).intValue();
                    String kw = (String) bspec.get("keyword");
                    int start = startfrom > 0 ? startfrom : argc + startfrom;
                    int end = startfrom > 0 ? argc - 1 : 1;
                    for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
                        if (i >= argc || i < 1) break;
                        if (new String(argv[i], StandardCharsets.UTF_8).equalsIgnoreCase(kw)) {
                            first = i + 1;
                            break;
                        }
                    }
                    if (first == 0) continue;
                    break;
                }
                default:
                    return null;
            }
            Map<String, Object> fk = (Map<String, Object>) ks.get("find_keys");
            Map<String, Object> fspec = (Map<String, Object>) fk.get("spec");
            int last;
            int step;
            switch ((String) fk.get("type")) {
                case "range": {
                    step = ((Long) fspec.get("keystep")).intValue();
                    int lastkey = ((Long) fspec.get("lastkey")).intValue();
                    int limit = ((Long) fspec.get("limit")).intValue();
                    if (lastkey >= 0) last = first + lastkey;
                    else if (limit == 0) last = argc + lastkey;
                    else last = first + ((argc - first) / limit + lastkey);
                    break;
                }
                case "keynum": {
                    step = ((Long) fspec.get("keystep")).intValue();
                    int idx = ((Long) fspec.get("keynumidx")).intValue();
                    if (idx >= argc || first + idx >= argc) return null;
                    Long n = Num.parseLong(argv[first + idx]);
                    if (n == null || n < 0) return null;
                    first += ((Long) fspec.get("firstkey")).intValue();
                    last = (int) (first + n - 1);
                    break;
                }
                default:
                    return null;
            }
            if (last >= argc || last < first || first >= argc) return null;
            for (int i = first; i <= last; i += step) {
                if (i >= argc || i < first) continue;
                out.add(new KeyRef(i, flags));
            }
            if (flags.contains("incomplete")) return null;
        }
        return out;
    }

    private static boolean eq(byte[] a, String lower) {
        return new String(a, StandardCharsets.UTF_8).equalsIgnoreCase(lower);
    }

    /** The per-command extraction procedures of Redis (db.c). */
    private static List<KeyRef> proc(String name, byte[][] argv) {
        switch (name) {
            case "sintercard": case "zunion": case "zinter": case "zdiff": case "zintercard":
            case "lmpop": case "zmpop":
                return generic(0, 1, 2, argv);
            case "zunionstore": case "zinterstore": case "zdiffstore":
                return generic(1, 2, 3, argv);
            case "eval": case "evalsha": case "eval_ro": case "evalsha_ro": case "fcall": case "fcall_ro":
            case "blmpop": case "bzmpop":
                return generic(0, 2, 3, argv);
            case "sort_ro":
                return List.of(new KeyRef(1, RO_ACCESS));
            case "sort":
                return sort(argv);
            case "migrate":
                return migrate(argv);
            case "georadius": case "georadiusbymember":
                return georadius(argv);
            case "xread": case "xreadgroup":
                return xread(argv);
            case "set":
                for (int i = 3; i < argv.length; i++) {
                    if (eq(argv[i], "get")) return List.of(new KeyRef(1, RW_ACCESS_UPDATE));
                }
                return List.of(new KeyRef(1, OW_UPDATE));
            case "bitfield":
                return bitfield(argv);
            default:
                return null;
        }
    }

    /** COMMAND [destkey] numkeys key... : atoi semantics, no keys when numkeys is out of range. */
    private static List<KeyRef> generic(int storeOfs, int countOfs, int firstOfs, byte[][] argv) {
        int num = atoi(argv[countOfs]);
        if (num < 1 || num > argv.length - firstOfs) return List.of();
        List<KeyRef> r = new ArrayList<>();
        for (int i = 0; i < num; i++) r.add(new KeyRef(firstOfs + i, NO_FLAGS));
        if (storeOfs != 0) r.add(new KeyRef(storeOfs, NO_FLAGS));
        return r;
    }

    private static int atoi(byte[] b) {
        int i = 0;
        while (i < b.length && (b[i] == ' ' || (b[i] >= 9 && b[i] <= 13))) i++;
        boolean neg = false;
        if (i < b.length && (b[i] == '-' || b[i] == '+')) neg = b[i++] == '-';
        long v = 0;
        while (i < b.length && b[i] >= '0' && b[i] <= '9' && v < Integer.MAX_VALUE + 1L) v = v * 10 + (b[i++] - '0');
        v = neg ? -v : v;
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    private static List<KeyRef> sort(byte[][] argv) {
        List<KeyRef> r = new ArrayList<>();
        r.add(new KeyRef(1, RO_ACCESS));
        KeyRef store = null;
        for (int i = 2; i < argv.length; i++) {
            if (eq(argv[i], "limit")) i += 2;
            else if (eq(argv[i], "get") || eq(argv[i], "by")) i += 1;
            else if (eq(argv[i], "store") && i + 1 < argv.length) store = new KeyRef(i + 1, OW_UPDATE);
        }
        if (store != null) r.add(store);
        return r;
    }

    private static List<KeyRef> migrate(byte[][] argv) {
        int first = 3;
        int num = 1;
        if (argv.length > 6) {
            for (int i = 6; i < argv.length; i++) {
                if (eq(argv[i], "keys")) {
                    if (argv[3].length > 0) {
                        num = 0;
                    } else {
                        first = i + 1;
                        num = argv.length - first;
                    }
                    break;
                }
                if (eq(argv[i], "auth")) i += 1;
                else if (eq(argv[i], "auth2")) i += 2;
            }
        }
        List<KeyRef> r = new ArrayList<>();
        for (int i = 0; i < num; i++) r.add(new KeyRef(first + i, RW_ACCESS_DELETE));
        return r;
    }

    private static List<KeyRef> georadius(byte[][] argv) {
        int stored = -1;
        for (int i = 5; i < argv.length; i++) {
            if ((eq(argv[i], "store") || eq(argv[i], "storedist")) && i + 1 < argv.length) {
                stored = i + 1;
                i++;
            }
        }
        List<KeyRef> r = new ArrayList<>();
        r.add(new KeyRef(1, NO_FLAGS));
        if (stored != -1) r.add(new KeyRef(stored, NO_FLAGS));
        return r;
    }

    private static List<KeyRef> xread(byte[][] argv) {
        int streams = -1;
        for (int i = 1; i < argv.length; i++) {
            if (eq(argv[i], "block") || eq(argv[i], "count")) i++;
            else if (eq(argv[i], "group")) i += 2;
            else if (eq(argv[i], "noack")) continue;
            else if (eq(argv[i], "streams")) {
                streams = i;
                break;
            } else break;
        }
        int num = streams == -1 ? 0 : argv.length - streams - 1;
        if (streams == -1 || num == 0 || num % 2 != 0) return List.of();
        num /= 2;
        List<KeyRef> r = new ArrayList<>();
        for (int i = streams + 1; i < argv.length - num; i++) r.add(new KeyRef(i, NO_FLAGS));
        return r;
    }

    private static List<KeyRef> bitfield(byte[][] argv) {
        boolean readonly = true;
        for (int i = 2; i < argv.length; i++) {
            int rem = argv.length - i - 1;
            if (eq(argv[i], "get") && rem >= 2) {
                i += 2;
            } else if ((eq(argv[i], "set") || eq(argv[i], "incrby")) && rem >= 3) {
                readonly = false;
                break;
            } else if (eq(argv[i], "overflow") && rem >= 1) {
                i += 1;
            } else {
                readonly = false;
                break;
            }
        }
        return List.of(new KeyRef(1, readonly ? RO_ACCESS : RW_ACCESS_UPDATE));
    }
}
