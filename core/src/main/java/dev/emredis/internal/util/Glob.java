package dev.emredis.internal.util;

/**
 * Redis's glob matching (stringmatchlen): {@code *}, {@code ?}, {@code [abc]}, {@code [^a-z]},
 * backslash escapes. Used by KEYS, SCAN MATCH, PSUBSCRIBE, CONFIG GET and friends.
 */
public final class Glob {
    private Glob() {}

    public static boolean match(byte[] pattern, byte[] string, boolean nocase) {
        boolean[] skipLonger = new boolean[1];
        return match(pattern, 0, string, 0, nocase, skipLonger, 0);
    }

    public static boolean match(byte[] pattern, byte[] string) {
        return match(pattern, string, false);
    }

    private static boolean match(byte[] p, int pi, byte[] s, int si, boolean nocase, boolean[] skipLonger, int nesting) {
        // Redis bounds recursion so pathological patterns cannot blow the stack.
        if (nesting > 1000) return false;
        int plen = p.length;
        int slen = s.length;
        while (pi < plen && si < slen) {
            switch (p[pi]) {
                case '*':
                    while (pi + 1 < plen && p[pi + 1] == '*') pi++;
                    if (pi + 1 == plen) return true;
                    while (si < slen) {
                        if (match(p, pi + 1, s, si, nocase, skipLonger, nesting + 1)) return true;
                        if (skipLonger[0]) return false;
                        si++;
                    }
                    skipLonger[0] = true;
                    return false;
                case '?':
                    si++;
                    break;
                case '[': {
                    pi++;
                    boolean not = pi < plen && p[pi] == '^';
                    if (not) pi++;
                    boolean matched = false;
                    while (true) {
                        if (pi < plen && p[pi] == '\\' && pi + 1 < plen) {
                            pi++;
                            if (p[pi] == s[si]) matched = true;
                        } else if (pi >= plen || p[pi] == ']') {
                            break;
                        } else if (pi + 2 < plen && p[pi + 1] == '-') {
                            int start = p[pi] & 0xff;
                            int end = p[pi + 2] & 0xff;
                            int c = s[si] & 0xff;
                            if (start > end) {
                                int t = start;
                                start = end;
                                end = t;
                            }
                            if (nocase) {
                                start = Character.toLowerCase(start);
                                end = Character.toLowerCase(end);
                                c = Character.toLowerCase(c);
                            }
                            pi += 2;
                            if (c >= start && c <= end) matched = true;
                        } else {
                            if (eq(p[pi], s[si], nocase)) matched = true;
                        }
                        pi++;
                    }
                    if (not) matched = !matched;
                    if (!matched) return false;
                    si++;
                    if (pi >= plen) pi--; // unterminated class: Redis treats the end as ']'
                    break;
                }
                case '\\':
                    if (pi + 1 < plen) pi++;
                    // fall through
                default:
                    if (!eq(p[pi], s[si], nocase)) return false;
                    si++;
                    break;
            }
            pi++;
            if (si == slen) {
                while (pi < plen && p[pi] == '*') pi++;
                break;
            }
        }
        return pi == plen && si == slen;
    }

    private static boolean eq(byte a, byte b, boolean nocase) {
        if (a == b) return true;
        return nocase && Character.toLowerCase(a & 0xff) == Character.toLowerCase(b & 0xff);
    }
}
