package dev.emredis.compat;

import dev.emredis.internal.resp.RespDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A scenario file: commands and directives, one per line (format in compat-tests/README.md).
 */
final class Scenario {
    /** How two replies are compared. */
    enum Compare {
        EXACT, UNORDERED, UNORDERED_PAIRS, SCAN, SCAN_PAIRS, TYPE, IGNORE, MASK,
        /** Exact, once each side's client ids (integers) are replaced by {@code {id:N}}. */
        IDS
    }

    enum Kind {
        COMMAND, CONN, READ, RAW, CLOSED, SEND
    }

    /** One line that does something. */
    record Step(int line, Kind kind, Compare compare, List<byte[]> args, int count, byte[] raw, String text, List<String> mask) { }

    final String name;
    final List<Step> steps;
    /** 0: both protocols; else only this one. */
    final int protocol;
    /** The file names client ids ({@code {id:N}} or {@code @ids}): connections learn their id. */
    final boolean usesIds;

    private Scenario(String name, List<Step> steps, int protocol, boolean usesIds) {
        this.name = name;
        this.steps = steps;
        this.protocol = protocol;
        this.usesIds = usesIds;
    }

    static Scenario load(String name, Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Step> steps = new ArrayList<>();
        int protocol = 0;
        for (int i = 0; i < lines.size(); i++) {
            int n = i + 1;
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            Compare cmp = Compare.EXACT;
            List<String> mask = null;
            if (l.startsWith("@")) {
                int sp = l.indexOf(' ');
                String directive = sp < 0 ? l : l.substring(0, sp);
                String rest = sp < 0 ? "" : l.substring(sp + 1).strip();
                switch (directive) {
                    case "@protocol":
                        protocol = Integer.parseInt(rest);
                        continue;
                    case "@conn":
                        steps.add(new Step(n, Kind.CONN, cmp, null, Integer.parseInt(rest), null, l, mask));
                        continue;
                    case "@read":
                        // "@read ids": compare the reply as @ids does
                        steps.add(new Step(n, Kind.READ, rest.equals("ids") ? Compare.IDS : cmp, null, 1, null, l, mask));
                        continue;
                    case "@unordered-read":
                        steps.add(new Step(n, Kind.READ, Compare.UNORDERED, null, Integer.parseInt(rest), null, l, mask));
                        continue;
                    case "@send":
                        steps.add(new Step(n, Kind.SEND, cmp, split(rest, name, n), 0, null, l, mask));
                        continue;
                    case "@closed":
                        steps.add(new Step(n, Kind.CLOSED, cmp, null, 0, null, l, mask));
                        continue;
                    case "@raw": {
                        int sp2 = rest.indexOf(' ');
                        int count = Integer.parseInt(rest.substring(0, sp2));
                        List<byte[]> parts = split(rest.substring(sp2 + 1), name, n);
                        if (parts.size() != 1) throw new IllegalArgumentException(name + ":" + n + ": @raw takes one quoted string");
                        steps.add(new Step(n, Kind.RAW, cmp, null, count, parts.get(0), l, mask));
                        continue;
                    }
                    case "@unordered":
                        cmp = Compare.UNORDERED;
                        break;
                    case "@unordered-pairs":
                        cmp = Compare.UNORDERED_PAIRS;
                        break;
                    case "@scan":
                        cmp = Compare.SCAN;
                        break;
                    case "@scan-pairs":
                        cmp = Compare.SCAN_PAIRS;
                        break;
                    case "@type":
                        cmp = Compare.TYPE;
                        break;
                    case "@ignore":
                        cmp = Compare.IGNORE;
                        break;
                    case "@ids":
                        cmp = Compare.IDS;
                        break;
                    case "@mask": {
                        // @mask f1,f2 CMD...: exact, except the value after each field named f1, f2
                        // (in maps or flat key/value arrays) is compared by shape only.
                        cmp = Compare.MASK;
                        int sp2 = rest.indexOf(' ');
                        mask = List.of(rest.substring(0, sp2).split(","));
                        rest = rest.substring(sp2 + 1).strip();
                        break;
                    }
                    default:
                        throw new IllegalArgumentException(name + ":" + n + ": unknown directive " + directive);
                }
                l = rest;
            }
            steps.add(new Step(n, Kind.COMMAND, cmp, split(l, name, n), 0, null, l, mask));
        }
        boolean usesIds = lines.stream().anyMatch(x -> x.contains("{id:") || x.strip().startsWith("@ids")
                || x.strip().equals("@read ids"));
        return new Scenario(name, steps, protocol, usesIds);
    }

    private static List<byte[]> split(String text, String name, int line) {
        List<byte[]> parts = RespDecoder.splitArgs(text.getBytes(StandardCharsets.UTF_8));
        if (parts == null) throw new IllegalArgumentException(name + ":" + line + ": unbalanced quotes");
        return parts;
    }
}
