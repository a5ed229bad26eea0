package dev.emredis.internal.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Geohash scores, decoding, GEOHASH strings and distances against values real Redis 7.0.15 gives. */
class GeoHashTest {
    @Test
    void scoresMatchRedis() {
        assertThat(GeoHash.score(13.361389, 38.115556)).isEqualTo(3479099956230698L);
        assertThat(GeoHash.score(15.087269, 37.502669)).isEqualTo(3479447370796909L);
        assertThat(GeoHash.score(-122.27652, 37.805186)).isEqualTo(1367952638197536L);
        assertThat(GeoHash.score(0, 0)).isEqualTo(3377699720527872L);
        assertThat(GeoHash.score(-180, -85.05112878)).isEqualTo(0L);
        // the upper limits overflow the 26-bit cell index, as in Redis
        assertThat(GeoHash.score(180, 85.05112878)).isEqualTo(13510798882111488L);
    }

    @Test
    void decodeGivesTheCellCentreAsRedisPrintsIt() {
        double[] p = GeoHash.decodeScore(3479099956230698.0);
        assertThat(human(p[0])).isEqualTo("13.36138933897018433");
        assertThat(human(p[1])).isEqualTo("38.11555639549629859");
        double[] ne = GeoHash.decodeScore(13510798882111488.0);
        assertThat(human(ne[0])).isEqualTo("180");
        assertThat(human(ne[1])).isEqualTo("85.0511287799999991");
        double[] sw = GeoHash.decodeScore(0);
        assertThat(human(sw[0])).isEqualTo("-179.99999731779098511");
        assertThat(human(sw[1])).isEqualTo("-85.05112751263942528");
        double[] o = GeoHash.decodeScore(3377699720527872.0);
        assertThat(human(o[0])).isEqualTo("0.00000268220901489");
        assertThat(human(o[1])).isEqualTo("0.00000126736058093");
    }

    @Test
    void roundTripStaysInsideTheCell() {
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 10000; i++) {
            double lon = r.nextDouble() * 360 - 180;
            double lat = r.nextDouble() * 2 * GeoHash.LAT_MAX - GeoHash.LAT_MAX;
            long s = GeoHash.score(lon, lat);
            double[] xy = GeoHash.decodeScore(s);
            // a step-26 cell is 360/2^26 degrees wide and 170.1/2^26 high
            assertThat(Math.abs(xy[0] - lon)).isLessThanOrEqualTo(360.0 / (1 << 26));
            assertThat(Math.abs(xy[1] - lat)).isLessThanOrEqualTo(170.2 / (1 << 26));
            assertThat(GeoHash.score(xy[0], xy[1])).isEqualTo(s);
        }
    }

    @Test
    void standardGeohashStrings() {
        assertThat(GeoHash.standardGeohash(3479099956230698.0)).isEqualTo("sqc8b49rny0");
        assertThat(GeoHash.standardGeohash(3479447370796909.0)).isEqualTo("sqdtr74hyu0");
        assertThat(GeoHash.standardGeohash(13510798882111488.0)).isEqualTo("bp05b5048p0");
        assertThat(GeoHash.standardGeohash(0)).isEqualTo("00bh0hbj200");
        assertThat(GeoHash.standardGeohash(3377699720527872.0)).isEqualTo("s0000000000");
        assertThat(GeoHash.standardGeohash(1367952638197536.0)).isEqualTo("9q9p1d0znt0");
    }

    @Test
    void oddScoresDecodeLikeTheX86Cast() {
        assertThat(GeoHash.toUint64(-1)).isEqualTo(-1L);
        assertThat(GeoHash.toUint64(1.5)).isEqualTo(1L);
        assertThat(GeoHash.toUint64(1e19)).isEqualTo(Long.parseUnsignedLong("10000000000000000000"));
        assertThat(GeoHash.toUint64(1e30)).isEqualTo(0L);
        assertThat(GeoHash.toUint64(-1e30)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void distancesMatchRedis() {
        double[] a = GeoHash.decodeScore(3479099956230698.0);
        double[] b = GeoHash.decodeScore(3479447370796909.0);
        assertThat(String.format("%.4f", GeoHash.distance(a[0], a[1], b[0], b[1]))).isEqualTo("166274.1516");
        double[] ne = GeoHash.decodeScore(13510798882111488.0);
        double[] sw = GeoHash.decodeScore(0);
        assertThat(String.format("%.4f", GeoHash.distance(ne[0], ne[1], sw[0], sw[1]) / 1000)).isEqualTo("18919.8446");
    }

    @Test
    void neighboursWrapAroundTheAntimeridian() {
        long h = GeoHash.encode(179.99, 0, 3);
        long east = GeoHash.moveX(h, 3, 1);
        double[] area = GeoHash.area(east, 3);
        assertThat(area[0]).isEqualTo(-180.0);
        long back = GeoHash.moveX(east, 3, -1);
        assertThat(back).isEqualTo(h);
    }

    @Test
    void libmFunctionsAreCorrectlyRounded() {
        // checked with 200-bit arithmetic (glibc rounds this sine the other way)
        assertThat(GeoMath.sin(Double.longBitsToDouble(0x4006c4862820ab24L)))
                .isEqualTo(Double.longBitsToDouble(0x3fd2a569f6b9b64bL));
        assertThat(GeoMath.asin(0.5)).isEqualTo(0.5235987755982989);
        assertThat(GeoMath.asin(1)).isEqualTo(Math.PI / 2);
        assertThat(GeoMath.cos(0)).isEqualTo(1.0);
    }

    private static String human(double d) {
        String s = new java.math.BigDecimal(d).setScale(17, java.math.RoundingMode.HALF_EVEN).toPlainString();
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
