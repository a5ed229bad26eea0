package dev.emredis.lua;

import java.util.Arrays;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/**
 * Where C Lua 5.1 (ltable.c) would hold each key of a table, kept next to LuaJ's own storage so
 * that traversal ({@code next}, {@code pairs}, and through them cjson.encode, cmsgpack.pack and
 * map/set replies) comes out in Redis's order. A C Lua table has an array part (integer keys
 * 1..n) and a hash part of 2^k nodes with open addressing: a key goes to its main position
 * (strings: Lua's string hash, seeded with the length, modulo the size; numbers: the two 32-bit
 * halves of the double added, modulo size-1 or'ed with 1; booleans: 0/1), a collision takes the
 * highest free node below a "last free" pointer (moving the colliding key there when it is not
 * in its own main position), and a full table is rehashed: the array size becomes the largest
 * power of two more than half used by integer keys, the node count the next power of two of the
 * remaining keys, and the old nodes are re-inserted from the last to the first. Traversal visits
 * the array part, then the nodes in index order.
 *
 * <p>Only key placement is simulated (a flag says whether the value is nil; values stay in
 * LuaJ's table). Not reproduced: keys that are tables, functions or coroutines (C hashes their
 * address; here their identity hash), and the garbage collector turning the keys of nil values
 * into dead keys (a later re-insert of such a key then takes a new node in C).
 */
public final class CTableLayout {
    /** MAXBITS of ltable.c: array indices up to 2^26. */
    private static final int MAXBITS = 26;
    private static final boolean[] NO_FLAGS = new boolean[0];

    private int sizeArray;
    private boolean[] arr = NO_FLAGS;
    /** log2 of the node count; no nodes at all is C's shared dummy node. */
    private int lsize;
    private LuaValue[] keys;
    private boolean[] used;
    private int[] next;
    private int lastFree;

    /** A table created with room for {@code narray} array items and {@code nhash} fields. */
    public CTableLayout(int narray, int nhash) {
        if (narray > 0) {
            arr = new boolean[narray];
            sizeArray = narray;
        }
        setNodeVector(nhash);
    }

    /** luaO_fb2int: the sizes OP_NEWTABLE carries are encoded as "floating point bytes". */
    public static int fb2int(int x) {
        int e = (x >> 3) & 31;
        return e == 0 ? x : ((x & 7) + 8) << (e - 1);
    }

    /** luaH_resizearray as OP_SETLIST calls it: the array part grows to {@code n} if smaller. */
    public void resizeArray(int n) {
        if (n > sizeArray) resize(n, keys == null ? 0 : keys.length);
    }

    /**
     * luaH_getn: a border of the table. With a nil at the end of the array part, a binary search
     * inside it; else, without nodes, the array size; else an unbounded search over the integer
     * keys after it ({@code t} answers whether a key holds a value).
     */
    public int border(org.luaj.vm2.LuaTable t) {
        int j = sizeArray;
        if (j > 0 && !arr[j - 1]) {
            int i = 0;
            while (j - i > 1) {
                int m = (int) (((long) i + j) / 2);
                if (!arr[m - 1]) j = m;
                else i = m;
            }
            return i;
        }
        if (keys == null) return j;
        long i = j;
        long k = (long) j + 1;
        while (!t.rawget((int) k).isnil()) {
            i = k;
            k *= 2;
            if (k > Integer.MAX_VALUE) {
                int n = 1;
                while (!t.rawget(n).isnil()) n++;
                return n - 1;
            }
        }
        while (k - i > 1) {
            long m = (i + k) / 2;
            if (t.rawget((int) m).isnil()) k = m;
            else i = m;
        }
        return (int) i;
    }

    /** t[key] = value (an integer key); {@code nil} says whether the value is nil. */
    public void set(int key, boolean nil) {
        if (key > 0 && key <= sizeArray) {
            arr[key - 1] = !nil;
            return;
        }
        set(LuaInteger.valueOf(key), nil);
    }

    /** t[key] = value: a new key takes its node (even for a nil value, as luaH_set does). */
    public void set(LuaValue key, boolean nil) {
        mark(slot(key), !nil);
    }

    /**
     * The key after {@code key} in traversal order whose value is not nil, or null at the end;
     * nil starts. A key never stored raises "invalid key to 'next'".
     */
    public LuaValue next(LuaValue key) {
        int i = key.isnil() ? -1 : find(key);
        if (i < 0 && !key.isnil()) throw invalidNext();
        for (i++; i < sizeArray; i++) {
            if (arr[i]) return LuaInteger.valueOf(i + 1);
        }
        if (keys != null) {
            for (i -= sizeArray; i < keys.length; i++) {
                if (used[i]) return keys[i];
            }
        }
        return null;
    }

    private void mark(int slot, boolean nonNil) {
        if (slot < sizeArray) arr[slot] = nonNil;
        else used[slot - sizeArray] = nonNil;
    }

    /** luaH_set: the slot of an existing key, else a new one (array slots first, then nodes). */
    private int slot(LuaValue key) {
        int s = find(key);
        return s >= 0 ? s : newKey(key);
    }

    /** An integral number key as an int (1-based array index candidate), else 0. */
    private static int arrayIndex(LuaValue key) {
        if (key.type() != LuaValue.TNUMBER) return 0;
        double d = key.todouble();
        int k = (int) d;
        return k == d ? k : 0;
    }

