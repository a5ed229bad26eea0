package dev.emredis.internal.util;

/**
 * Redis's geohash arithmetic: the 52-bit interleaved score of a GEO sorted set, its decoding back
 * to a cell centre, cell neighbours, the haversine distance and the choice of the nine cells a
 * radius or box search scans. Every step follows the order of floating point operations Redis
 * uses (IEEE doubles, no fused operations) so positions and distances print the same digits.
 *
 * <p>Bit layout, as in Redis: latitude bits in the even positions, longitude bits in the odd
 * ones, most significant cell first. Latitudes are limited to the Web Mercator range
 * (+-85.05112878), so Redis's own cells do not match the standard geohash; GEOHASH re-encodes.
 * Hashes are unsigned 64-bit values held in {@code long}s.
 */
public final class GeoHash {
    private GeoHash() {}

    public static final double LAT_MIN = -85.05112878;
    public static final double LAT_MAX = 85.05112878;
    public static final double LON_MIN = -180;
    public static final double LON_MAX = 180;
    public static final int STEP_MAX = 26;
    public static final double EARTH_RADIUS = 6372797.560856;
    static final double MERCATOR_MAX = 20037726.37;
    private static final double D_R = Math.PI / 180.0;

    private static final long EVEN = 0x5555555555555555L;
    private static final long ODD = 0xaaaaaaaaaaaaaaaaL;

    static double degRad(double a) {
        return a * D_R;
    }

    static double radDeg(double a) {
        return a / D_R;
    }

    /** Spreads the low 32 bits of x over the even positions and those of y over the odd ones. */
    static long interleave(long xlo, long ylo) {
        return spread(xlo & 0xffffffffL) | (spread(ylo & 0xffffffffL) << 1);
    }

