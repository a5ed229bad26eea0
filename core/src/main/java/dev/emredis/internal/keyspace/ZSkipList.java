package dev.emredis.internal.keyspace;

/**
 * The ordered half of a sorted set: a skiplist whose links carry spans (how many elements a link
 * jumps over), so rank lookups, rank ranges and score/lex ranges are O(log n). Elements are ordered
 * as Redis orders them: by score ({@code <}/{@code ==} on doubles, so 0 and -0 tie), then by member
 * bytes compared unsigned, a shorter prefix first. Ranks here are 1-based, as in Redis.
 */
public final class ZSkipList {
    static final int MAX_LEVEL = 32;

    /** One element. {@code next()}/{@code prev()} walk the list in order. */
    public static final class Node {
        public final byte[] member;
        public double score;
        Node backward;
        final Node[] forward;
        final long[] span;

        Node(int level, double score, byte[] member) {
            this.member = member;
            this.score = score;
            this.forward = new Node[level];
            this.span = new long[level];
        }

        public Node next() {
            return forward[0];
        }

        public Node prev() {
            return backward;
        }
    }

    private final Node header = new Node(MAX_LEVEL, 0, null);
    private Node tail;
    private int level = 1;
    private long length;
    /** Level choice only shapes performance, never a reply: a private generator keeps runs repeatable. */
    private long seed = 0x9E3779B97F4A7C15L;

    public long length() {
        return length;
    }

    public Node first() {
        return header.forward[0];
    }

    public Node last() {
        return tail;
    }

