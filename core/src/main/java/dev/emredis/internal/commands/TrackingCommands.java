package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.server.ByteKey;
import dev.emredis.internal.server.Client;
import dev.emredis.internal.server.Tracking;
import dev.emredis.internal.util.Num;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * CLIENT TRACKING, CACHING, GETREDIR and TRACKINGINFO as Redis 7.0.15 answers them; the tracking
 * itself (what is remembered, when invalidations go out) lives in {@link Tracking}.
 */
public final class TrackingCommands {
    private TrackingCommands() {}

    public static void register(CommandRegistry r) {
        r.add("client|tracking", TrackingCommands::tracking);
        r.add("client|caching", TrackingCommands::caching);
        r.add("client|getredir", TrackingCommands::getredir);
        r.add("client|trackinginfo", TrackingCommands::trackinginfo);
    }

    /**
     * CLIENT TRACKING ON|OFF [REDIRECT id] [BCAST] [PREFIX p]... [OPTIN] [OPTOUT] [NOLOOP]. Options
     * are parsed (and REDIRECT's client looked up) before ON/OFF is read; ON then checks the
     * combinations in Redis's order.
     */
    static void tracking(Ctx c) {
        Client cl = c.client;
        long redirect = 0;
        int options = 0;
        List<byte[]> prefixes = new ArrayList<>();
        for (int j = 3; j < c.argc(); j++) {
            boolean more = c.argc() - 1 - j > 0;
            if (c.is(j, "redirect") && more) {
                j++;
                if (redirect != 0) throw new RedisError(Errors.TRACKING_SINGLE_REDIRECT);
                Long id = Num.parseLong(c.arg(j));
                if (id == null) throw new RedisError(Errors.NOT_INTEGER);
                redirect = id;
                // The target must exist now; it may still go away later (then 'R', broken redirect).
                Client target = c.server.clients().get(redirect);
                if (target == null || target.closed) throw new RedisError(Errors.TRACKING_REDIRECT_MISSING);
            } else if (c.is(j, "bcast")) {
                options |= Tracking.BCAST;
            } else if (c.is(j, "optin")) {
                options |= Tracking.OPTIN;
            } else if (c.is(j, "optout")) {
                options |= Tracking.OPTOUT;
            } else if (c.is(j, "noloop")) {
                options |= Tracking.NOLOOP;
            } else if (c.is(j, "prefix") && more) {
                j++;
                prefixes.add(c.arg(j));
            } else {
                throw new RedisError(Errors.SYNTAX);
            }
        }
        if (c.is(2, "on")) {
            int flags = cl.trackingFlags;
            if ((options & Tracking.BCAST) == 0 && !prefixes.isEmpty()) throw new RedisError(Errors.TRACKING_PREFIX_NEEDS_BCAST);
            if ((flags & Tracking.ON) != 0 && ((flags & Tracking.BCAST) != 0) != ((options & Tracking.BCAST) != 0)) {
                throw new RedisError(Errors.TRACKING_BCAST_SWITCH);
            }
            if ((options & Tracking.BCAST) != 0 && (options & (Tracking.OPTIN | Tracking.OPTOUT)) != 0) {
                throw new RedisError(Errors.TRACKING_OPT_WITH_BCAST);
            }
            if ((options & Tracking.OPTIN) != 0 && (options & Tracking.OPTOUT) != 0) {
                throw new RedisError(Errors.TRACKING_OPTIN_AND_OPTOUT);
            }
            if (((options & Tracking.OPTIN) != 0 && (flags & Tracking.OPTOUT) != 0)
                    || ((options & Tracking.OPTOUT) != 0 && (flags & Tracking.OPTIN) != 0)) {
                throw new RedisError(Errors.TRACKING_OPT_SWITCH);
            }
            if ((options & Tracking.BCAST) != 0 && !prefixesAccepted(c, prefixes)) return;
            c.server.tracking.enable(cl, redirect, options, prefixes);
        } else if (c.is(2, "off")) {
            c.server.tracking.disable(cl);
        } else {
            throw new RedisError(Errors.SYNTAX);
        }
        c.ok();
    }

