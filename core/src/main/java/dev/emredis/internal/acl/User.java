package dev.emredis.internal.acl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * An ACL user: flags, SHA-256 password hashes and selectors (the root one first). Names, rules and
 * patterns are kept as Latin-1 strings so that every byte a client sent survives unchanged.
 */
public final class User {
    static final int ON = 1;
    static final int OFF = 2;
    static final int NOPASS = 4;
    static final int SKIP_SANITIZE = 8;
    static final int SANITIZE = 16;
    /** Flag names in the order Redis prints them. */
    static final String[] FLAG_NAMES = {"on", "off", "nopass", "skip-sanitize-payload", "sanitize-payload"};

    public final String name;
    int flags = OFF;
    final List<String> passwords = new ArrayList<>();
    final List<Selector> selectors = new ArrayList<>();

    User(String name, boolean allChannelsByDefault) {
        this.name = name;
        selectors.add(new Selector(true, allChannelsByDefault));
    }

    public boolean enabled() {
        return (flags & OFF) == 0;
    }

    public boolean nopass() {
        return (flags & NOPASS) != 0;
    }

    Selector root() {
        return selectors.get(0);
    }

    /** A copy with another name (Redis's ACLCopyUser onto a scratch user). */
    User copy(String newName) {
        User u = new User(newName, false);
        u.flags = flags;
        u.passwords.addAll(passwords);
        u.selectors.clear();
        for (Selector s : selectors) u.selectors.add(s.copy());
        return u;
    }

    /** Takes over every rule of {@code src} (the name stays). */
    void copyFrom(User src) {
        flags = src.flags;
        passwords.clear();
        passwords.addAll(src.passwords);
        selectors.clear();
        for (Selector s : src.selectors) selectors.add(s.copy());
    }

    /** Redis's ACLSetUser: one user rule; selector rules go to the root selector. */
    void apply(String op, boolean allChannelsByDefault) throws RuleException {
        if (op.isEmpty()) return;
        if (op.equalsIgnoreCase("on")) {
            flags = (flags | ON) & ~OFF;
        } else if (op.equalsIgnoreCase("off")) {
            flags = (flags | OFF) & ~ON;
        } else if (op.equalsIgnoreCase("skip-sanitize-payload")) {
            flags = (flags | SKIP_SANITIZE) & ~SANITIZE;
        } else if (op.equalsIgnoreCase("sanitize-payload")) {
            flags = (flags | SANITIZE) & ~SKIP_SANITIZE;
        } else if (op.equalsIgnoreCase("nopass")) {
            flags |= NOPASS;
            passwords.clear();
        } else if (op.equalsIgnoreCase("resetpass")) {
            flags &= ~NOPASS;
            passwords.clear();
        } else if (op.charAt(0) == '>' || op.charAt(0) == '#') {
            String hash = op.charAt(0) == '>' ? hash(op.substring(1)) : checkedHash(op.substring(1));
            if (!passwords.contains(hash)) passwords.add(hash);
            flags &= ~NOPASS;
        } else if (op.charAt(0) == '<' || op.charAt(0) == '!') {
            String hash = op.charAt(0) == '<' ? hash(op.substring(1)) : checkedHash(op.substring(1));
            if (!passwords.remove(hash)) throw new RuleException(RuleException.NO_SUCH_PASSWORD);
        } else if (op.charAt(0) == '(' && op.charAt(op.length() - 1) == ')') {
            Selector s = new Selector(false, allChannelsByDefault);
            for (String sop : AclRules.selectorOps(op)) s.apply(sop);
            selectors.add(s);
        } else if (op.equalsIgnoreCase("clearselectors")) {
            selectors.subList(1, selectors.size()).clear();
        } else if (op.equalsIgnoreCase("reset")) {
            apply("resetpass", allChannelsByDefault);
            apply("resetkeys", allChannelsByDefault);
            apply("resetchannels", allChannelsByDefault);
            if (allChannelsByDefault) apply("allchannels", allChannelsByDefault);
            apply("off", allChannelsByDefault);
            apply("sanitize-payload", allChannelsByDefault);
            apply("clearselectors", allChannelsByDefault);
            apply("-@all", allChannelsByDefault);
        } else {
            root().apply(op);
        }
    }

    /** ACL LIST's rule string (without "user name"). */
    public String describe() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < FLAG_NAMES.length; i++) {
            if ((flags & (1 << i)) != 0) b.append(FLAG_NAMES[i]).append(' ');
        }
        for (String p : passwords) b.append('#').append(p).append(' ');
        for (Selector s : selectors) {
            if (s.root) b.append(AclRules.describe(s));
            else b.append(" (").append(AclRules.describe(s)).append(')');
        }
        return b.toString();
    }

    /** The flags GETUSER lists, in Redis's order. */
    public List<String> flagNames() {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < FLAG_NAMES.length; i++) if ((flags & (1 << i)) != 0) l.add(FLAG_NAMES[i]);
        return l;
    }

    public List<String> passwordHashes() {
        return List.copyOf(passwords);
    }

    /** For each selector (root first): its commands, keys and channels fields as GETUSER shows them. */
    public List<String[]> selectorFields() {
        List<String[]> l = new ArrayList<>();
        for (Selector s : selectors) l.add(new String[] {AclRules.describeCommands(s), AclRules.keys(s), AclRules.channels(s)});
        return l;
    }

    /** True when the password matches (or the user needs none); disabled users never match. */
    boolean checkPassword(byte[] pass) {
        if (!enabled()) return false;
        if (nopass()) return true;
        byte[] h = hash(new String(pass, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
        boolean ok = false;
        for (String p : passwords) {
            if (MessageDigest.isEqual(h, p.getBytes(StandardCharsets.ISO_8859_1))) ok = true;
        }
        return ok;
    }

    /** SHA-256 of the password bytes as lower-case hex. */
    static String hash(String latin1Password) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(latin1Password.getBytes(StandardCharsets.ISO_8859_1));
            StringBuilder b = new StringBuilder(64);
            for (byte x : d) b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
            return b.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String checkedHash(String h) throws RuleException {
        if (h.length() != 64) throw new RuleException(RuleException.BAD_HASH);
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if ((c < 'a' || c > 'f') && (c < '0' || c > '9')) throw new RuleException(RuleException.BAD_HASH);
        }
        return h;
    }
}
