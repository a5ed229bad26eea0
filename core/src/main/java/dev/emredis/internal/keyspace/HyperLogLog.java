package dev.emredis.internal.keyspace;

import java.util.Arrays;

/**
 * Redis's HyperLogLog representation, byte for byte, so a value moves between real Redis and the
 * emulator with GET/SET. Layout: 16-byte header ("HYLL", encoding byte 0 = dense / 1 = sparse, three
 * zero bytes, cached cardinality as 8 little-endian bytes whose top bit marks it stale), then either
 * 16384 registers of 6 bits packed LSB first (dense) or run-length opcodes (sparse):
 * ZERO {@code 00llllll} (1..64 zero registers), XZERO {@code 01llllll llllllll} (1..16384 zero
 * registers), VAL {@code 1vvvvvll} (1..4 registers holding 1..32).
 *
 * <p>An instance is a working copy of one value: load it from the string's bytes, mutate, and
 * write {@link #bytes()} back.
 */
public final class HyperLogLog {
    public static final int P = 14;
    public static final int Q = 64 - P;
    public static final int REGISTERS = 1 << P;
    public static final int BITS = 6;
    public static final int REGISTER_MAX = (1 << BITS) - 1;
    public static final int HDR_SIZE = 16;
    public static final int DENSE_SIZE = HDR_SIZE + (REGISTERS * BITS + 7) / 8;
    public static final int DENSE = 0;
    public static final int SPARSE = 1;

    static final int SPARSE_VAL_MAX_VALUE = 32;
    static final int SPARSE_VAL_MAX_LEN = 4;
    static final int SPARSE_ZERO_MAX_LEN = 64;
    static final int SPARSE_XZERO_MAX_LEN = 16384;
    /** 0.5 / ln(2), the estimator's alpha for m to infinity. */
    static final double ALPHA_INF = 0.721347520444481703680;
    static final long HASH_SEED = 0xadc83b19L;

    private byte[] b;
    private int len;

    public HyperLogLog(byte[] value) {
        this.b = value.clone();
        this.len = value.length;
    }

    /** A new, empty HLL: sparse, a single XZERO covering every register, cached cardinality 0. */
    public static HyperLogLog empty() {
        byte[] v = new byte[HDR_SIZE + ((REGISTERS + SPARSE_XZERO_MAX_LEN - 1) / SPARSE_XZERO_MAX_LEN) * 2];
        v[0] = 'H';
        v[1] = 'Y';
        v[2] = 'L';
        v[3] = 'L';
        v[4] = SPARSE;
        int p = HDR_SIZE;
        int left = REGISTERS;
        while (left > 0) {
            int run = Math.min(left, SPARSE_XZERO_MAX_LEN);
            putXzero(v, p, run);
            p += 2;
            left -= run;
        }
        return new HyperLogLog(v);
    }

    /**
     * Whether a string value passes Redis's HLL header check: at least a header long, magic
     * "HYLL", a known encoding, and a dense value exactly {@link #DENSE_SIZE} bytes long.
     */
    public static boolean isValid(byte[] v) {
        if (v.length < HDR_SIZE) return false;
        if (v[0] != 'H' || v[1] != 'Y' || v[2] != 'L' || v[3] != 'L') return false;
        int enc = v[4] & 0xff;
        if (enc > SPARSE) return false;
        return enc != DENSE || v.length == DENSE_SIZE;
    }

    /** The value's bytes as they are now. */
    public byte[] bytes() {
        return len == b.length ? b.clone() : Arrays.copyOf(b, len);
    }

    public int length() {
        return len;
    }

    public int encoding() {
        return b[4] & 0xff;
    }

    // ---- cached cardinality ----

    public boolean cacheValid() {
        return (b[15] & 0x80) == 0;
    }

    public void invalidateCache() {
        b[15] |= (byte) 0x80;
    }

    public long cachedCardinality() {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | (b[8 + i] & 0xff);
        return v;
    }

    public void cachedCardinality(long card) {
        for (int i = 0; i < 8; i++) b[8 + i] = (byte) (card >>> (8 * i));
    }

    // ---- hashing ----

    /** MurmurHash2, 64-bit variant (MurmurHash64A), reading 8-byte blocks little endian. */
    public static long murmurHash64A(byte[] data, long seed) {
        final long m = 0xc6a4a7935bd1e995L;
        final int r = 47;
        int n = data.length;
        long h = seed ^ (n * m);
        int blocks = n - (n & 7);
        for (int i = 0; i < blocks; i += 8) {
            long k = 0;
            for (int j = 7; j >= 0; j--) k = (k << 8) | (data[i + j] & 0xffL);
            k *= m;
            k ^= k >>> r;
            k *= m;
            h ^= k;
            h *= m;
        }
        int rest = n & 7;
        if (rest > 0) {
            for (int j = rest - 1; j >= 0; j--) h ^= (data[blocks + j] & 0xffL) << (8 * j);
            h *= m;
        }
        h ^= h >>> r;
        h *= m;
        h ^= h >>> r;
        return h;
    }

