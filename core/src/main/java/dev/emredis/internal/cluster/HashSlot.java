package dev.emredis.internal.cluster;

/**
 * Redis Cluster key hashing: CRC16 (the XMODEM variant: polynomial 0x1021, initial value 0, no
 * reflection, no final xor) of the key, or of its hash tag, modulo 16384. The hash tag is what lies
 * between the first '{' and the first '}' after it, when that is not empty; it lets related keys
 * share a slot. Works on raw bytes, never on decoded characters.
 */
public final class HashSlot {
    /** Number of hash slots in a Redis cluster. */
    public static final int SLOTS = 16384;

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int b = 0; b < 8; b++) crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            TABLE[i] = crc & 0xFFFF;
        }
    }

    private HashSlot() {}

    /** CRC16/XMODEM of {@code len} bytes of {@code b} from {@code off}. */
    public static int crc16(byte[] b, int off, int len) {
        int crc = 0;
        for (int i = off; i < off + len; i++) crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ b[i]) & 0xFF]) & 0xFFFF;
        return crc;
    }

    /** The slot of a key, honouring hash tags. */
    public static int of(byte[] key) {
        int open = -1;
        for (int i = 0; i < key.length; i++) {
            if (key[i] == '{') {
                open = i;
                break;
            }
        }
        if (open < 0) return crc16(key, 0, key.length) & (SLOTS - 1);
        int close = -1;
        for (int i = open + 1; i < key.length; i++) {
            if (key[i] == '}') {
                close = i;
                break;
            }
        }
        // no '}' after the '{', or "{}": the whole key is hashed
        if (close < 0 || close == open + 1) return crc16(key, 0, key.length) & (SLOTS - 1);
        return crc16(key, open + 1, close - open - 1) & (SLOTS - 1);
    }

    /** The slot of a key given as text (UTF-8 bytes). */
    public static int of(String key) {
        return of(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
