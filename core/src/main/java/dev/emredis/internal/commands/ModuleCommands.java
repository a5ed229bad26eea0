package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.server.Client;
import dev.emredis.internal.server.Server;

/**
 * MODULE: an emulator loads no native modules, so it answers as Redis does when there are none
 * and a load fails: LIST is empty, LOAD/LOADEX report a loading error, UNLOAD finds no module.
 * LOAD, LOADEX and UNLOAD are protected by enable-module-command, as in Redis 7.0.
 */
public final class ModuleCommands {
    private ModuleCommands() {}

    private static final String[] HELP = {
        "LIST",
        "    Return a list of loaded modules.",
        "LOAD <path> [<arg> ...]",
        "    Load a module library from <path>, passing to it any optional arguments.",
        "LOADEX <path> [[CONFIG NAME VALUE] [CONFIG NAME VALUE]] [ARGS ...]",
        "    Load a module library from <path>, while passing it module configurations and optional arguments.",
        "UNLOAD <name>",
        "    Unload a module.",
    };

    public static void register(CommandRegistry r) {
        r.add("module|help", c -> ServerCommands.help(c, HELP));
        r.add("module|list", c -> c.out.array(0));
        r.add("module|load", c -> c.error(Errors.MODULE_LOAD_FAILED));
        r.add("module|loadex", c -> c.error(Errors.MODULE_LOAD_FAILED));
        r.add("module|unload", c -> {
            if (c.argc() != 3) throw new RedisError(Errors.subcommandSyntax(c.str(1), "MODULE"));
            c.error(Errors.MODULE_NO_SUCH_MODULE);
        });
    }

    /** The protected subcommands are refused unless enable-module-command allows the client. */
    public static String rejection(Server server, Client c, String command) {
        if (!command.equals("module|load") && !command.equals("module|loadex") && !command.equals("module|unload")) {
            return null;
        }
        String mode = server.config().get("enable-module-command");
        if ("yes".equals(mode)) return null;
        if ("local".equals(mode) && DebugCommands.isLocal(c)) return null;
        return Errors.MODULE_NOT_ALLOWED;
    }
}
