package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.keyspace.RedisObject;
import dev.emredis.internal.keyspace.RedisString;
import java.util.ArrayList;
import java.util.List;

/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]: the longest common subsequence by
 * the classic dynamic-programming table, walked back from the end the way Redis walks it, so the
 * chosen subsequence and the reported ranges (last match first) are the same as Redis's.
 */
public final class LcsCommand {
    private LcsCommand() {}

    static void register(CommandRegistry r) {
        r.add("lcs", LcsCommand::lcs);
    }

    static void lcs(Ctx c) {
        // Both keys are looked up before the options are parsed; missing keys are empty strings.
        Database db = c.db();
        RedisObject oa = db.lookupRead(c.arg(1), c.client);
        RedisObject ob = db.lookupRead(c.arg(2), c.client);
        if ((oa != null && !(oa instanceof RedisString)) || (ob != null && !(ob instanceof RedisString))) {
            throw new RedisError(Errors.LCS_NOT_STRINGS);
        }
        byte[] a = oa == null ? new byte[0] : ((RedisString) oa).value();
        byte[] b = ob == null ? new byte[0] : ((RedisString) ob).value();

        boolean getLen = false, getIdx = false, withMatchLen = false;
        long minMatchLen = 0;
        for (int j = 3; j < c.argc(); j++) {
            boolean moreArgs = j < c.argc() - 1;
            if (c.is(j, "idx")) {
                getIdx = true;
            } else if (c.is(j, "len")) {
                getLen = true;
            } else if (c.is(j, "withmatchlen")) {
                withMatchLen = true;
            } else if (c.is(j, "minmatchlen") && moreArgs) {
                minMatchLen = Math.max(0, c.longArg(j + 1));
                j++;
            } else {
                throw new RedisError(Errors.SYNTAX);
            }
        }
        if (getLen && getIdx) throw new RedisError(Errors.LCS_LEN_AND_IDX);

        int alen = a.length;
        int blen = b.length;
        long cells = (long) (alen + 1) * (blen + 1);
        if (cells * 4 > c.server.config().getLong("proto-max-bulk-len")) throw new RedisError(Errors.LCS_TOO_MUCH_MEMORY);
        int w = blen + 1;
        int[] t;
        try {
            if (cells > Integer.MAX_VALUE - 8) throw new OutOfMemoryError();
            t = new int[(int) cells];
        } catch (OutOfMemoryError e) {
            // Redis's answer when ztrymalloc fails.
            throw new RedisError(Errors.LCS_ALLOC_FAILED);
        }
        for (int i = 1; i <= alen; i++) {
            for (int j = 1; j <= blen; j++) {
                if (a[i - 1] == b[j - 1]) t[i * w + j] = t[(i - 1) * w + j - 1] + 1;
                else t[i * w + j] = Math.max(t[(i - 1) * w + j], t[i * w + j - 1]);
            }
        }
        int total = t[alen * w + blen];

        if (getLen) {
            c.out.integer(total);
            return;
        }

        // Walk back from the end: a match extends the current range backwards while contiguous;
        // a mismatch or a new non-contiguous match closes it.
        byte[] result = new byte[total];
        List<long[]> ranges = new ArrayList<>();
        int idx = total;
        int aStart = alen, aEnd = 0, bStart = 0, bEnd = 0; // aStart == alen: no open range
        int i = alen, j = blen;
        while (i > 0 && j > 0) {
            boolean emit = false;
            if (a[i - 1] == b[j - 1]) {
                result[idx - 1] = a[i - 1];
                if (aStart == alen) {
                    aStart = aEnd = i - 1;
                    bStart = bEnd = j - 1;
                } else if (aStart == i && bStart == j) {
                    aStart--;
                    bStart--;
                } else {
                    emit = true;
                }
                if (aStart == 0 || bStart == 0) emit = true;
                idx--;
                i--;
                j--;
            } else {
                if (t[(i - 1) * w + j] > t[i * w + j - 1]) i--;
                else j--;
                if (aStart != alen) emit = true;
            }
            if (emit) {
                long matchLen = (long) aEnd - aStart + 1;
                if (getIdx && (minMatchLen == 0 || matchLen >= minMatchLen)) {
                    ranges.add(new long[] {aStart, aEnd, bStart, bEnd, matchLen});
                }
                aStart = alen;
            }
        }

        if (!getIdx) {
            c.out.bulk(result);
            return;
        }
        c.out.map(2);
        c.out.bulk("matches");
        c.out.array(ranges.size());
        for (long[] r : ranges) {
            c.out.array(withMatchLen ? 3 : 2);
            c.out.array(2);
            c.out.integer(r[0]);
            c.out.integer(r[1]);
            c.out.array(2);
            c.out.integer(r[2]);
            c.out.integer(r[3]);
            if (withMatchLen) c.out.integer(r[4]);
        }
        c.out.bulk("len");
        c.out.integer(total);
    }
}