    /**
     * The register an element goes to (low P bits of its hash) and the length of the run of
     * zero bits after them, counting the final 1 (at most Q + 1). Packed as index << 8 | count.
     */
    static int registerAndCount(byte[] ele) {
        long hash = murmurHash64A(ele, HASH_SEED);
        int index = (int) (hash & (REGISTERS - 1));
        hash >>>= P;
        hash |= 1L << Q;
        int count = Long.numberOfTrailingZeros(hash) + 1;
        return index << 8 | count;
    }

    // ---- dense registers ----

    private static int denseGet(byte[] a, int base, int limit, int reg) {
        int byteIdx = base + reg * BITS / 8;
        int fb = reg * BITS & 7;
        int b0 = a[byteIdx] & 0xff;
        int b1 = byteIdx + 1 < limit ? a[byteIdx + 1] & 0xff : 0;
        return ((b0 >>> fb) | (b1 << (8 - fb))) & REGISTER_MAX;
    }

    private static void denseSet(byte[] a, int base, int limit, int reg, int val) {
        int byteIdx = base + reg * BITS / 8;
        int fb = reg * BITS & 7;
        a[byteIdx] = (byte) ((a[byteIdx] & ~(REGISTER_MAX << fb)) | (val << fb));
        if (byteIdx + 1 < limit) {
            int hi = REGISTER_MAX >>> (8 - fb);
            a[byteIdx + 1] = (byte) ((a[byteIdx + 1] & ~hi) | (val >>> (8 - fb)));
        }
    }

    /** Register value of a dense HLL. */
    public int denseRegister(int reg) {
        return denseGet(b, HDR_SIZE, len, reg);
    }

    /** Sets a dense register to any value (PFSELFTEST's packing check). */
    public void forceRegister(int reg, int val) {
        denseSet(b, HDR_SIZE, len, reg, val);
    }

    /** Raises a dense register to count; 1 if it changed. */
    private int denseRaise(int reg, int count) {
        if (count > denseGet(b, HDR_SIZE, len, reg)) {
            denseSet(b, HDR_SIZE, len, reg, count);
            return 1;
        }
        return 0;
    }

    // ---- sparse opcodes ----

    private static boolean isZero(int op) {
        return (op & 0xc0) == 0;
    }

    private static boolean isXzero(int op) {
        return (op & 0xc0) == 0x40;
    }

    private static boolean isVal(int op) {
        return (op & 0x80) != 0;
    }

    private int op(int p) {
        return p < len ? b[p] & 0xff : 0;
    }

    private int xzeroLen(int p) {
        return (((b[p] & 0x3f) << 8) | op(p + 1)) + 1;
    }

    private static int valValue(int op) {
        return ((op >>> 2) & 0x1f) + 1;
    }

    private static int valLen(int op) {
        return (op & 3) + 1;
    }

    private static byte val(int value, int runLen) {
        return (byte) (((value - 1) << 2 | (runLen - 1)) | 0x80);
    }

    private static void putXzero(byte[] a, int p, int runLen) {
        int l = runLen - 1;
        a[p] = (byte) ((l >>> 8) | 0x40);
        a[p + 1] = (byte) (l & 0xff);
    }

    private void ensureRoom(int extra) {
        if (len + extra > b.length) b = Arrays.copyOf(b, Math.max(len + extra, b.length * 2));
    }

    /**
     * Converts a sparse HLL to dense, keeping the header (cached cardinality included). False if
     * the opcodes do not cover exactly every register (the value is then left unchanged). Any
     * opcode running past the last register is corruption: the reference server (7.0.15 with the
     * CVE-2025-32023 fix) rejects it even when later opcodes would be ignored.
     */
    public boolean toDense() {
        if (encoding() == DENSE) return true;
        byte[] d = new byte[DENSE_SIZE];
        System.arraycopy(b, 0, d, 0, HDR_SIZE);
        d[4] = DENSE;
        int idx = 0;
        int p = HDR_SIZE;
        while (p < len) {
            int op = b[p] & 0xff;
            int run = isZero(op) ? (op & 0x3f) + 1 : isXzero(op) ? xzeroLen(p) : valLen(op);
            if (run + idx > REGISTERS) return false;
            if (isVal(op)) {
                int v = valValue(op);
                for (int k = 0; k < run; k++) denseSet(d, HDR_SIZE, DENSE_SIZE, idx++, v);
            } else {
                idx += run;
            }
            p += isXzero(op) ? 2 : 1;
        }
        if (idx != REGISTERS) return false;
        b = d;
        len = DENSE_SIZE;
        return true;
    }