    private int find(LuaValue key) {
        int k = arrayIndex(key);
        if (k > 0 && k <= sizeArray) return k - 1;
        if (keys == null) return -1;
        for (int i = mainPosition(key); i >= 0; i = next[i]) {
            if (keys[i] != null && keys[i].raweq(key)) return sizeArray + i;
        }
        return -1;
    }

    private int mainPosition(LuaValue key) {
        int size = keys.length;
        switch (key.type()) {
            case LuaValue.TNUMBER: {
                double d = key.todouble();
                if (d == 0) return 0;
                long bits = Double.doubleToRawLongBits(d);
                return Integer.remainderUnsigned((int) bits + (int) (bits >>> 32), (size - 1) | 1);
            }
            case LuaValue.TSTRING:
                return stringHash((LuaString) key.strvalue()) & (size - 1);
            case LuaValue.TBOOLEAN:
                return (key.toboolean() ? 1 : 0) & (size - 1);
            default:
                return Integer.remainderUnsigned(System.identityHashCode(key), (size - 1) | 1);
        }
    }

    /**
     * Lua 5.1's string hash as Redis builds it: seeded with the length, over every byte (Redis's
     * Lua hashes all bytes where stock 5.1 skips some of long strings), unsigned arithmetic.
     */
    static int stringHash(LuaString s) {
        int len = s.m_length;
        int h = len;
        for (int l1 = len; l1 >= 1; l1--) h ^= (h << 5) + (h >>> 2) + (s.m_bytes[s.m_offset + l1 - 1] & 0xff);
        return h;
    }

    /** next() with a key not in the table: raised inside the C function, so without position. */
    public static LuaError invalidNext() {
        return ScriptError.plain("invalid key to 'next'");
    }

    /** newkey: place a key that is not in the table. */
    private int newKey(LuaValue key) {
        if (keys == null) {
            rehash(key);
            return slot(key);
        }
        int mp = mainPosition(key);
        if (used[mp]) {
            int free = freePosition();
            if (free < 0) {
                rehash(key);
                return slot(key);
            }
            int other = mainPosition(keys[mp]);
            if (other != mp) {
                // the colliding key is not in its main position: it moves to the free node
                while (next[other] != mp) other = next[other];
                next[other] = free;
                keys[free] = keys[mp];
                used[free] = used[mp];
                next[free] = next[mp];
                next[mp] = -1;
                used[mp] = false;
            } else {
                // the new key goes to the free node, chained after its main position
                next[free] = next[mp];
                next[mp] = free;
                mp = free;
            }
        }
        keys[mp] = key;
        return sizeArray + mp;
    }

    private int freePosition() {
        while (lastFree > 0) {
            lastFree--;
            if (keys[lastFree] == null) return lastFree;
        }
        return -1;
    }

    private static int ceilLog2(int x) {
        return x <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(x - 1);
    }

    private void setNodeVector(int size) {
        if (size == 0) {
            keys = null;
            used = null;
            next = null;
            lsize = 0;
            lastFree = 0;
            return;
        }
        lsize = ceilLog2(size);
        int n = 1 << lsize;
        keys = new LuaValue[n];
        used = new boolean[n];
        next = new int[n];
        Arrays.fill(next, -1);
        lastFree = n;
    }

    private static int countInt(LuaValue key, int[] nums) {
        int k = arrayIndex(key);
        if (k > 0 && k <= (1 << MAXBITS)) {
            nums[ceilLog2(k)]++;
            return 1;
        }
        return 0;
    }

    /** rehash: new sizes from the keys in use plus the key being added. */
    private void rehash(LuaValue extra) {
        int[] nums = new int[MAXBITS + 1];
        int nasize = 0;
        int i = 1;
        for (int lg = 0, ttlg = 1; lg <= MAXBITS; lg++, ttlg *= 2) {
            int lim = ttlg;
            if (lim > sizeArray) {
                lim = sizeArray;
                if (i > lim) break;
            }
            int lc = 0;
            for (; i <= lim; i++) {
                if (arr[i - 1]) lc++;
            }
            nums[lg] += lc;
            nasize += lc;
        }
        int total = nasize;
        if (keys != null) {
            for (int n = keys.length - 1; n >= 0; n--) {
                if (used[n]) {
                    nasize += countInt(keys[n], nums);
                    total++;
                }
            }
        }
        nasize += countInt(extra, nums);
        total++;
        // computesizes: the largest power of two more than half full of integer keys
        int a = 0;
        int na = 0;
        int n = 0;
        for (int b = 0, twotoi = 1; twotoi / 2 < nasize; b++, twotoi *= 2) {
            if (nums[b] > 0) {
                a += nums[b];
                if (a > twotoi / 2) {
                    n = twotoi;
                    na = a;
                }
            }
            if (a == nasize) break;
        }
        resize(n, total - na);
    }

    private void resize(int nasize, int nhsize) {
        int oldA = sizeArray;
        LuaValue[] oldKeys = keys;
        boolean[] oldUsed = used;
        if (nasize > oldA) {
            arr = Arrays.copyOf(arr, nasize);
            sizeArray = nasize;
        }
        setNodeVector(nhsize);
        if (nasize < oldA) {
            sizeArray = nasize;
            boolean[] old = arr;
            for (int i = nasize; i < oldA; i++) {
                if (old[i]) mark(slot(LuaInteger.valueOf(i + 1)), true);
            }
            arr = Arrays.copyOf(old, nasize);
        }
        if (oldKeys != null) {
            for (int i = oldKeys.length - 1; i >= 0; i--) {
                if (oldUsed[i]) mark(slot(oldKeys[i]), true);
            }
        }
    }
}
