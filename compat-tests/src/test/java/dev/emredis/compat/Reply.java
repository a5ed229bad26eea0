package dev.emredis.compat;

import java.util.ArrayList;
import java.util.List;

/**
 * A raw RESP reply parsed into a tree, for the comparators that do not compare bytes directly:
 * {@code unordered} (top-level elements, or map entries, as a multiset) and {@code type} (shape).
 */
final class Reply {
    final char type;
    final String raw;
    final List<Reply> children;

    private Reply(char type, String raw, List<Reply> children) {
        this.type = type;
        this.raw = raw;
        this.children = children;
    }

    static Reply parse(String raw) {
        int[] pos = {0};
        Reply r = parse(raw, pos);
        if (pos[0] != raw.length()) throw new IllegalArgumentException("trailing bytes in reply");
        return r;
    }

    private static Reply parse(String s, int[] pos) {
        int start = pos[0];
        char t = s.charAt(start);
        int eol = s.indexOf("\r\n", start);
        String head = s.substring(start + 1, eol);
        pos[0] = eol + 2;
        List<Reply> kids = new ArrayList<>();
        switch (t) {
            case '$':
            case '=':
            case '!': {
                int n = Integer.parseInt(head);
                if (n >= 0) pos[0] += n + 2;
                break;
            }
            case '*':
            case '~':
            case '>':
            case '%':
            case '|': {
                int n = Integer.parseInt(head);
                int count = (t == '%' || t == '|') ? 2 * n : n;
                for (int i = 0; i < count; i++) kids.add(parse(s, pos));
                break;
            }
            default:
                break;
        }
        return new Reply(t, s.substring(start, pos[0]), kids);
    }

    boolean isMap() {
        return type == '%' || type == '|';
    }

    boolean isAggregate() {
        return type == '*' || type == '~' || type == '>' || isMap();
    }

    /** Elements to compare as a multiset: map entries as pairs, else elements (or {@code pairs} of a flat array). */
    List<String> unorderedItems(boolean pairs) {
        List<String> items = new ArrayList<>();
        if (isMap() || pairs) {
            for (int i = 0; i + 1 < children.size(); i += 2) items.add(children.get(i).raw + children.get(i + 1).raw);
        } else {
            for (Reply c : children) items.add(c.raw);
        }
        items.sort(String::compareTo);
        return items;
    }

    /** The reply with the value after each of the named fields replaced by its shape (@mask). */
    String masked(List<String> fields) {
        if (!isAggregate()) return raw;
        StringBuilder b = new StringBuilder(raw.substring(0, raw.indexOf("\r\n") + 2));
        for (int i = 0; i < children.size(); i++) {
            Reply c = children.get(i);
            b.append(c.masked(fields));
            if ((c.type == '$' || c.type == '+') && i + 1 < children.size() && fields.contains(c.text())) {
                b.append("<").append(children.get(++i).shape()).append(">");
            }
        }
        return b.toString();
    }

    /** A bulk or simple string's text. */
    String text() {
        int eol = raw.indexOf("\r\n");
        return type == '$' ? raw.substring(eol + 2, raw.length() - 2) : raw.substring(1, eol);
    }

    /**
     * The reply's shape: types and aggregate sizes, no scalar values. Elements' shapes are
     * compared as a multiset, since what varies between servers often includes order.
     */
    String shape() {
        StringBuilder b = new StringBuilder();
        shape(b);
        return b.toString();
    }

    private void shape(StringBuilder b) {
        b.append(type);
        if (isAggregate()) {
            b.append(children.size()).append('[');
            List<String> parts = new ArrayList<>();
            int step = isMap() ? 2 : 1;
            for (int i = 0; i < children.size(); i += step) {
                StringBuilder p = new StringBuilder();
                for (int k = i; k < i + step; k++) children.get(k).shape(p);
                parts.add(p.toString());
            }
            parts.sort(String::compareTo);
            parts.forEach(b::append);
            b.append(']');
        } else if (type == '-') {
            // errors keep their code: an OK-vs-error difference is never "the same shape"
            int sp = raw.indexOf(' ');
            b.append(raw, 1, sp > 0 ? sp : raw.length() - 2);
        } else if ((type == '$' || type == '*') && raw.startsWith(type + "-1")) {
            b.append("null");
        }
        b.append(' ');
    }
}
