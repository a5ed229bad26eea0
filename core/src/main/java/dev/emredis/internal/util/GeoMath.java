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
        return sinOrCos(x, true);
    }

    public static double cos(double x) {
        if (!(Math.abs(x) <= MAX_ARG)) return StrictMath.cos(x);
        return sinOrCos(x, false);
    }

    /** asin by Newton steps on sin in double-double, from fdlibm's estimate (two steps suffice). */
    public static double asin(double y) {
        if (Double.isNaN(y) || Math.abs(y) > 1) return Double.NaN;
        if (y == 0) return y;
        double th = StrictMath.asin(y);
        double tl = 0;
        double[] sc = new double[4];
        for (int it = 0; it < 2; it++) {
            sinCos(th, tl, sc);
            // f = sin(t) - y in double-double, then the step f / cos(t) needs only double precision
            double fh = sc[0] - y;
            double fl = twoSumLo(sc[0], -y, fh) + sc[1];
            double cc = sc[2] + sc[3];
            if (cc == 0) break;
            double d = (fh + fl) / cc;
            double nh = th - d;
            double nl = twoSumLo(th, -d, nh) + tl;
            th = nh + nl;
            tl = nl - (th - nh);
        }
        return th + tl;
    }

    private static double sinOrCos(double x, boolean wantSin) {
        double[] sc = new double[4];
        sinCos(x, 0, sc);
        return wantSin ? sc[0] + sc[1] : sc[2] + sc[3];
    }

    // 1/(n(n-1)) for n = 2..32 as double-doubles, for the Taylor series
    private static final double[] INV_HI = new double[33];
    private static final double[] INV_LO = new double[33];

    static {
        for (int n = 2; n <= 32; n++) {
            BigDecimal inv = BigDecimal.ONE.divide(BigDecimal.valueOf((long) n * (n - 1)), new java.math.MathContext(60));
            INV_HI[n] = inv.doubleValue();
            INV_LO[n] = inv.subtract(new BigDecimal(INV_HI[n])).doubleValue();
        }
    }

    /**
     * sin and cos of xh + xl as double-doubles into out {sinHi, sinLo, cosHi, cosLo}: reduce by
     * k*pi/2 to |r| <= pi/4, Taylor series for both, then the quadrant's signs and swap.
     */
    static void sinCos(double xh, double xl, double[] out) {
        long k = Math.round(xh / PIO2_1);
        double rh = xh;
        double rl = xl;
        if (k != 0) {
            double kd = k;
            for (int i = 0; i < 3; i++) {
                double p = i == 0 ? PIO2_1 : i == 1 ? PIO2_2 : PIO2_3;
                // (rh, rl) -= k * p, the product taken exactly
                double ph = kd * p;
                double pl = prodErr(kd, p, ph);
                double sh = rh - ph;
                double sl = twoSumLo(rh, -ph, sh) + rl - pl;
                rh = sh + sl;
                rl = sl - (rh - sh);
            }
        }
        // r^2
        double r2h = rh * rh;
        double r2l = prodErr(rh, rh, r2h) + 2 * rh * rl;
        double t = r2h + r2l;
        r2l = r2l - (t - r2h);
        r2h = t;
        // Horner for sin: s = 1 - r2/(n(n-1)) * s, n odd from 33 down to 3; cos: n even
        double sh = 1;
        double sl = 0;
        double ch = 1;
        double cl = 0;
        // The high-order terms are scaled down by at least 2^-33 in the result, so plain doubles
        // keep them accurate to about 2^-86; double-double from n = 11 down.
        double r2 = r2h + r2l;
        for (int n = 32; n >= 12; n--) {
            if ((n & 1) == 1) sh = 1 - r2 * sh / ((double) n * (n - 1));
            else ch = 1 - r2 * ch / ((double) n * (n - 1));
        }
        for (int n = 11; n >= 2; n--) {
            boolean odd = (n & 1) == 1;
            double ah = odd ? sh : ch;
            double al = odd ? sl : cl;
            // m = r2 * a * inv(n)
            double mh = r2h * ah;
            double ml = prodErr(r2h, ah, mh) + (r2h * al + r2l * ah);
            double q = mh + ml;
            ml = ml - (q - mh);
            mh = q;
            double vh = mh * INV_HI[n];
            double vl = prodErr(mh, INV_HI[n], vh) + (mh * INV_LO[n] + ml * INV_HI[n]);
            // a = 1 - v
            double zh = 1 - vh;
            double zl = twoSumLo(1, -vh, zh) - vl;
            double z = zh + zl;
            zl = zl - (z - zh);
            if (odd) {
                sh = z;
                sl = zl;
            } else {
                ch = z;
                cl = zl;
            }
        }
        // sin r = r * s
        double ph = rh * sh;
        double pl = prodErr(rh, sh, ph) + (rh * sl + rl * sh);
        double u = ph + pl;
        pl = pl - (u - ph);
        ph = u;
        int quadrant = (int) (k & 3);
        double s0 = ph, s1 = pl, c0 = ch, c1 = cl;
        switch (quadrant) {
            case 0:
                out[0] = s0; out[1] = s1; out[2] = c0; out[3] = c1;
                break;
            case 1:
                out[0] = c0; out[1] = c1; out[2] = -s0; out[3] = -s1;
                break;
            case 2:
                out[0] = -s0; out[1] = -s1; out[2] = -c0; out[3] = -c1;
                break;
            default:
                out[0] = -c0; out[1] = -c1; out[2] = s0; out[3] = s1;
                break;
        }
    }

    // --- double-double helpers ---

    /** The rounding error of s = a + b. */
    private static double twoSumLo(double a, double b, double s) {
        double bb = s - a;
        return (a - (s - bb)) + (b - bb);
    }

    private static final double SPLITTER = 134217729.0; // 2^27 + 1

    /** The rounding error of p = a * b (Dekker's exact product). */
    private static double prodErr(double a, double b, double p) {
        double c = SPLITTER * a;
        double ah = c - (c - a);
        double al = a - ah;
        c = SPLITTER * b;
        double bh = c - (c - b);
        double bl = b - bh;
        return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
    }
}
