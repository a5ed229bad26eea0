package dev.emredis.internal.rdb;

/**
 * LZF as Redis builds it (lzf_c.c with HLOG 16, VERY_FAST, a 64K-slot hash of 3-byte prefixes),
 * so that DUMP of a compressible string gives the same bytes as Redis. Format: a control byte
 * 000LLLLL is followed by L+1 literal bytes; LLLooooo oooooooo is a back reference of L+2 bytes
 * at distance o+1; 111ooooo LLLLLLLL oooooooo the same with length L+9.
 */
public final class Lzf {
    private static final int HLOG = 16;
    private static final int HSIZE = 1 << HLOG;
    private static final int MAX_LIT = 1 << 5;
    private static final int MAX_OFF = 1 << 13;
    private static final int MAX_REF = (1 << 8) + (1 << 3);

    private Lzf() {}

    private static int idx(int h) {
        return ((h >>> (3 * 8 - HLOG)) - h * 5) & (HSIZE - 1);
    }

    /**
     * Compresses {@code in} into at most {@code outLen} bytes; returns the compressed bytes, or
     * null when they would not fit (the caller then stores the data verbatim). Positions in the
     * hash are kept +1 so that 0 means empty; like Redis a match at offset 0 is never taken.
     */
    public static byte[] compress(byte[] in, int outLen) {
        int inLen = in.length;
        if (inLen == 0 || outLen <= 0) return null;
        byte[] out = new byte[outLen + 3];
        int[] htab = new int[HSIZE];
        int ip = 0;
        int op = 0;
        int lit = 0;
        op++; // start run
        int hval = ((in[0] & 0xff) << 8) | (inLen > 1 ? in[1] & 0xff : 0);
        while (ip < inLen - 2) {
            hval = (hval << 8) | (in[ip + 2] & 0xff);
            int slot = idx(hval);
            int ref = htab[slot] - 1;
            htab[slot] = ip + 1;
            int off;
            if (ref > 0 && ref < ip && (off = ip - ref - 1) < MAX_OFF
                    && in[ref + 2] == in[ip + 2] && in[ref + 1] == in[ip + 1] && in[ref] == in[ip]) {
                int len = 2;
                int maxlen = inLen - ip - len;
                if (maxlen > MAX_REF) maxlen = MAX_REF;
                if (op + 3 + 1 >= outLen && op - (lit == 0 ? 1 : 0) + 3 + 1 >= outLen) return null;
                out[op - lit - 1] = (byte) (lit - 1); // stop run
                if (lit == 0) op--; // undo run if length is zero
                boolean mismatch = false;
                if (maxlen > 16) {
                    // lzf_c.c's unrolled first 16 steps compare without the maxlen bound; keep
                    // that, since it decides the match length near the end of the input
                    for (int k = 0; k < 16 && !mismatch; k++) {
                        len++;
                        mismatch = in[ref + len] != in[ip + len];
                    }
                }
                if (!mismatch) {
                    do {
                        len++;
                    } while (len < maxlen && in[ref + len] == in[ip + len]);
                }
                len -= 2; // now #octets - 1
                ip++;
                if (len < 7) {
                    out[op++] = (byte) ((off >> 8) + (len << 5));
                } else {
                    out[op++] = (byte) ((off >> 8) + (7 << 5));
                    out[op++] = (byte) (len - 7);
                }
                out[op++] = (byte) off;
                lit = 0;
                op++; // start run
                ip += len + 1;
                if (ip >= inLen - 2) break;
                // VERY_FAST: rehash the two positions before the new one
                ip -= 2;
                hval = ((in[ip] & 0xff) << 8) | (in[ip + 1] & 0xff);
                hval = (hval << 8) | (in[ip + 2] & 0xff);
                htab[idx(hval)] = ip + 1;
                ip++;
                hval = (hval << 8) | (in[ip + 2] & 0xff);
                htab[idx(hval)] = ip + 1;
                ip++;
            } else {
                if (op >= outLen) return null;
                lit++;
                out[op++] = in[ip++];
                if (lit == MAX_LIT) {
                    out[op - lit - 1] = (byte) (lit - 1);
                    lit = 0;
                    op++;
                }
            }
        }
        if (op + 3 > outLen) return null;
        while (ip < inLen) {
            lit++;
            out[op++] = in[ip++];
            if (lit == MAX_LIT) {
                out[op - lit - 1] = (byte) (lit - 1);
                lit = 0;
                op++;
            }
        }
        out[op - lit - 1] = (byte) (lit - 1);
        if (lit == 0) op--;
        return java.util.Arrays.copyOf(out, op);
    }

    /**
     * Decompresses into exactly {@code outLen} bytes; null if the data is corrupt or does not
     * produce exactly that many bytes (Redis: "Invalid LZF compressed string").
     */
    public static byte[] decompress(byte[] in, int inOff, int inLen, int outLen) {
        byte[] out = new byte[outLen];
        int ip = inOff;
        int end = inOff + inLen;
        int op = 0;
        while (ip < end) {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < (1 << 5)) {
                int n = ctrl + 1;
                if (op + n > outLen || ip + n > end) return null;
                System.arraycopy(in, ip, out, op, n);
                ip += n;
                op += n;
            } else {
                int len = ctrl >> 5;
                if (len == 7) {
                    if (ip >= end) return null;
                    len += in[ip++] & 0xff;
                }
                if (ip >= end) return null;
                int ref = op - ((ctrl & 0x1f) << 8) - 1 - (in[ip++] & 0xff);
                len += 2;
                if (op + len > outLen || ref < 0) return null;
                for (int i = 0; i < len; i++) out[op++] = out[ref++];
            }
        }
        return op == outLen ? out : null;
    }
}