    /** Redis's member order: memcmp on the common prefix, then the shorter first. */
    public static int compareMembers(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int d = (a[i] & 0xff) - (b[i] & 0xff);
            if (d != 0) return d;
        }
        return a.length - b.length;
    }

    /** True if (s1, m1) sorts strictly before (s2, m2). */
    private static boolean before(double s1, byte[] m1, double s2, byte[] m2) {
        return s1 < s2 || (s1 == s2 && compareMembers(m1, m2) < 0);
    }

    private int randomLevel() {
        int lvl = 1;
        while (true) {
            seed ^= seed << 13;
            seed ^= seed >>> 7;
            seed ^= seed << 17;
            if ((seed & 3) != 0 || lvl >= MAX_LEVEL) break; // p = 1/4
            lvl++;
        }
        return lvl;
    }

    /** Inserts an element known to be absent. */
    public Node insert(double score, byte[] member) {
        Node[] update = new Node[MAX_LEVEL];
        long[] rank = new long[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            while (x.forward[i] != null && before(x.forward[i].score, x.forward[i].member, score, member)) {
                rank[i] += x.span[i];
                x = x.forward[i];
            }
            update[i] = x;
        }
        int lvl = randomLevel();
        if (lvl > level) {
            for (int i = level; i < lvl; i++) {
                rank[i] = 0;
                update[i] = header;
                header.span[i] = length;
            }
            level = lvl;
        }
        Node n = new Node(lvl, score, member);
        for (int i = 0; i < lvl; i++) {
            n.forward[i] = update[i].forward[i];
            update[i].forward[i] = n;
            n.span[i] = update[i].span[i] - (rank[0] - rank[i]);
            update[i].span[i] = rank[0] - rank[i] + 1;
        }
        for (int i = lvl; i < level; i++) update[i].span[i]++;
        n.backward = update[0] == header ? null : update[0];
        if (n.forward[0] != null) n.forward[0].backward = n;
        else tail = n;
        length++;
        return n;
    }

    private void unlink(Node x, Node[] update) {
        for (int i = 0; i < level; i++) {
            if (update[i].forward[i] == x) {
                update[i].span[i] += x.span[i] - 1;
                update[i].forward[i] = x.forward[i];
            } else {
                update[i].span[i]--;
            }
        }
        if (x.forward[0] != null) x.forward[0].backward = x.backward;
        else tail = x.backward;
        while (level > 1 && header.forward[level - 1] == null) level--;
        length--;
    }

    /** Fills update[] with the last node before (score, member) on each level. */
    private Node seek(double score, byte[] member, Node[] update) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && before(x.forward[i].score, x.forward[i].member, score, member)) {
                x = x.forward[i];
            }
            update[i] = x;
        }
        return x.forward[0];
    }

    /** Removes the element with this score and member; false if absent. */
    public boolean delete(double score, byte[] member) {
        Node[] update = new Node[MAX_LEVEL];
        Node x = seek(score, member, update);
        if (x != null && x.score == score && compareMembers(x.member, member) == 0) {
            unlink(x, update);
            return true;
        }
        return false;
    }

    /** Changes the score of an existing element; returns the node now holding it. */
    public Node updateScore(double cur, byte[] member, double newScore) {
        Node[] update = new Node[MAX_LEVEL];
        Node x = seek(cur, member, update);
        if ((x.backward == null || x.backward.score < newScore)
                && (x.forward[0] == null || x.forward[0].score > newScore)) {
            x.score = newScore;
            return x;
        }
        unlink(x, update);
        return insert(newScore, x.member);
    }

    /** 1-based rank of an element, 0 if absent. */
    public long rank(double score, byte[] member) {
        Node x = header;
        long rank = 0;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && (x.forward[i].score < score
                    || (x.forward[i].score == score && compareMembers(x.forward[i].member, member) <= 0))) {
                rank += x.span[i];
                x = x.forward[i];
            }
            if (x != header && x.score == score && compareMembers(x.member, member) == 0) return rank;
        }
        return 0;
    }

    /** The element at a 1-based rank, or null. */
    public Node byRank(long rank) {
        Node x = header;
        long traversed = 0;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && traversed + x.span[i] <= rank) {
                traversed += x.span[i];
                x = x.forward[i];
            }
            if (traversed == rank) return x == header ? null : x;
        }
        return null;
    }

    /** First element with score above (or at, if inclusive) min; null if none. */
    public Node firstAtLeast(ScoreRange r) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !r.gteMin(x.forward[i].score)) x = x.forward[i];
        }
        return x.forward[0];
    }

    /** Last element with score below (or at, if inclusive) max; null if none. */
    public Node lastAtMost(ScoreRange r) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && r.lteMax(x.forward[i].score)) x = x.forward[i];
        }
        return x == header ? null : x;
    }

    public Node firstAtLeast(LexRange r) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !r.gteMin(x.forward[i].member)) x = x.forward[i];
        }
        return x.forward[0];
    }

    public Node lastAtMost(LexRange r) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && r.lteMax(x.forward[i].member)) x = x.forward[i];
        }
        return x == header ? null : x;
    }

    /** Removes the elements of 1-based ranks start..end; each removed member goes to {@code removed}. */
    public long deleteRangeByRank(long start, long end, java.util.function.Consumer<byte[]> removed) {
        Node[] update = new Node[MAX_LEVEL];
        Node x = header;
        long traversed = 0;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && traversed + x.span[i] < start) {
                traversed += x.span[i];
                x = x.forward[i];
            }
            update[i] = x;
        }
        traversed++;
        x = x.forward[0];
        long n = 0;
        while (x != null && traversed <= end) {
            Node next = x.forward[0];
            unlink(x, update);
            removed.accept(x.member);
            n++;
            traversed++;
            x = next;
        }
        return n;
    }

    /** Removes the contiguous run of elements from {@code from} while {@code keep} says so. */
    public long deleteRun(Node from, java.util.function.Predicate<Node> inRange, java.util.function.Consumer<byte[]> removed) {
        long n = 0;
        Node[] update = new Node[MAX_LEVEL];
        Node x = from;
        while (x != null && inRange.test(x)) {
            Node next = x.forward[0];
            seek(x.score, x.member, update);
            unlink(x, update);
            removed.accept(x.member);
            n++;
            x = next;
        }
        return n;
    }
}
