package dev.emredis.internal.keyspace;

import java.util.Arrays;

/**
 * A list value: a growable ring buffer with O(1) push/pop at both ends and O(1) index access.
 * Redis 7.0 always reports lists as {@code quicklist}.
 */
public final class RedisList extends RedisObject {
    private byte[][] items = new byte[8][];
    private int head;
    private int size;

    public int size() {
        return size;
    }

    public byte[] get(int index) {
        return items[(head + index) & (items.length - 1)];
    }

    public void addFirst(byte[] v) {
        grow();
        head = (head - 1) & (items.length - 1);
        items[head] = v;
        size++;
    }

    public void addLast(byte[] v) {
        grow();
        items[(head + size) & (items.length - 1)] = v;
        size++;
    }

    public byte[] removeFirst() {
        byte[] v = items[head];
        items[head] = null;
        head = (head + 1) & (items.length - 1);
        size--;
        return v;
    }

    public byte[] removeLast() {
        int i = (head + size - 1) & (items.length - 1);
        byte[] v = items[i];
        items[i] = null;
        size--;
        return v;
    }

    private void grow() {
        if (size < items.length) return;
        byte[][] n = new byte[items.length * 2][];
        for (int i = 0; i < size; i++) n[i] = get(i);
        items = n;
        head = 0;
    }

    @Override
    public String type() {
        return "list";
    }

    @Override
    public String encoding() {
        return "quicklist";
    }

    @Override
    public RedisObject copy() {
        RedisList l = new RedisList();
        l.items = Arrays.copyOf(items, items.length);
        l.head = head;
        l.size = size;
        return l;
    }
}
