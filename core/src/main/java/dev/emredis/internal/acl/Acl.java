package dev.emredis.internal.acl;

import dev.emredis.internal.command.CommandFlags;
import dev.emredis.internal.command.CommandSpec;
import dev.emredis.internal.commands.KeyExtraction;
import dev.emredis.internal.server.ByteKey;
import dev.emredis.internal.server.Client;
import dev.emredis.internal.server.Server;
import dev.emredis.internal.util.Glob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One server's ACL state (Redis's acl.c): the users (ordered by name bytes, as Redis's rax), the
 * default user that requirepass drives, the ACL log, and the permission check every command goes
 * through ({@link #check}), also meant for scripts' redis.call.
 */
public final class Acl {
    public static final int OK = 0;
    public static final int DENIED_CMD = 1;
    public static final int DENIED_KEY = 2;
    public static final int DENIED_AUTH = 3;
    public static final int DENIED_CHANNEL = 4;

    /** Why a command was refused and, for a key or channel, the argument position that was. */
    public record Denial(int reason, int pos) { }

    private final Server server;
    final TreeMap<String, User> users = new TreeMap<>();
    public final AclLog log;
    private User defaultUser;

    public Acl(Server server) {
        this.server = server;
        this.log = new AclLog(server);
        defaultUser = createDefaultUser();
        users.put(defaultUser.name, defaultUser);
        updateDefaultUserPassword(server.config().get("requirepass"));
    }

    /** Redis's ACLCreateDefaultUser: +@all ~* &* on nopass. */
    User createDefaultUser() {
        User u = new User("default", allChannelsByDefault());
        try {
            u.apply("+@all", false);
            u.apply("~*", false);
            u.apply("&*", false);
            u.apply("on", false);
            u.apply("nopass", false);
        } catch (RuleException e) {
            throw new IllegalStateException(e);
        }
        return u;
    }

    /** acl-pubsub-default: whether new users and selectors start with allchannels. */
    boolean allChannelsByDefault() {
        return server.config().get("acl-pubsub-default").equals("allchannels");
    }

    public User defaultUser() {
        return defaultUser;
    }

    public User user(String name) {
        return users.get(name);
    }

    public User user(byte[] name) {
        return users.get(latin1(name));
    }

    /** Usernames may not contain spaces or NUL. */
    public static boolean hasSpaces(String s) {
        return Selector.hasSpaces(s);
    }

    static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** requirepass (config or CONFIG SET): the default user gets this one password, or nopass. */
    public void updateDefaultUserPassword(String password) {
        try {
            defaultUser.apply("resetpass", false);
            if (password.isEmpty()) defaultUser.apply("nopass", false);
            else defaultUser.apply(">" + latin1(password.getBytes(StandardCharsets.UTF_8)), false);
        } catch (RuleException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new connection is the default user, authenticated when that user is on and needs no password. */
    public void initClient(Client c) {
        c.aclUser = defaultUser;
        c.user = defaultUser.name;
        c.authenticated = defaultUser.nopass() && defaultUser.enabled();
    }

    /** Redis's authRequired(). */
    public boolean authRequired(Client c) {
        return (!defaultUser.nopass() || !defaultUser.enabled()) && !c.authenticated;
    }

    /**
     * Redis's ACLAuthenticateUser: on success the client becomes the user; on failure an "auth"
     * entry is logged (object: the command name as sent, username: the one tried).
     */
    public boolean authenticate(Client c, byte[] username, byte[] password, byte[][] argv, CommandSpec spec) {
        User u = user(username);
        if (u != null && u.checkPassword(password)) {
            c.authenticated = true;
            c.aclUser = u;
            c.user = u.name;
            return true;
        }
        log.add(c, argv, spec, DENIED_AUTH, c.inMulti ? AclLog.MULTI : AclLog.TOPLEVEL, latin1(username), latin1(argv[0]));
        return false;
    }

    // --- the permission check ---

    /**
     * Redis's ACLCheckAllUserCommandPerm: null if some selector of the user allows the command
     * with these arguments (its keys and channels included); else the most relevant refusal: a
     * command refusal only if no selector got past the command, otherwise the channel/key refusal
     * with the highest argument position.
     */
    public Denial check(User u, CommandSpec spec, byte[][] argv) {
        if (u == null) return null;
        Selector root = u.selectors.get(0);
        if (root.allCommands && root.allKeys && root.allChannels) return null;
        AclCommandSet.Cmd cmd = AclCommandSet.get().byFullName(spec.name);
        List<KeyExtraction.KeyRef>[] keys = cacheHolder();
        int relevant = DENIED_CMD;
        int lastIdx = 0;
        for (Selector s : u.selectors) {
            long r = checkSelector(s, cmd, spec, argv, keys);
            int reason = (int) (r & 0xff);
            int pos = (int) (r >>> 8);
            if (reason == OK) return null;
            if (reason > relevant || (reason == relevant && pos > lastIdx)) {
                relevant = reason;
                lastIdx = pos;
            }
        }
        return new Denial(relevant, lastIdx);
    }

    /**
     * The check for redis.call / server.call from a script (Redis's scriptVerifyACL): the script
     * runs as {@code caller}'s user; a refusal is logged with context "lua" and the caller's client
     * info. Returns null, or the error text without its code ("The user executing the script ...").
     */
    public String checkFromScript(Client caller, CommandSpec spec, byte[][] argv) {
        Denial d = check(caller.aclUser, spec, argv);
        if (d == null) return null;
        log.add(caller, argv, spec, d.reason(), AclLog.LUA, d.pos(), caller.user, null);
        return dev.emredis.internal.command.Errors.aclScriptDenied(d.reason());
    }

    @SuppressWarnings("unchecked")
    private static List<KeyExtraction.KeyRef>[] cacheHolder() {
        return (List<KeyExtraction.KeyRef>[]) new List<?>[1];
    }

    /** Redis's ACLSelectorCheckCmd: reason in the low byte, argument position above it. */
    private long checkSelector(Selector s, AclCommandSet.Cmd cmd, CommandSpec spec, byte[][] argv,
                               List<KeyExtraction.KeyRef>[] keysCache) {
        if (!s.allCommands && !spec.has(CommandFlags.NO_AUTH)) {
            boolean allowed = cmd == null ? s.future : s.bit(cmd.id);
            if (!allowed) {
                List<String> fa = cmd == null || s.firstArgs == null ? null : s.firstArgs.get(cmd.id);
                if (argv.length < 2 || fa == null) return DENIED_CMD;
                int idx = cmd.parent != null ? 2 : 1;
                String arg = latin1(argv[idx]);
                boolean match = false;
                for (String f : fa) {
                    if (f.equalsIgnoreCase(arg)) {
                        match = true;
                        break;
                    }
                }
                if (!match) return DENIED_CMD;
            }
        }
        if (!s.allKeys && KeyExtraction.hasKeys(spec)) {
            if (keysCache[0] == null) {
                List<KeyExtraction.KeyRef> k;
                try {
                    k = KeyExtraction.keys(spec, argv);
                } catch (RuntimeException malformed) {
                    // arguments the extraction cannot walk name no keys (the command itself will refuse them)
                    k = null;
                }
                keysCache[0] = k == null ? List.of() : k;
            }
            for (KeyExtraction.KeyRef k : keysCache[0]) {
                if (!keyAllowed(s, argv[k.pos()], k.flags())) return DENIED_KEY | ((long) k.pos() << 8);
            }
        }
        if (!s.allChannels) {
            int[] range = channelArgs(spec.name, argv.length);
            if (range != null) {
                boolean pattern = spec.name.equals("psubscribe");
                for (int i = range[0]; i < range[1]; i++) {
                    if (!channelAllowed(s.channels, argv[i], pattern)) return DENIED_CHANNEL | ((long) i << 8);
                }
            }
        }
        return OK;
    }

    /** Arguments [from, to) that name channels a command publishes or subscribes to, or null. */
    static int[] channelArgs(String name, int argc) {
        switch (name) {
            case "publish":
            case "spublish":
                return new int[] {1, 2};
            case "subscribe":
            case "ssubscribe":
            case "psubscribe":
                return new int[] {1, argc};
            default:
                return null;
        }
    }

    /** Read access for "access" keys, write access for insert/delete/update keys. */
    static boolean keyAllowed(Selector s, byte[] key, List<String> keyFlags) {
        if (s.allKeys) return true;
        int need = accessFlags(keyFlags);
        for (Selector.KeyPattern p : s.patterns) {
            if ((p.flags & need) != need) continue;
            if (Glob.match(p.bytes, key)) return true;
        }
        return false;
    }

    /** A channel name matches the ACL patterns; a PSUBSCRIBE pattern must equal one literally. */
    static boolean channelAllowed(List<String> patterns, byte[] channel, boolean isPattern) {
        for (String p : patterns) {
            byte[] pb = p.getBytes(StandardCharsets.ISO_8859_1);
            if (isPattern ? Arrays.equals(pb, channel) : Glob.match(pb, channel)) return true;
        }
        return false;
    }

    /**
     * Redis's ACLUserCheckCmdWithUnrestrictedKeyAccess: some selector allows the command and grants
     * the access named by {@code keyFlags} ("access" = read; insert/delete/update = write) to every
     * key (allkeys, or the pattern "*" with those permissions).
     */
    public boolean unrestrictedKeyAccess(User u, CommandSpec spec, byte[][] argv, List<String> keyFlags) {
        if (u == null) return true;
        AclCommandSet.Cmd cmd = AclCommandSet.get().byFullName(spec.name);
        List<KeyExtraction.KeyRef>[] keys = cacheHolder();
        int need = accessFlags(keyFlags);
        for (Selector s : u.selectors) {
            if (checkSelector(s, cmd, spec, argv, keys) != OK) continue;
            if (s.allKeys) return true;
            for (Selector.KeyPattern p : s.patterns) {
                if ((p.flags & need) == need && p.pattern.equals("*")) return true;
            }
        }
        return false;
    }

    private static int accessFlags(List<String> keyFlags) {
        int need = 0;
        for (String f : keyFlags) {
            switch (f) {
                case "access": need |= Selector.READ; break;
                case "insert": case "delete": case "update": need |= Selector.WRITE; break;
                default: break;
            }
        }
        return need;
    }

    /** Redis's ACLUserCheckChannelPerm. */
    public boolean channelPermitted(User u, byte[] channel, boolean isPattern) {
        if (u == null) return true;
        for (Selector s : u.selectors) {
            if (s.allChannels || channelAllowed(s.channels, channel, isPattern)) return true;
        }
        return false;
    }

    /** Redis's ACLUserCheckKeyPerm with key-spec flags ("access", "update"...). */
    public boolean keyPermitted(User u, byte[] key, List<String> keyFlags) {
        if (u == null) return true;
        for (Selector s : u.selectors) if (keyAllowed(s, key, keyFlags)) return true;
        return false;
    }

    // --- changing users ---

    /**
     * Redis's ACLStringSetUser: all rules are tried on a scratch copy first, so a bad rule changes
     * nothing. Returns null, or the error text (without "ERR ").
     */
    public String setUser(String name, List<String> rules) {
        int[] openAt = new int[1];
        List<String> merged = AclRules.mergeSelectors(rules, openAt);
        if (merged == null) return "Unmatched parenthesis in acl selector starting at '" + rules.get(openAt[0]) + "'.";
        User existing = users.get(name);
        User temp = existing != null ? existing.copy(name) : new User(name, allChannelsByDefault());
        for (String op : merged) {
            try {
                temp.apply(op, allChannelsByDefault());
            } catch (RuleException e) {
                return "Error in ACL SETUSER modifier '" + op + "': " + e.getMessage();
            }
        }
        if (existing != null) {
            killPubsubClientsIfNeeded(temp, existing);
            existing.copyFrom(temp);
        } else {
            users.put(name, temp);
        }
        return null;
    }

    /** Removes a user and closes its connections (the caller's after its reply). */
    public boolean deleteUser(String name, Client current) {
        User u = users.remove(name);
        if (u == null) return false;
        killClientsOf(u, current);
        return true;
    }

    /** Redis's ACLFreeUserAndKillClients: connections of a removed user are closed. */
    void killClientsOf(User u, Client current) {
        for (Client c : new ArrayList<>(server.clients().values())) {
            if (c.aclUser != u) continue;
            c.aclUser = defaultUser;
            c.user = defaultUser.name;
            c.authenticated = false;
            if (c == current) c.closeAfterReply = true;
            else if (c.connection != null && server.loop() != null) server.loop().close(c.connection);
        }
    }

    /**
     * Redis's ACLKillPubsubClientsIfNeeded: when the new rules no longer cover every channel the
     * user could use, its subscribed clients whose channels or patterns are not all allowed are
     * disconnected.
     */
    void killPubsubClientsIfNeeded(User updated, User original) {
        for (Selector s : updated.selectors) if (s.allChannels) return;
        List<String> upcoming = new ArrayList<>();
        for (Selector s : updated.selectors) upcoming.addAll(s.channels);
        boolean match = true;
        for (Selector s : original.selectors) {
            if (s.allChannels) {
                match = false;
                break;
            }
            for (String ch : s.channels) {
                if (!upcoming.contains(ch)) {
                    match = false;
                    break;
                }
            }
            if (!match) break;
        }
        if (match) return;
        for (Client c : new ArrayList<>(server.clients().values())) {
            if (c.aclUser != original || c.subscriptionCount() == 0) continue;
            boolean kill = false;
            for (ByteKey p : c.patterns) if (!kill && !channelAllowed(upcoming, p.bytes, true)) kill = true;
            for (ByteKey ch : c.channels) if (!kill && !channelAllowed(upcoming, ch.bytes, false)) kill = true;
            for (ByteKey ch : c.shardChannels) if (!kill && !channelAllowed(upcoming, ch.bytes, false)) kill = true;
            if (!kill) continue;
            // Redis 7.0.15 frees even the client running this ACL SETUSER and then crashes; like
            // later versions, that client gets its reply and is closed after it.
            if (c.executing) c.closeAfterReply = true;
            else if (c.connection != null && server.loop() != null) server.loop().close(c.connection);
        }
    }

    /** Users by name in Redis's (byte) order. */
    public Map<String, User> users() {
        return users;
    }

    /**
     * Installs a freshly loaded set of users (ACL LOAD): the default user object stays the same
     * (connections refer to it) and takes the loaded rules; every other old user's connections
     * are closed.
     */
    void replaceUsers(TreeMap<String, User> loaded, Client current) {
        User newDefault = loaded.get("default");
        if (newDefault == null) newDefault = createDefaultUser();
        List<User> old = new ArrayList<>(users.values());
        defaultUser.copyFrom(newDefault);
        users.clear();
        users.putAll(loaded);
        users.put("default", defaultUser);
        for (User u : old) if (u != defaultUser) killClientsOf(u, current);
    }
}