    /**
     * Raises register index to count in a sparse HLL, splitting the opcode that covers it and
     * then merging equal adjacent VAL opcodes near the change, as Redis does. Promotes to dense
     * when count does not fit a VAL opcode or the value would grow past maxBytes.
     * Returns 1 if changed, 0 if not, -1 if the value is corrupted.
     */
    int sparseSet(int index, int count, long maxBytes) {
        if (count > SPARSE_VAL_MAX_VALUE) return promote(index, count);
        ensureRoom(3);
        int end = len;
        int p = HDR_SIZE;
        int first = 0;
        int prev = -1;
        int span = 0;
        while (p < end) {
            int op = b[p] & 0xff;
            int opLen = 1;
            if (isZero(op)) {
                span = (op & 0x3f) + 1;
            } else if (isVal(op)) {
                span = valLen(op);
            } else {
                span = xzeroLen(p);
                opLen = 2;
            }
            if (index <= first + span - 1) break;
            prev = p;
            p += opLen;
            first += span;
        }
        if (span == 0 || p >= end) return -1;

        int cur = b[p] & 0xff;
        int next = isXzero(cur) ? p + 2 : p + 1;
        if (next >= end) next = -1;
        boolean zero = isZero(cur);
        boolean xzero = isXzero(cur);
        int runLen = zero ? (cur & 0x3f) + 1 : xzero ? xzeroLen(p) : valLen(cur);

        boolean simple = false;
        if (!zero && !xzero) {
            if (valValue(cur) >= count) return 0;
            if (runLen == 1) {
                b[p] = val(count, 1);
                simple = true;
            }
        }
        if (!simple && zero && runLen == 1) {
            b[p] = val(count, 1);
            simple = true;
        }

        if (!simple) {
            // Replace the covering opcode with up to three: what lies before the register,
            // the register itself, what lies after it.
            byte[] seq = new byte[5];
            int n = 0;
            int last = first + span - 1;
            if (zero || xzero) {
                if (index != first) n = putZeroRun(seq, n, index - first);
                seq[n++] = val(count, 1);
                if (index != last) n = putZeroRun(seq, n, last - index);
            } else {
                int curVal = valValue(cur);
                if (index != first) seq[n++] = val(curVal, index - first);
                seq[n++] = val(count, 1);
                if (index != last) seq[n++] = val(curVal, last - index);
            }
            int oldLen = xzero ? 2 : 1;
            int delta = n - oldLen;
            if (delta > 0 && len + delta > maxBytes) return promote(index, count);
            if (delta != 0 && next >= 0) System.arraycopy(b, next, b, next + delta, end - next);
            len += delta;
            System.arraycopy(seq, 0, b, p, n);
            end += delta;
        }

        // Merge adjacent VAL opcodes of equal value, scanning a few opcodes from the one before.
        p = prev >= 0 ? prev : HDR_SIZE;
        int scan = 5;
        while (p < end && scan-- != 0) {
            int op = b[p] & 0xff;
            if (isXzero(op)) {
                p += 2;
                continue;
            } else if (isZero(op)) {
                p++;
                continue;
            }
            if (p + 1 < end && isVal(b[p + 1] & 0xff)) {
                int v1 = valValue(op);
                int v2 = valValue(b[p + 1] & 0xff);
                if (v1 == v2) {
                    int l = valLen(op) + valLen(b[p + 1] & 0xff);
                    if (l <= SPARSE_VAL_MAX_LEN) {
                        b[p + 1] = val(v1, l);
                        System.arraycopy(b, p + 1, b, p, end - p - 1);
                        len--;
                        end--;
                        continue;
                    }
                }
            }
            p++;
        }
        invalidateCache();
        return 1;
    }

    private static int putZeroRun(byte[] seq, int n, int runLen) {
        if (runLen > SPARSE_ZERO_MAX_LEN) {
            putXzero(seq, n, runLen);
            return n + 2;
        }
        seq[n] = (byte) (runLen - 1);
        return n + 1;
    }

    private int promote(int index, int count) {
        if (!toDense()) return -1;
        int r = denseRaise(index, count);
        if (r != 1) throw new IllegalStateException("HLL promotion did not change the register");
        return r;
    }

    /** Raises a register in either encoding: 1 changed, 0 unchanged, -1 corrupted. */
    public int set(int index, int count, long sparseMaxBytes) {
        switch (encoding()) {
            case DENSE: return denseRaise(index, count);
            case SPARSE: return sparseSet(index, count, sparseMaxBytes);
            default: return -1;
        }
    }

