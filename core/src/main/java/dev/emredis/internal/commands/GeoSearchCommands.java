package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.keyspace.Notifications;
import dev.emredis.internal.keyspace.RedisZSet;
import dev.emredis.internal.keyspace.ScoreRange;
import dev.emredis.internal.keyspace.ZSkipList;
import dev.emredis.internal.util.GeoHash;
import dev.emredis.internal.util.GeoShape;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * GEOSEARCH, GEOSEARCHSTORE, GEORADIUS, GEORADIUSBYMEMBER and their _RO forms: one generic search
 * as in Redis's georadiusGeneric. Arguments are checked in Redis's order (the source key's type
 * first, the centre and radius of the old forms, then the options left to right, where a centre
 * member is resolved as soon as it is read), then the nine geohash cells are scanned in order,
 * points outside the shape dropped, and the result sorted when asked (or when COUNT needs it).
 */
public final class GeoSearchCommands {
    private GeoSearchCommands() {}

    private static final int COORDS = 1;
    private static final int MEMBER = 1 << 1;
    private static final int NOSTORE = 1 << 2;
    private static final int SEARCH = 1 << 3;
    private static final int SEARCHSTORE = 1 << 4;

    private static final int SORT_NONE = 0;
    private static final int SORT_ASC = 1;
    private static final int SORT_DESC = 2;

    public static void register(CommandRegistry r) {
        r.add("georadius", c -> search(c, 1, COORDS));
        r.add("georadiusbymember", c -> search(c, 1, MEMBER));
        r.add("georadius_ro", c -> search(c, 1, COORDS | NOSTORE));
        r.add("georadiusbymember_ro", c -> search(c, 1, MEMBER | NOSTORE));
        r.add("geosearch", c -> search(c, 1, SEARCH));
        r.add("geosearchstore", c -> search(c, 2, SEARCH | SEARCHSTORE));
    }

    /** One point found: its position, distance from the centre (meters, later the unit), score. */
    static final class Point {
        final double lon;
        final double lat;
        double dist;
        final double score;
        final byte[] member;

        Point(double lon, double lat, double dist, double score, byte[] member) {
            this.lon = lon;
            this.lat = lat;
            this.dist = dist;
            this.score = score;
            this.member = member;
        }
    }

