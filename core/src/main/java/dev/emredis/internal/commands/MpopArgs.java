package dev.emredis.internal.commands;

import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;

/**
 * The arguments of LMPOP/BLMPOP/ZMPOP/BZMPOP, parsed as Redis's lmpopGenericCommand and
 * zmpopGenericCommand do: numkeys key [key ...] FIRST|SECOND [COUNT count].
 */
final class MpopArgs {
    final byte[][] keys;
    /** The second direction word (RIGHT, MAX) was given. */
    final boolean fromEnd;
    final long count;

    private MpopArgs(byte[][] keys, boolean fromEnd, long count) {
        this.keys = keys;
        this.fromEnd = fromEnd;
        this.count = count;
    }

    static MpopArgs parse(Ctx c, int numkeysIdx, String first, String second) {
        long numkeys = ZArgs.rangeLong(c, numkeysIdx, 1, Long.MAX_VALUE, Errors.NUMKEYS_POSITIVE);
        // the direction word must follow the keys (compared without overflowing the index)
        if (numkeys >= c.argc() - numkeysIdx - 1) throw new RedisError(Errors.SYNTAX);
        long whereIdx = numkeysIdx + numkeys + 1;
        boolean fromEnd;
        if (c.is((int) whereIdx, first)) fromEnd = false;
        else if (c.is((int) whereIdx, second)) fromEnd = true;
        else throw new RedisError(Errors.SYNTAX);
        long count = -1;
        for (int j = (int) whereIdx + 1; j < c.argc(); j++) {
            boolean more = c.argc() - 1 - j > 0;
            if (count == -1 && c.is(j, "count") && more) {
                j++;
                count = ZArgs.rangeLong(c, j, 1, Long.MAX_VALUE, Errors.COUNT_POSITIVE);
            } else {
                throw new RedisError(Errors.SYNTAX);
            }
        }
        if (count == -1) count = 1;
        byte[][] keys = new byte[(int) numkeys][];
        for (int i = 0; i < numkeys; i++) keys[i] = c.arg(numkeysIdx + 1 + i);
        return new MpopArgs(keys, fromEnd, count);
    }
}
