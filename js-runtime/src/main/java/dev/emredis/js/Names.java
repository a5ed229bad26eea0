package dev.emredis.js;

import dev.emredis.internal.command.Errors;

/** RedisGears' name rule for libraries, functions and triggers: ASCII letters, digits and '_'. */
final class Names {
    private Names() {}

    /** The error text for a bad name of that kind, or null when the name is allowed. */
    static String check(String kind, String name) {
        if (name.isEmpty()) return Errors.tfEmptyName(kind);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            if (!ok) return Errors.tfUnallowedName(kind, name, c);
        }
        return null;
    }
}