    static void search(Ctx c, int srcIdx, int flags) {
        Database db = c.db();
        RedisZSet z = ZArgs.zset(db.lookupRead(c.arg(srcIdx), c.client));
        byte[] storeKey = null;
        boolean storeDist = false;
        GeoShape shape = new GeoShape();
        int baseArgs;
        if ((flags & COORDS) != 0) {
            baseArgs = 6;
            double[] xy = GeoCommands.lonLat(c, 2);
            shape.lon = xy[0];
            shape.lat = xy[1];
            radius(c, baseArgs - 2, shape);
        } else if ((flags & MEMBER) != 0 && z == null) {
            // No source key: the member and radius are not even parsed, only the options are
            // (they decide between the empty array and the STORE reply).
            baseArgs = 5;
        } else if ((flags & MEMBER) != 0) {
            baseArgs = 5;
            center(z, c.arg(2), shape);
            radius(c, baseArgs - 2, shape);
        } else {
            baseArgs = 2;
            if ((flags & SEARCHSTORE) != 0) {
                baseArgs = 3;
                storeKey = c.arg(1);
            }
        }

        boolean withDist = false;
        boolean withHash = false;
        boolean withCoords = false;
        boolean fromMember = false;
        boolean fromLoc = false;
        boolean byRadius = false;
        boolean byBox = false;
        int sort = SORT_NONE;
        boolean any = false;
        long count = 0;
        boolean search = (flags & SEARCH) != 0;
        boolean storeAllowed = (flags & NOSTORE) == 0 && !search;
        int remaining = c.argc() - baseArgs;
        for (int i = 0; i < remaining; i++) {
            int a = baseArgs + i;
            if (c.is(a, "withdist")) {
                withDist = true;
            } else if (c.is(a, "withhash")) {
                withHash = true;
            } else if (c.is(a, "withcoord")) {
                withCoords = true;
            } else if (c.is(a, "any")) {
                any = true;
            } else if (c.is(a, "asc")) {
                sort = SORT_ASC;
            } else if (c.is(a, "desc")) {
                sort = SORT_DESC;
            } else if (c.is(a, "count") && i + 1 < remaining) {
                count = c.longArg(a + 1);
                if (count <= 0) throw new RedisError(Errors.GEO_COUNT_POSITIVE);
                i++;
            } else if (c.is(a, "store") && i + 1 < remaining && storeAllowed) {
                storeKey = c.arg(a + 1);
                storeDist = false;
                i++;
            } else if (c.is(a, "storedist") && i + 1 < remaining && storeAllowed) {
                storeKey = c.arg(a + 1);
                storeDist = true;
                i++;
            } else if (c.is(a, "storedist") && search && (flags & SEARCHSTORE) != 0) {
                storeDist = true;
            } else if (c.is(a, "frommember") && i + 1 < remaining && search && !fromLoc) {
                // Without a source key the member is skipped; the missing key is answered later.
                if (z != null) center(z, c.arg(a + 1), shape);
                fromMember = true;
                i++;
            } else if (c.is(a, "fromlonlat") && i + 2 < remaining && search && !fromMember) {
                double[] xy = GeoCommands.lonLat(c, a + 1);
                shape.lon = xy[0];
                shape.lat = xy[1];
                fromLoc = true;
                i += 2;
            } else if (c.is(a, "byradius") && i + 2 < remaining && search && !byBox) {
                radius(c, a + 1, shape);
                byRadius = true;
                i += 2;
            } else if (c.is(a, "bybox") && i + 3 < remaining && search && !byRadius) {
                box(c, a + 1, shape);
                byBox = true;
                i += 3;
            } else {
                throw new RedisError(Errors.SYNTAX);
            }
        }

        if (storeKey != null && (withDist || withHash || withCoords)) {
            throw new RedisError((flags & SEARCHSTORE) != 0 ? Errors.GEOSEARCHSTORE_WITH : Errors.GEORADIUS_STORE_WITH);
        }
        String name = new String(c.arg(0), StandardCharsets.UTF_8);
        if (search && !(fromMember || fromLoc)) throw new RedisError(Errors.geoExactlyOneFrom(name));
        if (search && !(byRadius || byBox)) throw new RedisError(Errors.geoExactlyOneBy(name));
        if (any && count == 0) throw new RedisError(Errors.GEO_ANY_NEEDS_COUNT);

        if (z == null) {
            if (storeKey != null) {
                deleteStore(c, storeKey);
                c.out.integer(0);
            } else {
                c.out.array(0);
            }
            return;
        }

        // COUNT needs the nearest ones, so it implies ASC (ANY takes whatever it finds first).
        if (count != 0 && sort == SORT_NONE && !any) sort = SORT_ASC;

        List<Point> found = scan(z, shape, any ? count : 0);
        if (found.isEmpty() && storeKey == null) {
            c.out.array(0);
            return;
        }
        int total = found.size();
        int returned = count == 0 || total < count ? total : (int) count;
        Point[] pts = found.toArray(new Point[0]);
        if (sort != SORT_NONE) {
            Comparator<Point> asc = (p, q) -> p.dist > q.dist ? 1 : p.dist == q.dist ? 0 : -1;
            Comparator<Point> cmp = sort == SORT_ASC ? asc : (p, q) -> -asc.compare(p, q);
            // glibc's qsort is a stable merge sort; Redis switches to its partial quicksort
            // when only the first COUNT are needed, which orders ties its own way.
            if (returned == total) java.util.Arrays.sort(pts, cmp);
            else PartialQuicksort.sort(pts, cmp, 0, returned - 1);
        }

        if (storeKey == null) {
            reply(c, pts, returned, shape.conversion, withDist, withHash, withCoords);
        } else {
            store(c, storeKey, pts, returned, shape.conversion, storeDist, search);
        }
    }

    /** Sets the centre to a member's position ("could not decode" when it is missing). */
    private static void center(RedisZSet z, byte[] member, GeoShape shape) {
        double[] xy = GeoCommands.memberPosition(z, member);
        if (xy == null) throw new RedisError(Errors.GEO_MEMBER_NOT_FOUND);
        shape.lon = xy[0];
        shape.lat = xy[1];
    }

    /** radius unit: numeric and not negative, then the unit. */
    private static void radius(Ctx c, int idx, GeoShape shape) {
        double r = floatArg(c, idx, Errors.GEO_NEED_NUMERIC_RADIUS);
        if (r < 0) throw new RedisError(Errors.GEO_RADIUS_NEGATIVE);
        shape.radius = r;
        shape.conversion = GeoCommands.unit(c.arg(idx + 1));
        shape.box = false;
    }

