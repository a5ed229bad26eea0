package dev.emredis.internal.keyspace;

/**
 * The shape of a Redis radix tree (rax.c) under inserts and removals, kept only to know how many
 * nodes Redis's tree has ({@code XINFO STREAM}'s radix-tree-nodes, MEMORY USAGE). The splitting
 * and re-compression steps follow rax.c, so the node count after any sequence of operations equals
 * Redis's. Values are not stored: the caller keeps its data in an ordinary sorted map.
 */
public final class RaxShape {
    /** A node: either compressed (edge string, one child) or not (one edge byte per child). */
    private static final class Node {
        boolean key;
        boolean compressed;
        byte[] chars = new byte[0];
        Node[] children = new Node[0];

        Node lastChild() {
            return children[children.length - 1];
        }

        /** Can be merged into a compressed chain: not a key and exactly one way out. */
        boolean chainable() {
            return !key && (compressed || chars.length == 1);
        }
    }

    private Node head = new Node();
    private long nodes = 1;
    private long elements;

    public long nodes() {
        return nodes;
    }

    public long size() {
        return elements;
    }

    /** raxLowWalk's results. */
    private static final class Walk {
        Node stop;
        Node parent; // the node whose child link points to stop (null: head)
        int parentSlot;
        int consumed;
        int split;
        Node[] stack = new Node[8];
        int depth;

        void push(Node n) {
            if (depth == stack.length) stack = java.util.Arrays.copyOf(stack, depth * 2);
            stack[depth++] = n;
        }

        Node pop() {
            return depth == 0 ? null : stack[--depth];
        }

        Node peek() {
            return depth == 0 ? null : stack[depth - 1];
        }
    }

    private Walk walk(byte[] s) {
        Walk w = new Walk();
        Node h = head;
        int i = 0;
        int j = 0;
        while (h.chars.length > 0 && i < s.length) {
            byte[] v = h.chars;
            if (h.compressed) {
                for (j = 0; j < v.length && i < s.length; j++, i++) {
                    if (v[j] != s[i]) break;
                }
                if (j != v.length) break;
            } else {
                for (j = 0; j < v.length; j++) {
                    if (v[j] == s[i]) break;
                }
                if (j == v.length) break;
                i++;
            }
            w.push(h);
            int slot = h.compressed ? 0 : j;
            w.parent = h;
            w.parentSlot = slot;
            h = h.children[slot];
            j = 0;
        }
        w.stop = h;
        w.consumed = i;
        w.split = h.compressed ? j : 0;
        return w;
    }

    private void link(Node parent, int slot, Node child) {
        if (parent == null) head = child;
        else parent.children[slot] = child;
    }

    private static Node compressedNode(byte[] chars, Node child) {
        Node n = new Node();
        n.chars = chars;
        n.compressed = chars.length > 1;
        n.children = new Node[] {child};
        return n;
    }

