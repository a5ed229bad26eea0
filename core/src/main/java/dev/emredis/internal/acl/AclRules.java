package dev.emredis.internal.acl;

import dev.emredis.internal.resp.RespDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Rule strings: splitting ACL SETUSER arguments (selectors spread over several arguments are
 * merged) and rendering a selector back the way ACL LIST / GETUSER show it, including Redis's
 * normalisation of command rules into "+@all"/"-@all", the best-fitting categories, then single
 * commands.
 */
public final class AclRules {
    private AclRules() {}

    /**
     * Redis's ACLMergeSelectorArguments: "(~a" "+get)" become one "(~a +get)" argument. Returns null
     * when a parenthesis is left open; {@code openAt[0]} is then the index where it opened.
     */
    static List<String> mergeSelectors(List<String> args, int[] openAt) {
        List<String> out = new ArrayList<>();
        StringBuilder sel = null;
        int open = -1;
        for (int j = 0; j < args.size(); j++) {
            String op = args.get(j);
            if (!op.isEmpty() && op.charAt(0) == '(' && op.charAt(op.length() - 1) != ')') {
                sel = new StringBuilder(op);
                open = j;
                continue;
            }
            if (open != -1) {
                sel.append(' ').append(op);
                if (!op.isEmpty() && op.charAt(op.length() - 1) == ')') {
                    open = -1;
                    out.add(sel.toString());
                }
                continue;
            }
            out.add(op);
        }
        if (open != -1) {
            openAt[0] = open;
            return null;
        }
        return out;
    }

    /** The words inside "(...)", split as Redis's sdssplitargs does (quotes allowed). */
    static List<String> selectorOps(String opset) {
        String inner = opset.substring(1, opset.length() - 1);
        List<byte[]> parts = RespDecoder.splitArgs(inner.getBytes(StandardCharsets.ISO_8859_1));
        List<String> out = new ArrayList<>();
        if (parts == null) return out;
        for (byte[] p : parts) out.add(new String(p, StandardCharsets.ISO_8859_1));
        return out;
    }

    /** Key patterns, channels and command rules of a selector as ACL LIST writes them. */
    static String describe(Selector s) {
        StringBuilder b = new StringBuilder();
        if (s.allKeys) {
            b.append("~* ");
        } else {
            for (Selector.KeyPattern p : s.patterns) b.append(p.render()).append(' ');
        }
        if (s.allChannels) {
            b.append("&* ");
        } else {
            b.append("resetchannels ");
            for (String c : s.channels) b.append('&').append(c).append(' ');
        }
        b.append(describeCommands(s));
        return b.toString();
    }

    /** GETUSER's "keys" field: patterns joined by spaces, or "~*". */
    static String keys(Selector s) {
        if (s.allKeys) return "~*";
        StringBuilder b = new StringBuilder();
        for (Selector.KeyPattern p : s.patterns) {
            if (b.length() > 0) b.append(' ');
            b.append(p.render());
        }
        return b.toString();
    }

    /** GETUSER's "channels" field: "&p" joined by spaces, or "&*". */
    static String channels(Selector s) {
        if (s.allChannels) return "&*";
        StringBuilder b = new StringBuilder();
        for (String c : s.channels) {
            if (b.length() > 0) b.append(' ');
            b.append('&').append(c);
        }
        return b.toString();
    }

    /**
     * Redis's ACLDescribeSelectorCommandRules. Start from "+@all" (when the selector may run future
     * commands) or "-@all"; then repeatedly pick the category that fits best (more commands agree
     * than differ; fewest differences, then most agreements; earlier category on ties), applying
     * it to a "fake" selector and its inverse to a "temp" copy so later choices see what is
     * already explained; finally fix every remaining difference with single +cmd / -cmd rules and
     * list allowed first arguments.
     */
    static String describeCommands(Selector s) {
        StringBuilder rules = new StringBuilder();
        Selector fake = new Selector(false, false);
        boolean additive = !s.future;
        if (additive) {
            rules.append("-@all ");
        } else {
            rules.append("+@all ");
            fake.allowed = new long[fake.allowed.length];
            java.util.Arrays.fill(fake.allowed, -1L);
            fake.future = true;
        }
        Selector temp = new Selector(false, false);
        temp.allowed = s.allowed.clone();
        int ncat = AclCommandSet.CATEGORIES.size();
        boolean[] applied = new boolean[ncat];
        List<AclCommandSet.Cmd> all = AclCommandSet.get().byId;
        while (true) {
            int best = -1;
            long mindiff = Integer.MAX_VALUE;
            long maxsame = 0;
            for (int j = 0; j < ncat; j++) {
                if (applied[j]) continue;
                int flag = 1 << j;
                long on = 0;
                long off = 0;
                for (AclCommandSet.Cmd c : all) {
                    if ((c.categories & flag) == 0) continue;
                    if (temp.bit(c.id)) on++;
                    else off++;
                }
                long diff = additive ? off : on;
                long same = additive ? on : off;
                if (same > diff && (diff < mindiff || (diff == mindiff && same > maxsame))) {
                    best = j;
                    mindiff = diff;
                    maxsame = same;
                }
            }
            if (best == -1) break;
            fake.setCategory(best, additive);
            temp.setCategory(best, !additive);
            rules.append(additive ? "+@" : "-@").append(AclCommandSet.CATEGORIES.get(best)).append(' ');
            applied[best] = true;
        }
        singleCommands(s, fake, rules, AclCommandSet.get().top);
        rules.setLength(rules.length() - 1);
        return rules.toString();
    }

    private static void singleCommands(Selector s, Selector fake, StringBuilder rules, List<AclCommandSet.Cmd> cmds) {
        for (AclCommandSet.Cmd cmd : cmds) {
            boolean userbit = s.bit(cmd.id);
            if (userbit != fake.bit(cmd.id)) {
                rules.append(userbit ? '+' : '-').append(cmd.fullName).append(' ');
                fake.changePerm(cmd, userbit);
            }
            if (!cmd.subs.isEmpty()) singleCommands(s, fake, rules, cmd.subs);
            if (!userbit && s.firstArgs != null) {
                List<String> args = s.firstArgs.get(cmd.id);
                if (args != null) {
                    for (String a : args) rules.append('+').append(cmd.fullName).append('|').append(a).append(' ');
                }
            }
        }
    }
}