    /** width height unit: both numeric, neither negative, then the unit. */
    private static void box(Ctx c, int idx, GeoShape shape) {
        double w = floatArg(c, idx, Errors.GEO_NEED_NUMERIC_WIDTH);
        double h = floatArg(c, idx + 1, Errors.GEO_NEED_NUMERIC_HEIGHT);
        if (h < 0 || w < 0) throw new RedisError(Errors.GEO_BOX_NEGATIVE);
        shape.width = w;
        shape.height = h;
        shape.conversion = GeoCommands.unit(c.arg(idx + 2));
        shape.box = true;
    }

    private static double floatArg(Ctx c, int idx, String error) {
        Double v = dev.emredis.internal.util.Num.parseDouble(c.arg(idx));
        if (v == null) throw new RedisError(error);
        return v;
    }

    /**
     * Scans the nine cells in Redis's order, skipping zeroed ones and a cell equal to the last one
     * scanned (huge radii make neighbours coincide; only consecutive repeats are caught, and never
     * against the centre cell, so a point can come out twice as in Redis). Each cell is the score
     * range [cell start, next cell start). With a limit (ANY) the scan stops once it has enough.
     */
    static List<Point> scan(RedisZSet z, GeoShape shape, long limit) {
        GeoShape.Cells cells = shape.cells();
        List<Point> out = new ArrayList<>();
        int last = 0;
        double[] dist = new double[1];
        for (int i = 0; i < 9; i++) {
            if (cells.isZero(i)) continue;
            if (last != 0 && cells.bits[i] == cells.bits[last] && cells.steps[i] == cells.steps[last]) continue;
            if (!out.isEmpty() && limit != 0 && out.size() >= limit) break;
            double min = (double) GeoHash.align52(cells.bits[i], cells.steps[i]);
            double max = (double) GeoHash.align52(cells.bits[i] + 1, cells.steps[i]);
            ScoreRange range = new ScoreRange(min, false, max, true);
            for (ZSkipList.Node n = z.firstInRange(range); n != null; n = n.next()) {
                if (!range.lteMax(n.score)) break;
                double[] xy = GeoHash.decodeScore(n.score);
                if (shape.contains(xy[0], xy[1], dist)) out.add(new Point(xy[0], xy[1], dist[0], n.score, n.member));
                if (!out.isEmpty() && limit != 0 && out.size() >= limit) break;
            }
            last = i;
        }
        return out;
    }

    private static void reply(Ctx c, Point[] pts, int returned, double conversion, boolean withDist, boolean withHash, boolean withCoords) {
        int options = (withDist ? 1 : 0) + (withHash ? 1 : 0) + (withCoords ? 1 : 0);
        c.out.array(returned);
        for (int i = 0; i < returned; i++) {
            Point p = pts[i];
            p.dist /= conversion;
            if (options > 0) c.out.array(options + 1);
            c.out.bulk(p.member);
            if (withDist) GeoCommands.distanceReply(c.out, p.dist);
            if (withHash) c.out.integer((long) p.score);
            if (withCoords) {
                c.out.array(2);
                GeoCommands.humanDouble(c.out, p.lon);
                GeoCommands.humanDouble(c.out, p.lat);
            }
        }
    }

    /**
     * STORE/STOREDIST and GEOSEARCHSTORE: the destination becomes a sorted set of the results
     * (scores: the geohash, or the distance in the query's unit), listpack-encoded when it fits;
     * nothing found deletes it. Fires georadiusstore or geosearchstore.
     */
    private static void store(Ctx c, byte[] dst, Point[] pts, int returned, double conversion, boolean storeDist, boolean search) {
        Database db = c.db();
        if (returned == 0) {
            deleteStore(c, dst);
            c.out.integer(0);
            return;
        }
        long dirty0 = c.server.dirty;
        RedisZSet d = RedisZSet.skiplist();
        long maxLen = 0;
        for (int i = 0; i < returned; i++) {
            Point p = pts[i];
            p.dist /= conversion;
            double score = storeDist ? p.dist : p.score;
            maxLen = Math.max(maxLen, p.member.length);
            // Redis asserts on a repeated member; keep the first.
            if (d.score(p.member) == null) d.insertNew(score, p.member.clone());
        }
        d.convertToListpackIfFits(ZArgs.maxEntries(c), ZArgs.maxValue(c), maxLen);
        db.put(dst, d);
        SortedSetCommands.notify(c, Notifications.ZSET, search ? "geosearchstore" : "georadiusstore", dst);
        c.server.dirty = dirty0 + returned;
        c.out.integer(returned);
    }

    private static void deleteStore(Ctx c, byte[] dst) {
        long dirty0 = c.server.dirty;
        if (c.db().delete(dst)) {
            SortedSetCommands.notify(c, Notifications.GENERIC, "del", dst);
            c.server.dirty = dirty0 + 1;
        }
    }
}