    /**
     * Redis's checkPrefixCollisionsOrReply: two prefixes overlap when one starts with the other.
     * Each new prefix is checked against the client's existing ones, then against the new ones
     * after it. Redis 7.0.15 answers an overlap among the new prefixes with an error but, unless
     * the first prefix was involved, goes on to enable tracking and also answers +OK: the client
     * gets two replies. That is kept, since a client can observe it.
     */
    private static boolean prefixesAccepted(Ctx c, List<byte[]> prefixes) {
        java.util.TreeSet<ByteKey> existing = c.client.trackingPrefixes;
        for (int i = 0; i < prefixes.size(); i++) {
            byte[] p = prefixes.get(i);
            if (existing != null) {
                for (ByteKey e : existing) {
                    if (overlap(e.bytes, p)) {
                        throw new RedisError(Errors.trackingPrefixOverlapsExisting(cstr(p), cstr(e.bytes)));
                    }
                }
            }
            for (int j = i + 1; j < prefixes.size(); j++) {
                if (overlap(p, prefixes.get(j))) {
                    c.error(Errors.trackingPrefixOverlapsProvided(cstr(p), cstr(prefixes.get(j))));
                    return i != 0;
                }
            }
        }
        return true;
    }

    private static boolean overlap(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) if (a[i] != b[i]) return false;
        return true;
    }

    /** Redis formats the prefixes with %s: the text stops at the first NUL byte. */
    private static String cstr(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    /** CLIENT CACHING YES|NO: for the next command (or transaction) in OPTIN or OPTOUT mode. */
    static void caching(Ctx c) {
        Client cl = c.client;
        if ((cl.trackingFlags & Tracking.ON) == 0) throw new RedisError(Errors.CACHING_NOT_TRACKING);
        if (c.is(2, "yes")) {
            if ((cl.trackingFlags & Tracking.OPTIN) == 0) throw new RedisError(Errors.CACHING_YES_NOT_OPTIN);
        } else if (c.is(2, "no")) {
            if ((cl.trackingFlags & Tracking.OPTOUT) == 0) throw new RedisError(Errors.CACHING_NO_NOT_OPTOUT);
        } else {
            throw new RedisError(Errors.SYNTAX);
        }
        cl.trackingFlags |= Tracking.CACHING;
        c.ok();
    }

    /** The redirect id while tracking (0 without REDIRECT), -1 when tracking is off. */
    static long redirect(Client cl) {
        return (cl.trackingFlags & Tracking.ON) != 0 ? cl.trackingRedirect : -1;
    }

    static void getredir(Ctx c) {
        c.out.integer(redirect(c.client));
    }

    /** CLIENT TRACKINGINFO: a map of flags (a set), redirect and prefixes (in byte order). */
    static void trackinginfo(Ctx c) {
        Client cl = c.client;
        int f = cl.trackingFlags;
        List<String> flags = new ArrayList<>();
        flags.add((f & Tracking.ON) != 0 ? "on" : "off");
        if ((f & Tracking.BCAST) != 0) flags.add("bcast");
        if ((f & Tracking.OPTIN) != 0) {
            flags.add("optin");
            if ((f & Tracking.CACHING) != 0) flags.add("caching-yes");
        }
        if ((f & Tracking.OPTOUT) != 0) {
            flags.add("optout");
            if ((f & Tracking.CACHING) != 0) flags.add("caching-no");
        }
        if ((f & Tracking.NOLOOP) != 0) flags.add("noloop");
        if ((f & Tracking.BROKEN_REDIR) != 0) flags.add("broken_redirect");
        c.out.map(3);
        c.out.bulk("flags".getBytes(StandardCharsets.US_ASCII));
        c.out.set(flags.size());
        for (String s : flags) c.out.bulk(s.getBytes(StandardCharsets.US_ASCII));
        c.out.bulk("redirect".getBytes(StandardCharsets.US_ASCII));
        c.out.integer(redirect(cl));
        c.out.bulk("prefixes".getBytes(StandardCharsets.US_ASCII));
        if (cl.trackingPrefixes == null) {
            c.out.array(0);
        } else {
            c.out.array(cl.trackingPrefixes.size());
            for (ByteKey p : cl.trackingPrefixes) c.out.bulk(p.bytes);
        }
    }
}
