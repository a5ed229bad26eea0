package dev.emredis.internal.commands;

import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.keyspace.LexRange;
import dev.emredis.internal.keyspace.RedisObject;
import dev.emredis.internal.keyspace.RedisZSet;
import dev.emredis.internal.keyspace.ScoreRange;
import dev.emredis.internal.keyspace.ZSkipList;
import dev.emredis.internal.resp.ReplySink;
import dev.emredis.internal.util.Num;
import java.nio.charset.StandardCharsets;

/** Argument parsing and reply pieces shared by the sorted set commands. */
final class ZArgs {
    private ZArgs() {}

    /** The value as a sorted set, null if missing; WRONGTYPE for other types. */
    static RedisZSet zset(RedisObject o) {
        if (o == null) return null;
        if (!(o instanceof RedisZSet)) throw new RedisError(Errors.WRONGTYPE);
        return (RedisZSet) o;
    }

    static long maxEntries(Ctx c) {
        return c.server.config().getLong("zset-max-listpack-entries");
    }

    static long maxValue(Ctx c) {
        return c.server.config().getLong("zset-max-listpack-value");
    }

    /**
     * Redis's zslParseRange: C strtod on the text after an optional "(" (exclusive bound), which
     * accepts leading spaces, inf/infinity, hex floats and out-of-range values (as +-inf or 0), but
     * not NaN nor trailing characters. Null when either bound is invalid.
     */
    static ScoreRange scoreRange(byte[] min, byte[] max) {
        boolean minex = min.length > 0 && min[0] == '(';
        boolean maxex = max.length > 0 && max[0] == '(';
        Double lo = strtodWhole(min, minex ? 1 : 0);
        Double hi = strtodWhole(max, maxex ? 1 : 0);
        if (lo == null || hi == null) return null;
        return new ScoreRange(lo, minex, hi, maxex);
    }

    static ScoreRange scoreRangeOrError(byte[] min, byte[] max) {
        ScoreRange r = scoreRange(min, max);
        if (r == null) throw new RedisError(Errors.ZRANGE_NOT_FLOAT);
        return r;
    }

    /** Redis's zslParseLexRange: "(x", "[x", "-" or "+" for each bound. */
    static LexRange lexRangeOrError(byte[] min, byte[] max) {
        LexRange r = lexRange(min, max);
        if (r == null) throw new RedisError(Errors.ZRANGE_NOT_LEX);
        return r;
    }

    private static LexRange lexRange(byte[] min, byte[] max) {
        byte[][] v = new byte[2][];
        boolean[] ex = new boolean[2];
        byte[][] in = {min, max};
        for (int i = 0; i < 2; i++) {
            byte[] b = in[i];
            if (b.length == 0) return null;
            // The C code looks at the NUL-terminated text: "+" followed by a NUL byte is still "+".
            boolean alone = b.length == 1 || b[1] == 0;
            switch (b[0]) {
                case '+':
                    if (!alone) return null;
                    v[i] = LexRange.MAX;
                    ex[i] = true;
                    break;
                case '-':
                    if (!alone) return null;
                    v[i] = LexRange.MIN;
                    ex[i] = true;
                    break;
                case '(':
                case '[':
                    v[i] = java.util.Arrays.copyOfRange(b, 1, b.length);
                    ex[i] = b[0] == '(';
                    break;
                default:
                    return null;
            }
        }
        return new LexRange(v[0], ex[0], v[1], ex[1]);
    }

    /** strtod from {@code from}; the value if it consumed the whole C string, else null (NaN too). */
    static Double strtodWhole(byte[] b, int from) {
        int end = b.length;
        for (int i = from; i < b.length; i++) {
            if (b[i] == 0) {
                end = i;
                break;
            }
        }
        int[] stop = new int[1];
        double d = strtod(b, from, end, stop);
        if (stop[0] != end || Double.isNaN(d)) return null;
        return d;
    }

    private static boolean isSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean matchWord(byte[] b, int i, int end, String w) {
        if (end - i < w.length()) return false;
        for (int k = 0; k < w.length(); k++) {
            int c = b[i + k];
            if (c >= 'A' && c <= 'Z') c += 32;
            if (c != w.charAt(k)) return false;
        }
        return true;
    }