    /** raxInsert; true if the key was new. */
    public boolean insert(byte[] s) {
        Walk w = walk(s);
        Node h = w.stop;
        int i = w.consumed;
        int j = w.split;
        Node parent = w.parent;
        int slot = w.parentSlot;
        if (i == s.length && (!h.compressed || j == 0)) {
            if (h.key) return false;
            h.key = true;
            elements++;
            return true;
        }
        if (h.compressed && i != s.length) {
            // Algorithm 1: split the compressed node at j, continue from the split node.
            Node next = h.children[0];
            int postfixLen = h.chars.length - j - 1;
            Node split = new Node();
            split.chars = new byte[] {h.chars[j]};
            split.children = new Node[1];
            if (j == 0) {
                split.key = h.key;
                link(parent, slot, split);
            } else {
                Node trimmed = compressedNode(java.util.Arrays.copyOf(h.chars, j), split);
                trimmed.key = h.key;
                link(parent, slot, trimmed);
                parent = trimmed;
                slot = 0;
                nodes++;
            }
            Node postfix;
            if (postfixLen > 0) {
                postfix = compressedNode(java.util.Arrays.copyOfRange(h.chars, j + 1, h.chars.length), next);
                nodes++;
            } else {
                postfix = next;
            }
            split.children[0] = postfix;
            h = split;
        } else if (h.compressed) {
            // Algorithm 2: the key ends inside a compressed node: split it there.
            Node next = h.children[0];
            Node postfix = compressedNode(java.util.Arrays.copyOfRange(h.chars, j, h.chars.length), next);
            postfix.key = true;
            nodes++;
            Node trimmed = compressedNode(java.util.Arrays.copyOf(h.chars, j), postfix);
            trimmed.key = h.key;
            link(parent, slot, trimmed);
            elements++;
            return true;
        }
        while (i < s.length) {
            Node child = new Node();
            if (h.chars.length == 0 && s.length - i > 1) {
                h.compressed = true;
                h.chars = java.util.Arrays.copyOfRange(s, i, s.length);
                h.children = new Node[] {child};
                i = s.length;
            } else {
                // raxAddChild keeps the edges sorted
                int pos = 0;
                while (pos < h.chars.length && (h.chars[pos] & 0xff) < (s[i] & 0xff)) pos++;
                byte[] nc = new byte[h.chars.length + 1];
                Node[] nch = new Node[h.children.length + 1];
                System.arraycopy(h.chars, 0, nc, 0, pos);
                System.arraycopy(h.children, 0, nch, 0, pos);
                nc[pos] = s[i];
                nch[pos] = child;
                System.arraycopy(h.chars, pos, nc, pos + 1, h.chars.length - pos);
                System.arraycopy(h.children, pos, nch, pos + 1, h.children.length - pos);
                h.chars = nc;
                h.children = nch;
                i++;
            }
            nodes++;
            h = child;
        }
        h.key = true;
        elements++;
        return true;
    }

    /** raxRemove; true if the key was there. */
    public boolean remove(byte[] s) {
        Walk w = walk(s);
        Node h = w.stop;
        if (w.consumed != s.length || (h.compressed && w.split != 0) || !h.key) return false;
        h.key = false;
        elements--;
        boolean tryCompress = false;
        if (h.chars.length == 0) {
            Node child = null;
            while (h != head) {
                child = h;
                nodes--;
                h = w.pop();
                if (h.key || (!h.compressed && h.chars.length != 1)) break;
            }
            if (child != null) {
                removeChild(h, child);
                if (h.chars.length == 1 && !h.key) tryCompress = true;
            }
        } else if (h.chars.length == 1) {
            tryCompress = true;
        }
        if (tryCompress) {
            Node parent;
            while (true) {
                parent = w.pop();
                if (parent == null || parent.key || (!parent.compressed && parent.chars.length != 1)) break;
                h = parent;
            }
            Node start = h;
            int count = 1;
            int size = h.chars.length;
            while (h.chars.length != 0) {
                h = h.lastChild();
                if (!h.chainable()) break;
                count++;
                size += h.chars.length;
            }
            if (count > 1) {
                byte[] chars = new byte[size];
                int at = 0;
                h = start;
                while (h.chars.length != 0) {
                    System.arraycopy(h.chars, 0, chars, at, h.chars.length);
                    at += h.chars.length;
                    h = h.lastChild();
                    nodes--;
                    if (!h.chainable()) break;
                }
                Node merged = new Node();
                merged.compressed = true;
                merged.chars = chars;
                merged.children = new Node[] {h};
                nodes++;
                if (parent == null) {
                    head = merged;
                } else {
                    for (int k = 0; k < parent.children.length; k++) {
                        if (parent.children[k] == start) parent.children[k] = merged;
                    }
                }
            }
        }
        return true;
    }

    /** raxRemoveChild: a compressed parent becomes an empty plain node; otherwise the edge goes. */
    private static void removeChild(Node parent, Node child) {
        if (parent.compressed) {
            parent.compressed = false;
            parent.chars = new byte[0];
            parent.children = new Node[0];
            return;
        }
        int k = 0;
        while (parent.children[k] != child) k++;
        byte[] nc = new byte[parent.chars.length - 1];
        Node[] nch = new Node[parent.children.length - 1];
        System.arraycopy(parent.chars, 0, nc, 0, k);
        System.arraycopy(parent.children, 0, nch, 0, k);
        System.arraycopy(parent.chars, k + 1, nc, k, parent.chars.length - k - 1);
        System.arraycopy(parent.children, k + 1, nch, k, parent.children.length - k - 1);
        parent.chars = nc;
        parent.children = nch;
    }
}
