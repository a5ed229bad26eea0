package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.keyspace.RedisObject;
import dev.emredis.internal.keyspace.RedisZSet;
import dev.emredis.internal.resp.ReplySink;
import dev.emredis.internal.util.GeoHash;
import dev.emredis.internal.util.Num;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * GEOADD, GEODIST, GEOHASH and GEOPOS. A geo set is a plain sorted set whose scores are 52-bit
 * geohashes ({@link GeoHash}); the searches are in {@link GeoSearchCommands}. Positions print as
 * Redis's "human" long doubles (%.17Lf without trailing zeros), distances with four decimals.
 */
public final class GeoCommands {
    private GeoCommands() {}

    public static void register(CommandRegistry r) {
        r.add("geoadd", GeoCommands::geoadd);
        r.add("geodist", GeoCommands::geodist);
        r.add("geohash", GeoCommands::geohash);
        r.add("geopos", GeoCommands::geopos);
        GeoSearchCommands.register(r);
    }

    /**
     * GEOADD key [NX|XX] [CH] lon lat member ...: Redis parses its options (only NX, XX and CH),
     * checks the triplets, turns each position into a score, then runs ZADD on the rewritten
     * arguments, so everything else (replies, the zadd event, encodings) is ZADD's.
     */
    static void geoadd(Ctx c) {
        int longIdx = 2;
        boolean nx = false;
        boolean xx = false;
        while (longIdx < c.argc()) {
            if (c.is(longIdx, "nx")) nx = true;
            else if (c.is(longIdx, "xx")) xx = true;
            else if (!c.is(longIdx, "ch")) break;
            longIdx++;
        }
        if ((c.argc() - longIdx) % 3 != 0 || (xx && nx)) throw new RedisError(Errors.SYNTAX);
        int elements = (c.argc() - longIdx) / 3;
        byte[][] argv = new byte[longIdx + elements * 2][];
        argv[0] = "zadd".getBytes(StandardCharsets.US_ASCII);
        for (int i = 1; i < longIdx; i++) argv[i] = c.arg(i);
        for (int i = 0; i < elements; i++) {
            double[] xy = lonLat(c, longIdx + i * 3);
            argv[longIdx + i * 2] = Num.bytes(GeoHash.score(xy[0], xy[1]));
            argv[longIdx + i * 2 + 1] = c.arg(longIdx + i * 3 + 2);
        }
        Ctx zadd = new Ctx(c.server, c.client, argv, c.out, c.spec, c.fromScript);
        SortedSetCommands.zadd(zadd, 0);
        if (zadd.failed()) c.markFailed();
    }

    /** GEODIST key member1 member2 [unit]: the unit is checked before the key is looked up. */
    static void geodist(Ctx c) {
        double toMeters = 1;
        if (c.argc() == 5) toMeters = unit(c.arg(4));
        else if (c.argc() > 5) throw new RedisError(Errors.SYNTAX);
        RedisZSet z = ZArgs.zset(c.db().lookupRead(c.arg(1), c.client));
        Double s1 = z == null ? null : z.score(c.arg(2));
        Double s2 = z == null ? null : z.score(c.arg(3));
        if (s1 == null || s2 == null) {
            c.out.nullBulk();
            return;
        }
        double[] a = GeoHash.decodeScore(s1);
        double[] b = GeoHash.decodeScore(s2);
        distanceReply(c.out, GeoHash.distance(a[0], a[1], b[0], b[1]) / toMeters);
    }

