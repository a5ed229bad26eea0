package dev.emredis.internal.acl;

import dev.emredis.internal.server.Client;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The aclfile: ACL LOAD and ACL SAVE, and loading at startup. A file is all-or-nothing: every
 * line is checked against a fresh set of users, and any error leaves the current users as they
 * were, with every problem described in one line, worded as Redis words it.
 */
public final class AclFile {
    private AclFile() {}

    /** Loads the file into {@code acl}; null on success, else the error text (without "ERR "). */
    public static String load(Acl acl, String filename, Client current) {
        String text;
        try {
            text = new String(Files.readAllBytes(Path.of(filename)), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return "Error loading ACLs, opening file '" + filename + "': No such file or directory";
        } catch (AccessDeniedException e) {
            return "Error loading ACLs, opening file '" + filename + "': Permission denied";
        } catch (IOException e) {
            return "Error loading ACLs, opening file '" + filename + "': " + e.getMessage();
        }
        StringBuilder errors = new StringBuilder();
        TreeMap<String, User> loaded = new TreeMap<>();
        String[] lines = text.split("\n", -1);
        boolean pubsubAll = acl.allChannelsByDefault();
        for (int i = 0; i < lines.length; i++) {
            int linenum = i + 1;
            String line = trim(lines[i], " \t\r\n");
            if (line.isEmpty()) continue;
            List<String> argv = Arrays.asList(line.split(" ", -1));
            if (!argv.get(0).equals("user") || argv.size() < 2) {
                errors.append(filename).append(':').append(linenum)
                        .append(" should start with user keyword followed by the username. ");
                continue;
            }
            String name = argv.get(1);
            if (Selector.hasSpaces(name)) {
                errors.append('\'').append(filename).append(':').append(linenum).append(": username '").append(name)
                        .append("' contains invalid characters. ");
                continue;
            }
            if (loaded.containsKey(name)) {
                errors.append("WARNING: Duplicate user '").append(name).append("' found on line ").append(linenum).append(". ");
                continue;
            }
            User u = new User(name, pubsubAll);
            loaded.put(name, u);
            List<String> merged = AclRules.mergeSelectors(argv.subList(2, argv.size()), new int[1]);
            if (merged == null) {
                errors.append(filename).append(':').append(linenum).append(": Unmatched parenthesis in selector definition.");
                merged = List.of();
            }
            boolean syntaxError = false;
            for (String op : merged) {
                op = trim(op, "\t\r\n");
                try {
                    u.apply(op, pubsubAll);
                } catch (RuleException e) {
                    if (e.unknownName) {
                        errors.append(filename).append(':').append(linenum).append(": Error in applying operation '")
                                .append(op).append("': ").append(e.getMessage()).append(". ");
                    } else if (!syntaxError) {
                        errors.append(filename).append(':').append(linenum).append(": ").append(e.getMessage()).append(". ");
                        syntaxError = true;
                    }
                }
            }
        }
        if (errors.length() > 0) {
            return errors.append("WARNING: ACL errors detected, no change to the previously active ACL rules was performed")
                    .toString();
        }
        acl.replaceUsers(loaded, current);
        return null;
    }

    /** Writes every user as "user name rules" lines, through a temporary file renamed over the old one. */
    public static boolean save(Acl acl, String filename) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, User> e : acl.users().entrySet()) {
            b.append("user ").append(e.getKey()).append(' ').append(e.getValue().describe()).append('\n');
        }
        Path target = Path.of(filename);
        Path tmp = Path.of(filename + ".tmp-" + ProcessHandle.current().pid() + "-" + System.currentTimeMillis());
        try {
            Files.write(tmp, b.toString().getBytes(StandardCharsets.ISO_8859_1));
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to clean
            }
            return false;
        }
    }

    private static String trim(String s, String chars) {
        int a = 0;
        int z = s.length();
        while (a < z && chars.indexOf(s.charAt(a)) >= 0) a++;
        while (z > a && chars.indexOf(s.charAt(z - 1)) >= 0) z--;
        return s.substring(a, z);
    }
}