    /** PFADD of one element: 1 if a register changed, 0 if not, -1 if the value is corrupted. */
    public int add(byte[] ele, long sparseMaxBytes) {
        int rc = registerAndCount(ele);
        return set(rc >>> 8, rc & 0xff, sparseMaxBytes);
    }

    // ---- counting and merging ----

    /** The estimated cardinality; for a sparse value that does not cover every register, -1. */
    public long count() {
        int[] histo = new int[64];
        if (encoding() == DENSE) {
            for (int i = 0; i < REGISTERS; i++) histo[denseGet(b, HDR_SIZE, len, i)]++;
        } else {
            int idx = 0;
            int p = HDR_SIZE;
            while (p < len) {
                int op = b[p] & 0xff;
                if (isZero(op)) {
                    int run = (op & 0x3f) + 1;
                    idx += run;
                    histo[0] += run;
                    p++;
                } else if (isXzero(op)) {
                    int run = xzeroLen(p);
                    idx += run;
                    histo[0] += run;
                    p += 2;
                } else {
                    int run = valLen(op);
                    idx += run;
                    histo[valValue(op)] += run;
                    p++;
                }
            }
            if (idx != REGISTERS) return -1;
        }
        return estimate(histo);
    }

    /** Estimated cardinality of registers held one per byte (the union PFCOUNT builds). */
    public static long countRaw(byte[] registers) {
        int[] histo = new int[64];
        for (int i = 0; i < REGISTERS; i++) histo[registers[i]]++;
        return estimate(histo);
    }

    /** Ertl's improved raw estimator ("New cardinality estimation algorithms for HyperLogLog sketches"). */
    static long estimate(int[] histo) {
        double m = REGISTERS;
        double z = m * tau((m - histo[Q + 1]) / m);
        for (int j = Q; j >= 1; --j) {
            z += histo[j];
            z *= 0.5;
        }
        z += m * sigma(histo[0] / m);
        double e = ALPHA_INF * m * m / z;
        return Math.round(e);
    }

    static double sigma(double x) {
        if (x == 1.0) return Double.POSITIVE_INFINITY;
        double zPrev;
        double y = 1;
        double z = x;
        do {
            x *= x;
            zPrev = z;
            z += x * y;
            y += y;
        } while (zPrev != z);
        return z;
    }

    static double tau(double x) {
        if (x == 0.0 || x == 1.0) return 0.0;
        double zPrev;
        double y = 1.0;
        double z = 1 - x;
        do {
            x = Math.sqrt(x);
            zPrev = z;
            y *= 0.5;
            double d = 1 - x;
            z -= d * d * y;
        } while (zPrev != z);
        return z / 3;
    }

    /**
     * Raises each max[i] to this HLL's register i. False if a sparse value is corrupted: its runs
     * do not cover exactly every register, or one runs past the last (see {@link #toDense()}).
     */
    public boolean mergeInto(byte[] max) {
        if (encoding() == DENSE) {
            for (int i = 0; i < REGISTERS; i++) {
                int v = denseGet(b, HDR_SIZE, len, i);
                if (v > max[i]) max[i] = (byte) v;
            }
            return true;
        }
        int i = 0;
        int p = HDR_SIZE;
        while (p < len) {
            int op = b[p] & 0xff;
            int run = isZero(op) ? (op & 0x3f) + 1 : isXzero(op) ? xzeroLen(p) : valLen(op);
            if (run + i > REGISTERS) return false;
            if (isVal(op)) {
                int v = valValue(op);
                for (int k = 0; k < run; k++, i++) if (v > max[i]) max[i] = (byte) v;
            } else {
                i += run;
            }
            p += isXzero(op) ? 2 : 1;
        }
        return i == REGISTERS;
    }

    /** PFDEBUG DECODE's text for a sparse HLL: "z:len", "Z:len", "v:value,len" separated by spaces. */
    public String decode() {
        StringBuilder s = new StringBuilder();
        int p = HDR_SIZE;
        while (p < len) {
            int op = b[p] & 0xff;
            if (isZero(op)) {
                s.append("z:").append((op & 0x3f) + 1).append(' ');
                p++;
            } else if (isXzero(op)) {
                s.append("Z:").append(xzeroLen(p)).append(' ');
                p += 2;
            } else {
                s.append("v:").append(valValue(op)).append(',').append(valLen(op)).append(' ');
                p++;
            }
        }
        int e = s.length();
        while (e > 0 && s.charAt(e - 1) == ' ') e--;
        return s.substring(0, e);
    }
}
