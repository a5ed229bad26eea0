package dev.emredis.js;

import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The library header {@code #!js api_version=1.0 name=lib} as RedisGears 2.0 parses it: first
 * line only, split on every ' ' and '=' (no merging), engine then key/value pairs. Malformed
 * pairs win over duplicates, then the required keys, then unknown keys, then the name rule.
 */
final class Prologue {
    final String engine;
    final String apiVersion;
    final String name;

    private Prologue(String engine, String apiVersion, String name) {
        this.engine = engine;
        this.apiVersion = apiVersion;
        this.name = name;
    }

    static Prologue parse(String code) {
        int nl = code.indexOf('\n');
        String first = nl < 0 ? code : code.substring(0, nl);
        if (first.endsWith("\r")) first = first.substring(0, first.length() - 1);
        if (!first.startsWith("#!")) throw new RedisError(Errors.TF_PROLOGUE);
        String rest = first.strip().substring(2);
        List<String> tokens = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= rest.length(); i++) {
            if (i == rest.length() || rest.charAt(i) == ' ' || rest.charAt(i) == '=') {
                tokens.add(rest.substring(start, i));
                start = i + 1;
            }
        }
        String engine = tokens.get(0);
        Map<String, String> props = new LinkedHashMap<>();
        List<String> duplicates = new ArrayList<>();
        if ((tokens.size() - 1) % 2 != 0) throw new RedisError(Errors.TF_PROLOGUE);
        for (int i = 1; i + 1 < tokens.size(); i += 2) {
            String k = tokens.get(i);
            String v = tokens.get(i + 1);
            if (k.isEmpty() || v.isEmpty()) throw new RedisError(Errors.TF_PROLOGUE);
            if (props.containsKey(k)) {
                if (!duplicates.contains(k)) duplicates.add(k);
            } else {
                props.put(k, v);
            }
        }
        if (!duplicates.isEmpty()) throw new RedisError(Errors.tfPrologueDuplicates(String.join(", ", duplicates)));
        String version = props.remove("api_version");
        if (version == null) throw new RedisError(Errors.TF_NO_API_VERSION);
        String[] parts = version.split("\\.", -1);
        if (parts.length < 2 || !byteNumber(parts[0]) || !byteNumber(parts[1])) {
            throw new RedisError(Errors.tfBadApiVersion(version));
        }
        String name = props.remove("name");
        if (name == null) throw new RedisError(Errors.TF_NO_LIBRARY_NAME);
        if (!props.isEmpty()) {
            List<String> quoted = new ArrayList<>();
            for (String k : props.keySet()) quoted.add('"' + k + '"');
            throw new RedisError(Errors.tfPrologueUnknownProperties(String.join(", ", quoted)));
        }
        String bad = Names.check("library", name);
        if (bad != null) throw new RedisError(bad);
        if (!engine.equals("js")) throw new RedisError(Errors.tfUnknownBackend(engine));
        return new Prologue(engine, version, name);
    }

    /** The declared version normalised to major.minor, e.g. "1.0" for "1.0.7". */
    String majorMinor() {
        String[] p = apiVersion.split("\\.");
        return Integer.parseInt(p[0]) + "." + Integer.parseInt(p[1]);
    }

    private static boolean byteNumber(String s) {
        if (s.isEmpty() || s.length() > 3) return false;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return Integer.parseInt(s) <= 255;
    }
}
