package dev.emredis.internal.util;

import java.math.BigDecimal;

/**
 * sin, cos and asin rounded correctly to the nearest double, for the geo distance formula.
 * Redis calls glibc's libm, whose results are the correctly rounded value in all but very rare
 * cases; Java's StrictMath (fdlibm) is off by one ulp far more often, which shows in the 17
 * digits of STOREDIST scores. Values are computed in double-double arithmetic (about 106 bits)
 * and rounded once. Arguments beyond {@link #MAX_ARG} (only absurd search radii produce them)
 * fall back to StrictMath.
 */
public final class GeoMath {
    private GeoMath() {}

    static final double MAX_ARG = 1e5;

    // pi/2 as the sum of three doubles (about 160 bits)
    private static final double PIO2_1;
    private static final double PIO2_2;
    private static final double PIO2_3;

    static {
        BigDecimal pio2 = new BigDecimal("1.57079632679489661923132169163975144209858469968755291048747229615390820314310449931401741267");
        PIO2_1 = pio2.doubleValue();
        BigDecimal r1 = pio2.subtract(new BigDecimal(PIO2_1));
        PIO2_2 = r1.doubleValue();
        PIO2_3 = r1.subtract(new BigDecimal(PIO2_2)).doubleValue();
    }

    public static double sin(double x) {
        if (!(Math.abs(x) <= MAX_ARG)) return StrictMath.sin(x);
        if (x == 0) return x;
        double[] r = new double[2];
        sinCos(x, 0, r, true);
        return r[0] + r[1];
    }

    public static double cos(double x) {
        if (!(Math.abs(x) <= MAX_ARG)) return StrictMath.cos(x);
        double[] r = new double[2];
        sinCos(x, 0, r, false);
        return r[0] + r[1];
    }

    /** asin by Newton steps on sin in double-double, from fdlibm's estimate. */
    public static double asin(double y) {
        if (Double.isNaN(y) || Math.abs(y) > 1) return Double.NaN;
        if (y == 0) return y;
        double th = StrictMath.asin(y);
        double tl = 0;
        double[] s = new double[2];
        double[] c = new double[2];
        for (int it = 0; it < 3; it++) {
            sinCos(th, tl, s, true);
            sinCos(th, tl, c, false);
            // f = sin(t) - y in double-double, then the step f / cos(t) needs only double precision
            double fh = twoSumHi(s[0], -y);
            double fl = twoSumLo(s[0], -y, fh) + s[1];
            double f = fh + fl;
            double cc = c[0] + c[1];
            if (cc == 0) break;
            double d = f / cc;
            double nh = th - d;
            double nl = twoSumLo(th, -d, nh) + tl;
            th = nh + nl;
            tl = nl - (th - nh);
        }
        return th + tl;
    }

    /**
     * sin (or cos) of xh + xl into out as a normalized double-double: reduce by k*pi/2 to
     * |r| <= pi/4, then a Taylor series.
     */
    static void sinCos(double xh, double xl, double[] out, boolean wantSin) {
        long k = Math.round(xh / PIO2_1);
        // r = x - k*pio2, term by term in double-double
        double rh = xh;
        double rl = xl;
        if (k != 0) {
            double[] t = new double[2];
            for (double p : new double[] {PIO2_1, PIO2_2, PIO2_3}) {
                twoProd(k, p, t);
                // (rh, rl) -= (t0, t1)
                double sh = rh - t[0];
                double sl = twoSumLo(rh, -t[0], sh) + rl - t[1];
                rh = sh + sl;
                rl = sl - (rh - sh);
            }
        }
        int q = (int) (k & 3);
        boolean sinSeries = wantSin ? (q & 1) == 0 : (q & 1) == 1;
        boolean negate = wantSin ? (q == 2 || q == 3) : (q == 1 || q == 2);
        double[] res = new double[2];
        if (sinSeries) taylorSin(rh, rl, res);
        else taylorCos(rh, rl, res);
        if (negate) {
            res[0] = -res[0];
            res[1] = -res[1];
        }
        out[0] = res[0];
        out[1] = res[1];
    }

    /** sin r = r - r^3/3! + ... summed from the smallest term. */
    private static void taylorSin(double rh, double rl, double[] out) {
        double[] r2 = new double[2];
        mul(rh, rl, rh, rl, r2);
        // Horner: s = 1 - r2/(2*3) * (1 - r2/(4*5) * (1 - ...))
        double sh = 1;
        double sl = 0;
        double[] t = new double[2];
        for (int n = 31; n >= 3; n -= 2) {
            // s = 1 - r2 * s / (n * (n-1))
            mul(r2[0], r2[1], sh, sl, t);
            div(t, (double) n * (n - 1), t);
            add(1, 0, -t[0], -t[1], t);
            sh = t[0];
            sl = t[1];
        }
        mul(sh, sl, rh, rl, out);
    }

    private static void taylorCos(double rh, double rl, double[] out) {
        double[] r2 = new double[2];
        mul(rh, rl, rh, rl, r2);
        double sh = 1;
        double sl = 0;
        double[] t = new double[2];
        for (int n = 32; n >= 2; n -= 2) {
            mul(r2[0], r2[1], sh, sl, t);
            div(t, (double) n * (n - 1), t);
            add(1, 0, -t[0], -t[1], t);
            sh = t[0];
            sl = t[1];
        }
        out[0] = sh;
        out[1] = sl;
    }

    // --- double-double helpers ---

    private static double twoSumHi(double a, double b) {
        return a + b;
    }

    /** The rounding error of s = a + b. */
    private static double twoSumLo(double a, double b, double s) {
        double bb = s - a;
        return (a - (s - bb)) + (b - bb);
    }

    private static final double SPLITTER = 134217729.0; // 2^27 + 1

    /** The exact product a*b as out[0] + out[1] (Dekker). */
    private static void twoProd(double a, double b, double[] out) {
        double p = a * b;
        double c = SPLITTER * a;
        double ah = c - (c - a);
        double al = a - ah;
        c = SPLITTER * b;
        double bh = c - (c - b);
        double bl = b - bh;
        double err = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
        out[0] = p;
        out[1] = err;
    }

    private static void mul(double ah, double al, double bh, double bl, double[] out) {
        double[] t = new double[2];
        twoProd(ah, bh, t);
        double e = t[1] + (ah * bl + al * bh);
        double h = t[0] + e;
        out[1] = e - (h - t[0]);
        out[0] = h;
    }

    private static void add(double ah, double al, double bh, double bl, double[] out) {
        double s = ah + bh;
        double e = twoSumLo(ah, bh, s);
        double t = al + bl;
        double f = twoSumLo(al, bl, t);
        e += t;
        double h = s + e;
        e = e - (h - s);
        e += f;
        double h2 = h + e;
        out[1] = e - (h2 - h);
        out[0] = h2;
    }

    /** (a) / d for a double d, in double-double. */
    private static void div(double[] a, double d, double[] out) {
        double q1 = a[0] / d;
        double[] p = new double[2];
        twoProd(q1, d, p);
        double rh = a[0] - p[0];
        double rl = twoSumLo(a[0], -p[0], rh) - p[1] + a[1];
        double q2 = (rh + rl) / d;
        double h = q1 + q2;
        out[1] = q2 - (h - q1);
        out[0] = h;
    }
}
