package dev.emredis.internal.acl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One set of permissions (Redis's aclSelector): allowed commands as a bitmap over
 * {@link AclCommandSet} ids plus allowed first arguments, key patterns with read/write flags and
 * channel patterns. A user has a root selector and any number of "(...)" selectors; a command is
 * allowed when one of them allows it entirely.
 */
public final class Selector {
    static final int READ = 1;
    static final int WRITE = 2;
    static final int ALL = READ | WRITE;

    /** A key pattern and the access (READ, WRITE or both) it grants. */
    static final class KeyPattern {
        final String pattern;
        final byte[] bytes;
        int flags;

        KeyPattern(String pattern, int flags) {
            this.pattern = pattern;
            this.bytes = pattern.getBytes(StandardCharsets.ISO_8859_1);
            this.flags = flags;
        }

        /** ACL LIST form: ~p, %R~p or %W~p. */
        String render() {
            return (flags == ALL ? "~" : flags == READ ? "%R~" : "%W~") + pattern;
        }
    }

    final boolean root;
    boolean allKeys;
    boolean allChannels;
    boolean allCommands;
    /** The reserved bit Redis sets only with +@all: commands added later are allowed too. */
    boolean future;
    long[] allowed;
    /** Command id to the first arguments allowed although the command itself is not (+select|0). */
    Map<Integer, List<String>> firstArgs;
    final List<KeyPattern> patterns = new ArrayList<>();
    final List<String> channels = new ArrayList<>();

    Selector(boolean root, boolean allChannelsByDefault) {
        this.root = root;
        this.allChannels = allChannelsByDefault;
        this.allowed = new long[(AclCommandSet.get().size() + 63) / 64];
    }

    Selector copy() {
        Selector s = new Selector(root, allChannels);
        s.allKeys = allKeys;
        s.allCommands = allCommands;
        s.future = future;
        s.allowed = allowed.clone();
        if (firstArgs != null) {
            s.firstArgs = new LinkedHashMap<>();
            for (Map.Entry<Integer, List<String>> e : firstArgs.entrySet()) s.firstArgs.put(e.getKey(), new ArrayList<>(e.getValue()));
        }
        for (KeyPattern p : patterns) s.patterns.add(new KeyPattern(p.pattern, p.flags));
        s.channels.addAll(channels);
        return s;
    }

    boolean bit(int id) {
        return (allowed[id >>> 6] & (1L << id)) != 0;
    }

    /** Setting a bit to 0 also drops the all-commands flag, as Redis does. */
    void setBit(int id, boolean value) {
        if (value) {
            allowed[id >>> 6] |= 1L << id;
        } else {
            allowed[id >>> 6] &= ~(1L << id);
            allCommands = false;
        }
    }

    /** Allows or blocks a command; a container's subcommands follow it. Its first-args are dropped. */
    void changePerm(AclCommandSet.Cmd cmd, boolean allow) {
        setBit(cmd.id, allow);
        if (firstArgs != null) firstArgs.remove(cmd.id);
        for (AclCommandSet.Cmd sub : cmd.subs) setBit(sub.id, allow);
    }

    void setCategory(int category, boolean allow) {
        setCategory(AclCommandSet.get().top, 1 << category, allow);
    }

    private void setCategory(List<AclCommandSet.Cmd> cmds, int flag, boolean allow) {
        for (AclCommandSet.Cmd c : cmds) {
            if ((c.categories & flag) != 0) changePerm(c, allow);
            if (!c.subs.isEmpty()) setCategory(c.subs, flag, allow);
        }
    }

    private void setAll(boolean allow) {
        Arrays.fill(allowed, allow ? -1L : 0L);
        future = allow;
        allCommands = allow;
        firstArgs = null;
    }

    /** Redis's ACLSetSelector: applies one selector rule (op is a Latin-1 view of the bytes). */
    void apply(String op) throws RuleException {
        if (op.equalsIgnoreCase("allkeys") || op.equals("~*")) {
            allKeys = true;
            patterns.clear();
        } else if (op.equalsIgnoreCase("resetkeys")) {
            allKeys = false;
            patterns.clear();
        } else if (op.equalsIgnoreCase("allchannels") || op.equals("&*")) {
            allChannels = true;
            channels.clear();
        } else if (op.equalsIgnoreCase("resetchannels")) {
            allChannels = false;
            channels.clear();
        } else if (op.equalsIgnoreCase("allcommands") || op.equalsIgnoreCase("+@all")) {
            setAll(true);
        } else if (op.equalsIgnoreCase("nocommands") || op.equalsIgnoreCase("-@all")) {
            setAll(false);
        } else if (op.startsWith("~") || op.startsWith("%")) {
            addKeyPattern(op);
        } else if (op.startsWith("&")) {
            if (allChannels) throw new RuleException(RuleException.CHANNELS_AFTER_ALL);
            String p = op.substring(1);
            if (hasSpaces(p)) throw new RuleException(RuleException.SYNTAX);
            if (!channels.contains(p)) channels.add(p);
            allChannels = false;
        } else if (op.length() >= 1 && op.charAt(0) == '+' && (op.length() < 2 || op.charAt(1) != '@')) {
            allowCommand(op.substring(1));
        } else if (op.length() >= 1 && op.charAt(0) == '-' && (op.length() < 2 || op.charAt(1) != '@')) {
            AclCommandSet.Cmd cmd = AclCommandSet.get().lookup(op.substring(1));
            if (cmd == null) throw RuleException.unknown();
            changePerm(cmd, false);
        } else if (op.length() >= 2 && (op.charAt(0) == '+' || op.charAt(0) == '-') && op.charAt(1) == '@') {
            int cat = AclCommandSet.category(op.substring(2));
            if (cat < 0) throw RuleException.unknown();
            setCategory(cat, op.charAt(0) == '+');
        } else {
            throw new RuleException(RuleException.SYNTAX);
        }
    }

    /** ~pattern, or %R~ / %W~ / %RW~ with the access it grants; the same pattern merges its flags. */
    private void addKeyPattern(String op) throws RuleException {
        if (allKeys) throw new RuleException(RuleException.KEYS_AFTER_ALL);
        int flags = 0;
        int offset = 1;
        if (op.charAt(0) == '%') {
            for (; offset < op.length(); offset++) {
                char ch = Character.toUpperCase(op.charAt(offset));
                if (ch == 'R' && (flags & READ) == 0) {
                    flags |= READ;
                } else if (ch == 'W' && (flags & WRITE) == 0) {
                    flags |= WRITE;
                } else if (op.charAt(offset) == '~') {
                    offset++;
                    break;
                } else {
                    throw new RuleException(RuleException.SYNTAX);
                }
            }
        } else {
            flags = ALL;
        }
        String p = op.substring(Math.min(offset, op.length()));
        if (hasSpaces(p)) throw new RuleException(RuleException.SYNTAX);
        for (KeyPattern k : patterns) {
            if (k.pattern.equals(p)) {
                k.flags |= flags;
                allKeys = false;
                return;
            }
        }
        patterns.add(new KeyPattern(p, flags));
        allKeys = false;
    }

    /** +cmd, +container|sub, or +cmd|firstarg for a command without subcommands. */
    private void allowCommand(String name) throws RuleException {
        AclCommandSet set = AclCommandSet.get();
        int bar = name.lastIndexOf('|');
        if (bar < 0) {
            AclCommandSet.Cmd cmd = set.lookup(name);
            if (cmd == null) throw RuleException.unknown();
            changePerm(cmd, true);
            return;
        }
        String base = name.substring(0, bar);
        String sub = name.substring(bar + 1);
        AclCommandSet.Cmd cmd = set.lookup(base);
        if (cmd == null) throw RuleException.unknown();
        if (cmd.parent != null) throw new RuleException(RuleException.FIRSTARG_OF_SUBCOMMAND);
        if (sub.isEmpty()) throw new RuleException(RuleException.SYNTAX);
        if (!cmd.subs.isEmpty()) {
            AclCommandSet.Cmd subCmd = set.lookup(name);
            if (subCmd == null) throw RuleException.unknown();
            changePerm(subCmd, true);
        } else {
            // Redis keeps this deprecated form (e.g. +select|0) as an allowed first argument.
            if (firstArgs == null) firstArgs = new LinkedHashMap<>();
            List<String> l = firstArgs.computeIfAbsent(cmd.id, k -> new ArrayList<>());
            for (String s : l) if (s.equalsIgnoreCase(sub)) return;
            l.add(sub);
        }
    }

    /** Redis refuses spaces and NUL in names and patterns (isspace or 0). */
    static boolean hasSpaces(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || (c >= '\t' && c <= '\r') || c == 0) return true;
        }
        return false;
    }
}
