package dev.emredis.internal.commands;

import dev.emredis.internal.acl.Acl;
import dev.emredis.internal.acl.AclCommandSet;
import dev.emredis.internal.acl.AclFile;
import dev.emredis.internal.acl.AclLog;
import dev.emredis.internal.acl.User;
import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.CommandSpec;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.util.Num;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** ACL and its subcommands (Redis's aclCommand). */
public final class AclCommands {
    private AclCommands() {}

    private static final String[] HELP = {
        "CAT [<category>]",
        "    List all commands that belong to <category>, or all command categories",
        "    when no category is specified.",
        "DELUSER <username> [<username> ...]",
        "    Delete a list of users.",
        "DRYRUN <username> <command> [<arg> ...]",
        "    Returns whether the user can execute the given command without executing the command.",
        "GETUSER <username>",
        "    Get the user's details.",
        "GENPASS [<bits>]",
        "    Generate a secure 256-bit user password. The optional `bits` argument can",
        "    be used to specify a different size.",
        "LIST",
        "    Show users details in config file format.",
        "LOAD",
        "    Reload users from the ACL file.",
        "LOG [<count> | RESET]",
        "    Show the ACL log entries.",
        "SAVE",
        "    Save the current config to the ACL file.",
        "SETUSER <username> <attribute> [<attribute> ...]",
        "    Create or modify a user with the specified attributes.",
        "USERS",
        "    List all the registered usernames.",
        "WHOAMI",
        "    Return the current connection username.",
    };

    public static void register(CommandRegistry r) {
        r.add("acl|setuser", AclCommands::setuser);
        r.add("acl|deluser", AclCommands::deluser);
        r.add("acl|getuser", AclCommands::getuser);
        r.add("acl|list", c -> list(c, false));
        r.add("acl|users", c -> list(c, true));
        r.add("acl|whoami", c -> c.out.bulk(latin1(c.client.user)));
        r.add("acl|load", AclCommands::load);
        r.add("acl|save", AclCommands::save);
        r.add("acl|cat", AclCommands::cat);
        r.add("acl|genpass", AclCommands::genpass);
        r.add("acl|log", AclCommands::log);
        r.add("acl|dryrun", AclCommands::dryrun);
        r.add("acl|help", c -> ServerCommands.help(c, HELP));
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String name(Ctx c, int i) {
        return new String(c.arg(i), StandardCharsets.ISO_8859_1);
    }

    static void setuser(Ctx c) {
        String username = name(c, 2);
        if (Acl.hasSpaces(username)) throw new RedisError(Errors.ACL_USERNAME_SPACES);
        List<String> rules = new ArrayList<>();
        for (int i = 3; i < c.argc(); i++) rules.add(name(c, i));
        String error = c.server.acl().setUser(username, rules);
        // addReplyErrorSdsSafe: line breaks in the echoed rule become spaces.
        if (error != null) throw new RedisError("ERR " + error.replace('\r', ' ').replace('\n', ' '));
        c.ok();
    }

    static void deluser(Ctx c) {
        for (int i = 2; i < c.argc(); i++) {
            if (name(c, i).equals("default")) throw new RedisError(Errors.ACL_DEFAULT_NOT_REMOVABLE);
        }
        int deleted = 0;
        for (int i = 2; i < c.argc(); i++) {
            if (c.server.acl().deleteUser(name(c, i), c.client)) deleted++;
        }
        c.out.integer(deleted);
    }

    static void getuser(Ctx c) {
        User u = c.server.acl().user(c.arg(2));
        if (u == null) {
            c.out.nullBulk();
            return;
        }
        c.out.map(6);
        c.out.bulk("flags");
        List<String> flags = u.flagNames();
        c.out.set(flags.size());
        for (String f : flags) c.out.bulk(f);
        c.out.bulk("passwords");
        List<String> pw = u.passwordHashes();
        c.out.array(pw.size());
        for (String p : pw) c.out.bulk(p);
        List<String[]> sels = u.selectorFields();
        selector(c, sels.get(0));
        c.out.bulk("selectors");
        c.out.array(sels.size() - 1);
        for (int i = 1; i < sels.size(); i++) {
            c.out.map(3);
            selector(c, sels.get(i));
        }
    }

    private static void selector(Ctx c, String[] f) {
        c.out.bulk("commands");
        c.out.bulk(latin1(f[0]));
        c.out.bulk("keys");
        c.out.bulk(latin1(f[1]));
        c.out.bulk("channels");
        c.out.bulk(latin1(f[2]));
    }

    static void list(Ctx c, boolean justNames) {
        c.out.array(c.server.acl().users().size());
        for (User u : c.server.acl().users().values()) {
            if (justNames) c.out.bulk(latin1(u.name));
            else c.out.bulk(latin1("user " + u.name + " " + u.describe()));
        }
    }

    private static String aclfile(Ctx c) {
        String f = c.server.config().get("aclfile");
        if (f.isEmpty()) throw new RedisError(Errors.ACL_NO_FILE);
        return f;
    }

    static void load(Ctx c) {
        String errors = AclFile.load(c.server.acl(), aclfile(c), c.client);
        if (errors != null) throw new RedisError("ERR " + errors);
        c.ok();
    }

    static void save(Ctx c) {
        if (!AclFile.save(c.server.acl(), aclfile(c))) throw new RedisError(Errors.ACL_SAVE_FAILED);
        c.ok();
    }

    static void cat(Ctx c) {
        if (c.argc() > 3) throw ServerCommands.subcommandSyntax(c);
        if (c.argc() == 2) {
            c.out.array(AclCommandSet.CATEGORIES.size());
            for (String cat : AclCommandSet.CATEGORIES) c.out.bulk(cat);
            return;
        }
        int cat = AclCommandSet.category(c.str(2));
        if (cat < 0) throw new RedisError(Errors.aclUnknownCategory(c.str(2)));
        List<String> names = new ArrayList<>();
        for (AclCommandSet.Cmd cmd : AclCommandSet.get().byId) {
            if ((cmd.categories & (1 << cat)) != 0) names.add(cmd.fullName);
        }
        c.out.array(names.size());
        for (String n : names) c.out.bulk(n);
    }

    static void genpass(Ctx c) {
        if (c.argc() > 3) throw ServerCommands.subcommandSyntax(c);
        long bits = 256;
        if (c.argc() == 3) bits = c.longArg(2);
        if (bits <= 0 || bits > 4096) throw new RedisError(Errors.ACL_GENPASS_BITS);
        int chars = (int) ((bits + 3) / 4);
        StringBuilder b = new StringBuilder(chars);
        for (int i = 0; i < chars; i++) b.append("0123456789abcdef".charAt(c.server.random().nextInt(16)));
        c.out.bulk(b.toString());
    }

    static void log(Ctx c) {
        if (c.argc() > 3) throw ServerCommands.subcommandSyntax(c);
        AclLog log = c.server.acl().log;
        long count = 10;
        if (c.argc() == 3) {
            if (c.is(2, "reset")) {
                log.reset();
                c.ok();
                return;
            }
            count = c.longArg(2);
            if (count < 0) count = 0;
        }
        List<AclLog.Entry> entries = log.entries();
        int n = (int) Math.min(count, entries.size());
        c.out.array(n);
        long now = c.now();
        int i = 0;
        for (AclLog.Entry e : entries) {
            if (i++ >= n) break;
            c.out.map(7);
            c.out.bulk("count");
            c.out.integer(e.count);
            c.out.bulk("reason");
            c.out.bulk(e.reasonName());
            c.out.bulk("context");
            c.out.bulk(e.contextName());
            c.out.bulk("object");
            c.out.bulk(latin1(e.object));
            c.out.bulk("username");
            c.out.bulk(latin1(e.username));
            c.out.bulk("age-seconds");
            c.out.dbl((double) (now - e.ctime) / 1000);
            c.out.bulk("client-info");
            c.out.bulk(e.clientInfo.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** ACL DRYRUN user command [arg...]: whether the user could run it, without running it or logging. */
    static void dryrun(Ctx c) {
        User u = c.server.acl().user(c.arg(2));
        if (u == null) throw new RedisError(Errors.aclUserNotFound(name(c, 2)));
        byte[][] argv = new byte[c.argc() - 3][];
        System.arraycopy(c.argv, 3, argv, 0, argv.length);
        CommandSpec cmd = c.server.table().get(argv[0]);
        if (cmd != null && cmd.isContainer() && argv.length >= 2) {
            cmd = cmd.subcommands.get(new String(argv[1], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
        }
        if (cmd == null) throw new RedisError(Errors.aclCommandNotFound(c.str(3)));
        if (!cmd.arityOk(argv.length)) throw new RedisError(Errors.wrongArity(cmd.name));
        Acl.Denial d = c.server.acl().check(u, cmd, argv);
        if (d == null) {
            c.ok();
            return;
        }
        String msg;
        switch (d.reason()) {
            case Acl.DENIED_CMD:
                msg = "This user has no permissions to run the '" + cmd.name + "' command";
                break;
            case Acl.DENIED_KEY:
                msg = "This user has no permissions to access the '" + new String(argv[d.pos()], StandardCharsets.ISO_8859_1) + "' key";
                break;
            default:
                msg = "This user has no permissions to access the '" + new String(argv[d.pos()], StandardCharsets.ISO_8859_1) + "' channel";
                break;
        }
        c.out.bulk(latin1(msg));
    }
}