    /** GEOHASH key member ...: standard 11-character geohashes, null for missing members. */
    static void geohash(Ctx c) {
        RedisZSet z = ZArgs.zset(c.db().lookupRead(c.arg(1), c.client));
        c.out.array(c.argc() - 2);
        for (int j = 2; j < c.argc(); j++) {
            Double s = z == null ? null : z.score(c.arg(j));
            if (s == null) c.out.nullBulk();
            else c.out.bulk(GeoHash.standardGeohash(s).getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** GEOPOS key member ...: [lon, lat] per member, a null array for missing ones. */
    static void geopos(Ctx c) {
        RedisZSet z = ZArgs.zset(c.db().lookupRead(c.arg(1), c.client));
        c.out.array(c.argc() - 2);
        for (int j = 2; j < c.argc(); j++) {
            Double s = z == null ? null : z.score(c.arg(j));
            if (s == null) {
                c.out.nullArray();
                continue;
            }
            double[] xy = GeoHash.decodeScore(s);
            c.out.array(2);
            humanDouble(c.out, xy[0]);
            humanDouble(c.out, xy[1]);
        }
    }

    // --- argument helpers shared with the searches ---

    /** Two float arguments as longitude and latitude, within the geohash limits. */
    static double[] lonLat(Ctx c, int idx) {
        double lon = c.doubleArg(idx);
        double lat = c.doubleArg(idx + 1);
        if (lon < GeoHash.LON_MIN || lon > GeoHash.LON_MAX || lat < GeoHash.LAT_MIN || lat > GeoHash.LAT_MAX) {
            throw new RedisError(Errors.geoInvalidLonLat(printfF(lon), printfF(lat)));
        }
        return new double[] {lon, lat};
    }

    /** Meters per unit (m, km, ft, mi; any case). */
    static double unit(byte[] u) {
        String s = new String(u, StandardCharsets.ISO_8859_1);
        // strcasecmp stops at a NUL byte, so "km\0x" still reads as "km"
        int nul = s.indexOf('\0');
        if (nul >= 0) s = s.substring(0, nul);
        if (s.equalsIgnoreCase("m")) return 1;
        if (s.equalsIgnoreCase("km")) return 1000;
        if (s.equalsIgnoreCase("ft")) return 0.3048;
        if (s.equalsIgnoreCase("mi")) return 1609.34;
        throw new RedisError(Errors.GEO_UNSUPPORTED_UNIT);
    }

    /** The member's position decoded from its score, null when the member is missing. */
    static double[] memberPosition(RedisObject o, byte[] member) {
        Double s = ((RedisZSet) o).score(member);
        return s == null ? null : GeoHash.decodeScore(s);
    }

    // --- number formatting ---

    /** C's printf("%f"): six decimals of the exact binary value, rounded half to even. */
    static String printfF(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        String s = new BigDecimal(d).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
        boolean negative = d < 0 || (d == 0 && 1 / d < 0);
        if (negative && !s.startsWith("-")) s = "-" + s;
        return s;
    }

    /** ld2string's human mode: %.17Lf of the value, trailing zeros and a bare point removed. */
    static String human(double d) {
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        return dev.emredis.internal.util.LongDouble.humanString(new BigDecimal(d));
    }

    /** addReplyHumanLongDouble: a bulk string in RESP2, a RESP3 double with the same text. */
    static void humanDouble(ReplySink out, double d) {
        String s = human(d);
        if (out.protocol() == 3) out.raw((',' + s + "\r\n").getBytes(StandardCharsets.US_ASCII));
        else out.bulk(s.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Redis's fixedpoint_d2string with four digits: the value times 10^4 rounded to an integer
     * (llrint, half to even), printed with the point put back; a bulk string in both protocols.
     */
    static String distance4(double d) {
        if (d == 0) return "0.0000";
        long v = (long) Math.rint(d * 10000.0);
        boolean neg = v < 0;
        String digits = neg ? Long.toUnsignedString(-v) : Long.toString(v);
        while (digits.length() < 5) digits = "0" + digits;
        int p = digits.length() - 4;
        return (neg ? "-" : "") + digits.substring(0, p) + "." + digits.substring(p);
    }

    static void distanceReply(ReplySink out, double d) {
        out.bulk(distance4(d).getBytes(StandardCharsets.US_ASCII));
    }
}