    /** glibc strtod over b[from..end): the value, and in stop[0] where parsing stopped (from if nothing). */
    static double strtod(byte[] b, int from, int end, int[] stop) {
        int i = from;
        while (i < end && isSpace(b[i])) i++;
        boolean neg = false;
        if (i < end && (b[i] == '+' || b[i] == '-')) {
            neg = b[i] == '-';
            i++;
        }
        stop[0] = from;
        if (matchWord(b, i, end, "inf")) {
            stop[0] = matchWord(b, i, end, "infinity") ? i + 8 : i + 3;
            return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (matchWord(b, i, end, "nan")) {
            int j = i + 3;
            if (j < end && b[j] == '(') {
                int k = j + 1;
                while (k < end && (Character.isLetterOrDigit(b[k]) || b[k] == '_')) k++;
                if (k < end && b[k] == ')') j = k + 1;
            }
            stop[0] = j;
            return Double.NaN;
        }
        if (i + 1 < end && b[i] == '0' && (b[i + 1] == 'x' || b[i + 1] == 'X')) {
            int j = i + 2;
            StringBuilder m = new StringBuilder();
            boolean digits = false;
            while (j < end && isHex(b[j])) {
                m.append((char) b[j++]);
                digits = true;
            }
            if (j < end && b[j] == '.') {
                int k = j + 1;
                StringBuilder frac = new StringBuilder();
                while (k < end && isHex(b[k])) frac.append((char) b[k++]);
                if (digits || frac.length() > 0) {
                    m.append('.').append(frac);
                    digits = true;
                    j = k;
                }
            }
            if (!digits) {
                stop[0] = i + 1; // just the "0"
                return neg ? -0.0 : 0.0;
            }
            String exp = "0";
            if (j < end && (b[j] == 'p' || b[j] == 'P')) {
                int k = j + 1;
                int s = k;
                if (k < end && (b[k] == '+' || b[k] == '-')) k++;
                int ds = k;
                while (k < end && b[k] >= '0' && b[k] <= '9') k++;
                if (k > ds) {
                    exp = new String(b, s, k - s, StandardCharsets.ISO_8859_1);
                    j = k;
                }
            }
            stop[0] = j;
            double d = parseHex(m.toString(), exp);
            return neg ? -d : d;
        }
        int j = i;
        int ds = j;
        while (j < end && b[j] >= '0' && b[j] <= '9') j++;
        int intDigits = j - ds;
        int fracDigits = 0;
        if (j < end && b[j] == '.') {
            int k = j + 1;
            while (k < end && b[k] >= '0' && b[k] <= '9') k++;
            fracDigits = k - j - 1;
            if (intDigits > 0 || fracDigits > 0) j = k;
        }
        if (intDigits == 0 && fracDigits == 0) return 0.0;
        if (j < end && (b[j] == 'e' || b[j] == 'E')) {
            int k = j + 1;
            if (k < end && (b[k] == '+' || b[k] == '-')) k++;
            int es = k;
            while (k < end && b[k] >= '0' && b[k] <= '9') k++;
            if (k > es) j = k;
        }
        stop[0] = j;
        String text = new String(b, i, j - i, StandardCharsets.ISO_8859_1);
        double d = parseDecimal(text);
        return neg ? -d : d;
    }

    private static double parseDecimal(String text) {
        // Java's parser is correctly rounded like glibc; huge exponents need care to avoid
        // NumberFormatException-free but slow paths, so clamp absurd exponents first.
        int e = Math.max(text.indexOf('e'), text.indexOf('E'));
        if (e >= 0) {
            String exp = text.substring(e + 1);
            try {
                Long.parseLong(exp.startsWith("+") ? exp.substring(1) : exp);
            } catch (NumberFormatException x) {
                boolean negExp = exp.startsWith("-");
                String mant = text.substring(0, e);
                boolean zero = mant.replace(".", "").chars().allMatch(ch -> ch == '0');
                if (zero) return 0.0;
                return negExp ? 0.0 : Double.POSITIVE_INFINITY;
            }
        }
        return Double.parseDouble(text);
    }

    private static double parseHex(String mant, String exp) {
        long e;
        try {
            e = Long.parseLong(exp.startsWith("+") ? exp.substring(1) : exp);
        } catch (NumberFormatException x) {
            e = exp.startsWith("-") ? -100000 : 100000;
        }
        e = Math.max(-100000, Math.min(100000, e));
        return Double.parseDouble("0x" + mant + "p" + e);
    }

    /** A member as a bulk string, then its score if asked (RESP3: each pair in its own array). */
    static void replyPair(ReplySink out, ZSkipList.Node n, boolean withScores) {
        if (withScores && out.protocol() == 3) out.array(2);
        out.bulk(n.member);
        if (withScores) out.dbl(n.score);
    }

    static void replyPair(ReplySink out, byte[] member, double score, boolean withScores) {
        if (withScores && out.protocol() == 3) out.array(2);
        out.bulk(member);
        if (withScores) out.dbl(score);
    }

    /** Array header for n members, doubled in RESP2 when scores are included. */
    static void pairsHeader(ReplySink out, long n, boolean withScores) {
        out.array((int) (withScores && out.protocol() == 2 ? n * 2 : n));
    }

    /** Redis's getRangeLongFromObjectOrReply with a custom message for both failures. */
    static long rangeLong(Ctx c, int i, long min, long max, String msg) {
        Long v = Num.parseLong(c.arg(i));
        if (v == null) throw new RedisError(msg != null ? msg : Errors.NOT_INTEGER);
        if (v < min || v > max) throw new RedisError(msg != null ? msg : Errors.valueNotBetween(min, max));
        return v;
    }

    /** Redis's parseScanCursorOrReply (strtoul: a leading '-' wraps around, no leading space). */
    static long scanCursor(byte[] b) {
        if (b.length > 0 && isSpace(b[0])) throw new RedisError(Errors.INVALID_CURSOR);
        int end = b.length;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                end = i;
                break;
            }
        }
        int i = 0;
        boolean neg = false;
        if (i < end && (b[i] == '+' || b[i] == '-')) {
            neg = b[i] == '-';
            i++;
        }
        if (i == end) {
            if (end == 0) return 0; // empty text: strtoul consumed nothing and stopped at the NUL
            throw new RedisError(Errors.INVALID_CURSOR);
        }
        java.math.BigInteger v = java.math.BigInteger.ZERO;
        for (; i < end; i++) {
            if (b[i] < '0' || b[i] > '9') throw new RedisError(Errors.INVALID_CURSOR);
            v = v.multiply(java.math.BigInteger.TEN).add(java.math.BigInteger.valueOf(b[i] - '0'));
            if (v.bitLength() > 64) throw new RedisError(Errors.INVALID_CURSOR);
        }
        long r = v.longValue();
        return neg ? -r : r;
    }
}
