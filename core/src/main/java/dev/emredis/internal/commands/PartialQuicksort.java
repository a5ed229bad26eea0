package dev.emredis.internal.commands;

import java.util.Comparator;

/**
 * The partial quicksort SORT uses when BY and LIMIT are both given (Redis's pqsort, a
 * Bentley-McIlroy three-way quicksort that skips partitions outside the requested range). Ties
 * and the unsorted rest come out exactly as Redis leaves them, which a library sort would not
 * reproduce.
 */
final class PartialQuicksort {
    private PartialQuicksort() {}

    /** Sorts a so that positions from..to (inclusive) hold what a full sort would put there. */
    static <T> void sort(T[] a, Comparator<? super T> cmp, int from, int to) {
        sort(a, 0, a.length, cmp, from, to);
    }

    private static <T> void sort(T[] a, int lo, int n, Comparator<? super T> cmp, int from, int to) {
        while (true) {
            if (n < 7) {
                for (int m = lo + 1; m < lo + n; m++) {
                    for (int l = m; l > lo && cmp.compare(a[l - 1], a[l]) > 0; l--) swap(a, l, l - 1);
                }
                return;
            }
            int pm = lo + n / 2;
            if (n > 7) {
                int pl = lo;
                int pn = lo + n - 1;
                if (n > 40) {
                    int d = n / 8;
                    pl = med3(a, pl, pl + d, pl + 2 * d, cmp);
                    pm = med3(a, pm - d, pm, pm + d, cmp);
                    pn = med3(a, pn - 2 * d, pn - d, pn, cmp);
                }
                pm = med3(a, pl, pm, pn, cmp);
            }
            swap(a, lo, pm);
            int pa = lo + 1;
            int pb = pa;
            int pc = lo + n - 1;
            int pd = pc;
            while (true) {
                int r;
                while (pb <= pc && (r = cmp.compare(a[pb], a[lo])) <= 0) {
                    if (r == 0) swap(a, pa++, pb);
                    pb++;
                }
                while (pb <= pc && (r = cmp.compare(a[pc], a[lo])) >= 0) {
                    if (r == 0) swap(a, pc, pd--);
                    pc--;
                }
                if (pb > pc) break;
                swap(a, pb++, pc--);
            }
            int end = lo + n;
            int r = Math.min(pa - lo, pb - pa);
            vecswap(a, lo, pb - r, r);
            r = Math.min(pd - pc, end - pd - 1);
            vecswap(a, pb, end - r, r);
            if ((r = pb - pa) > 1 && overlaps(lo, r, from, to)) sort(a, lo, r, cmp, from, to);
            if ((r = pd - pc) > 1 && overlaps(end - r, r, from, to)) {
                lo = end - r;
                n = r;
                continue;
            }
            return;
        }
    }

    /** Whether the partition lo..lo+n-1 touches the wanted range (pqsort's byte-range test). */
    private static boolean overlaps(int lo, int n, int from, int to) {
        return !((from < lo && to < lo) || (from >= lo + n && to >= lo + n));
    }

    private static <T> int med3(T[] a, int i, int j, int k, Comparator<? super T> cmp) {
        return cmp.compare(a[i], a[j]) < 0
                ? (cmp.compare(a[j], a[k]) < 0 ? j : (cmp.compare(a[i], a[k]) < 0 ? k : i))
                : (cmp.compare(a[j], a[k]) > 0 ? j : (cmp.compare(a[i], a[k]) < 0 ? i : k));
    }

    private static <T> void swap(T[] a, int i, int j) {
        T t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    private static <T> void vecswap(T[] a, int i, int j, int n) {
        for (int k = 0; k < n; k++) swap(a, i + k, j + k);
    }
}
