package dev.emredis.testing;

/** Raw RESP replies for exact assertions. */
public final class Replies {
    private Replies() {}

    /** A RESP2 array of bulk strings (ASCII items). */
    public static String bulks(String... items) {
        StringBuilder b = new StringBuilder("*" + items.length + "\r\n");
        for (String s : items) b.append(bulk(s));
        return b.toString();
    }

    /** One bulk string (ASCII). */
    public static String bulk(String s) {
        return "$" + s.length() + "\r\n" + s + "\r\n";
    }
}
