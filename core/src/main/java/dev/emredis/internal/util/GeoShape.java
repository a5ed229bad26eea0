package dev.emredis.internal.util;

/**
 * The area of a GEOSEARCH/GEORADIUS query: a centre and either a radius or a width and height,
 * in the unit given ({@code conversion} meters per unit). It knows whether a point is inside and
 * which nine geohash cells (centre + eight neighbours, some dropped) Redis scans to find them.
 */
public final class GeoShape {
    public double lon;
    public double lat;
    /** Meters per unit of radius/width/height. */
    public double conversion;
    public boolean box;
    public double radius;
    public double width;
    public double height;

    /** The cells to scan, in Redis's order: centre, N, S, E, W, NE, NW, SE, SW. */
    public static final class Cells {
        public final long[] bits = new long[9];
        public final int[] steps = new int[9];

        /** A cell Redis zeroed (not worth scanning). */
        public boolean isZero(int i) {
            return bits[i] == 0 && steps[i] == 0;
        }
    }

    /**
     * Whether the decoded point is inside; {@code distOut[0]} gets its distance from the centre
     * in meters. A box compares the meridian and parallel distances with half height and width.
     */
    public boolean contains(double x, double y, double[] distOut) {
        if (!box) {
            double d = GeoHash.distance(lon, lat, x, y);
            distOut[0] = d;
            return !(d > radius * conversion);
        }
        double widthM = width * conversion;
        double heightM = height * conversion;
        double latDist = GeoHash.latDistance(y, lat);
        if (latDist > heightM / 2) return false;
        double lonDist = GeoHash.distance(x, y, lon, y);
        if (lonDist > widthM / 2) return false;
        distOut[0] = GeoHash.distance(lon, lat, x, y);
        return true;
    }

    /**
     * The bounding box {minLon, minLat, maxLon, maxLat}: a latitude delta from the height, and a
     * longitude delta widened by the cosine of the latitude at the edge nearer the pole.
     */
    double[] boundingBox() {
        double h = conversion * (box ? height / 2 : radius);
        double w = conversion * (box ? width / 2 : radius);
        double latDelta = GeoHash.radDeg(h / GeoHash.EARTH_RADIUS);
        double lonDeltaTop = GeoHash.radDeg(w / GeoHash.EARTH_RADIUS / GeoMath.cos(GeoHash.degRad(lat + latDelta)));
        double lonDeltaBottom = GeoHash.radDeg(w / GeoHash.EARTH_RADIUS / GeoMath.cos(GeoHash.degRad(lat - latDelta)));
        boolean south = lat < 0;
        return new double[] {
            south ? lon - lonDeltaBottom : lon - lonDeltaTop,
            lat - latDelta,
            south ? lon + lonDeltaBottom : lon + lonDeltaTop,
            lat + latDelta,
        };
    }

    /**
     * Redis's choice of cells: a step from the radius (a box uses its half diagonal), one step
     * coarser when a direct neighbour does not reach the bounding box edge, then neighbours
     * entirely on the far side of the box are dropped (only from step 2).
     */
    public Cells cells() {
        double[] b = boundingBox();
        double minLon = b[0];
        double minLat = b[1];
        double maxLon = b[2];
        double maxLat = b[3];
        double radiusMeters = box ? Math.sqrt((width / 2) * (width / 2) + (height / 2) * (height / 2)) : radius;
        radiusMeters *= conversion;
        int steps = GeoHash.estimateSteps(radiusMeters, lat);
        long hash = GeoHash.encode(lon, lat, steps);
        long[] nb = neighbours(hash, steps);
        double[] area = GeoHash.area(hash, steps);

        boolean decrease = false;
        if (GeoHash.area(nb[1], steps)[3] < maxLat) decrease = true;
        if (GeoHash.area(nb[2], steps)[2] > minLat) decrease = true;
        if (GeoHash.area(nb[3], steps)[1] < maxLon) decrease = true;
        if (GeoHash.area(nb[4], steps)[0] > minLon) decrease = true;
        if (steps > 1 && decrease) {
            steps--;
            hash = GeoHash.encode(lon, lat, steps);
            nb = neighbours(hash, steps);
            area = GeoHash.area(hash, steps);
        }

        Cells c = new Cells();
        for (int i = 0; i < 9; i++) {
            c.bits[i] = nb[i];
            c.steps[i] = steps;
        }
        if (steps >= 2) {
            if (area[2] < minLat) zero(c, 2, 8, 7); // south, south-west, south-east
            if (area[3] > maxLat) zero(c, 1, 5, 6); // north, north-east, north-west
            if (area[0] < minLon) zero(c, 4, 8, 6); // west, south-west, north-west
            if (area[1] > maxLon) zero(c, 3, 7, 5); // east, south-east, north-east
        }
        return c;
    }

    private static void zero(Cells c, int... idx) {
        for (int i : idx) {
            c.bits[i] = 0;
            c.steps[i] = 0;
        }
    }

    /** The cell and its neighbours in Redis's scan order: self, N, S, E, W, NE, NW, SE, SW. */
    static long[] neighbours(long h, int step) {
        return new long[] {
            h,
            GeoHash.moveY(h, step, 1),
            GeoHash.moveY(h, step, -1),
            GeoHash.moveX(h, step, 1),
            GeoHash.moveX(h, step, -1),
            GeoHash.moveY(GeoHash.moveX(h, step, 1), step, 1),
            GeoHash.moveY(GeoHash.moveX(h, step, -1), step, 1),
            GeoHash.moveY(GeoHash.moveX(h, step, 1), step, -1),
            GeoHash.moveY(GeoHash.moveX(h, step, -1), step, -1),
        };
    }
}
