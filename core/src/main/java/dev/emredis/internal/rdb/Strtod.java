package dev.emredis.internal.rdb;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** C's strtod/sscanf("%lg") as the RDB loader uses them: the longest numeric prefix. */
final class Strtod {
    private static final Pattern PREFIX = Pattern.compile(
            "^[ \\t\\n\\r\\f\\v]*([+-]?)(inf(?:inity)?|nan|(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?)",
            Pattern.CASE_INSENSITIVE);

    private Strtod() {}

    /**
     * The value of the longest prefix; with {@code required} null when there is none (sscanf
     * fails), else 0 (strtod returns 0).
     */
    static Double parse(byte[] s, boolean required) {
        Matcher m = PREFIX.matcher(new String(s, StandardCharsets.ISO_8859_1));
        if (!m.find()) return required ? null : 0.0;
        String body = m.group(2).toLowerCase(java.util.Locale.ROOT);
        double d;
        if (body.startsWith("inf")) d = Double.POSITIVE_INFINITY;
        else if (body.equals("nan")) d = Double.NaN;
        else d = Double.parseDouble(body);
        return m.group(1).equals("-") ? -d : d;
    }
}
