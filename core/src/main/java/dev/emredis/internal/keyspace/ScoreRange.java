package dev.emredis.internal.keyspace;

/** A score interval as ZRANGEBYSCORE takes it: bounds with an exclusive flag each ("(1.5"). */
public final class ScoreRange {
    public final double min;
    public final double max;
    public final boolean minex;
    public final boolean maxex;

    public ScoreRange(double min, boolean minex, double max, boolean maxex) {
        this.min = min;
        this.minex = minex;
        this.max = max;
        this.maxex = maxex;
    }

    public boolean gteMin(double v) {
        return minex ? v > min : v >= min;
    }

    public boolean lteMax(double v) {
        return maxex ? v < max : v <= max;
    }

    /** Redis answers nothing for an inverted range, or an empty one with an exclusive bound. */
    public boolean emptyByDefinition() {
        return min > max || (min == max && (minex || maxex));
    }
}