    private static long spread(long v) {
        v = (v | (v << 16)) & 0x0000FFFF0000FFFFL;
        v = (v | (v << 8)) & 0x00FF00FF00FF00FFL;
        v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v << 2)) & 0x3333333333333333L;
        v = (v | (v << 1)) & EVEN;
        return v;
    }

    private static long squeeze(long v) {
        v &= EVEN;
        v = (v | (v >>> 1)) & 0x3333333333333333L;
        v = (v | (v >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v >>> 4)) & 0x00FF00FF00FF00FFL;
        v = (v | (v >>> 8)) & 0x0000FFFF0000FFFFL;
        v = (v | (v >>> 16)) & 0x00000000FFFFFFFFL;
        return v;
    }

    /** The inverse of {@link #interleave}: even bits in the low word, odd bits in the high word. */
    static long deinterleave(long bits) {
        return squeeze(bits) | (squeeze(bits >>> 1) << 32);
    }

    /**
     * Encodes a point at {@code step} bits per axis within the given ranges; -1 when the point is
     * outside the Mercator limits or the ranges (Redis then reports a failure). The fractions are
     * truncated to integers the way C converts a double to uint32_t.
     */
    public static long encode(double lonMin, double lonMax, double latMin, double latMax, double lon, double lat, int step) {
        if (step > 32 || step == 0) return -1;
        if (lon > LON_MAX || lon < LON_MIN || lat > LAT_MAX || lat < LAT_MIN) return -1;
        if (lat < latMin || lat > latMax || lon < lonMin || lon > lonMax) return -1;
        double latOffset = (lat - latMin) / (latMax - latMin);
        double lonOffset = (lon - lonMin) / (lonMax - lonMin);
        double scale = (double) (1L << step);
        latOffset *= scale;
        lonOffset *= scale;
        return interleave((long) latOffset, (long) lonOffset);
    }

    /** Encodes with Redis's own ranges (longitude +-180, latitude +-85.05112878). */
    public static long encode(double lon, double lat, int step) {
        return encode(LON_MIN, LON_MAX, LAT_MIN, LAT_MAX, lon, lat, step);
    }

    /** The 52-bit score stored for a point (a step-26 hash). */
    public static long score(double lon, double lat) {
        return align52(encode(lon, lat, STEP_MAX), STEP_MAX);
    }

    public static long align52(long bits, int step) {
        return bits << (52 - step * 2);
    }

    /**
     * The cell of a hash with Redis's ranges as {lonMin, lonMax, latMin, latMax}. The cell index
     * is a 32-bit unsigned value and so is index + 1 (it wraps), as in the C code.
     */
    public static double[] area(long bits, int step) {
        long sep = deinterleave(bits);
        long ilat = sep & 0xffffffffL;
        long ilon = (sep >>> 32) & 0xffffffffL;
        double div = (double) (1L << step);
        double latScale = LAT_MAX - LAT_MIN;
        double lonScale = LON_MAX - LON_MIN;
        return new double[] {
            LON_MIN + (ilon * 1.0 / div) * lonScale,
            LON_MIN + (((ilon + 1) & 0xffffffffL) * 1.0 / div) * lonScale,
            LAT_MIN + (ilat * 1.0 / div) * latScale,
            LAT_MIN + (((ilat + 1) & 0xffffffffL) * 1.0 / div) * latScale,
        };
    }

    /**
     * A sorted set score back to {lon, lat}: the centre of its step-26 cell, clamped to the valid
     * ranges. Any score decodes (Redis converts the double to uint64_t as x86-64 does, so negative
     * and huge scores give odd but well defined cells).
     */
    public static double[] decodeScore(double score) {
        double[] a = area(toUint64(score), STEP_MAX);
        double lon = (a[0] + a[1]) / 2;
        if (lon > LON_MAX) lon = LON_MAX;
        if (lon < LON_MIN) lon = LON_MIN;
        double lat = (a[2] + a[3]) / 2;
        if (lat > LAT_MAX) lat = LAT_MAX;
        if (lat < LAT_MIN) lat = LAT_MIN;
        return new double[] {lon, lat};
    }

    /**
     * C's (uint64_t) cast of a double as gcc compiles it on x86-64: below 2^63 a signed truncation
     * (out of range: 0x8000000000000000), from 2^63 the value minus 2^63 with the top bit flipped.
     */
    public static long toUint64(double d) {
        final double two63 = 9223372036854775808.0;
        if (!(d >= two63)) {
            if (Double.isNaN(d) || d <= -two63) return Long.MIN_VALUE;
            return (long) d;
        }
        double r = d - two63;
        long v = r >= two63 ? Long.MIN_VALUE : (long) r;
        return v ^ Long.MIN_VALUE;
    }

    /**
     * GEOHASH's 11 characters: the position re-encoded with the standard ranges (latitude +-90)
     * at 26 bits per axis, five bits per character; the 11th character has no bits left and is
     * always '0'.
     */
    public static String standardGeohash(double score) {
        final String alphabet = "0123456789bcdefghjkmnpqrstuvwxyz";
        double[] xy = decodeScore(score);
        long bits = encode(-180, 180, -90, 90, xy[0], xy[1], STEP_MAX);
        if (bits < 0) bits = 0;
        StringBuilder sb = new StringBuilder(11);
        for (int i = 0; i < 11; i++) {
            int idx = i == 10 ? 0 : (int) ((bits >>> (52 - (i + 1) * 5)) & 0x1f);
            sb.append(alphabet.charAt(idx));
        }
        return sb.toString();
    }

    // --- neighbours: move a cell east/west (longitude, odd bits) or north/south (latitude) ---

    static long moveX(long bits, int step, int d) {
        if (d == 0) return bits;
        long x = bits & ODD;
        long y = bits & EVEN;
        long zz = EVEN >>> (64 - step * 2);
        if (d > 0) {
            x = x + (zz + 1);
        } else {
            x = x | zz;
            x = x - (zz + 1);
        }
        x &= ODD >>> (64 - step * 2);
        return x | y;
    }

    static long moveY(long bits, int step, int d) {
        if (d == 0) return bits;
        long x = bits & ODD;
        long y = bits & EVEN;
        long zz = ODD >>> (64 - step * 2);
        if (d > 0) {
            y = y + (zz + 1);
        } else {
            y = y | zz;
            y = y - (zz + 1);
        }
        y &= EVEN >>> (64 - step * 2);
        return x | y;
    }

    // --- distances ---

    /** Distance along a meridian (the haversine with no longitude difference). */
    public static double latDistance(double lat1, double lat2) {
        return EARTH_RADIUS * Math.abs(degRad(lat2) - degRad(lat1));
    }

    /** The haversine distance in meters, as Redis computes it. */
    public static double distance(double lon1, double lat1, double lon2, double lat2) {
        double lon1r = degRad(lon1);
        double lon2r = degRad(lon2);
        double v = GeoMath.sin((lon2r - lon1r) / 2);
        if (v == 0.0) return latDistance(lat1, lat2);
        double lat1r = degRad(lat1);
        double lat2r = degRad(lat2);
        double u = GeoMath.sin((lat2r - lat1r) / 2);
        double a = u * u + GeoMath.cos(lat1r) * GeoMath.cos(lat2r) * v * v;
        return 2.0 * EARTH_RADIUS * GeoMath.asin(Math.sqrt(a));
    }

    /** Redis's step estimate for the nine search cells: coarser for bigger radii and near the poles. */
    static int estimateSteps(double rangeMeters, double lat) {
        if (rangeMeters == 0) return 26;
        int step = 1;
        while (rangeMeters < MERCATOR_MAX) {
            rangeMeters *= 2;
            step++;
        }
        step -= 2;
        if (lat > 66 || lat < -66) {
            step--;
            if (lat > 80 || lat < -80) step--;
        }
        if (step < 1) step = 1;
        if (step > 26) step = 26;
        return step;
    }
}
