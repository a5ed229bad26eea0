package dev.emredis;

/**
 * An installed network fault rule (from {@code faults().when(match).delay(...)} and friends).
 * It stays active until {@link #remove()}, {@link Faults#clear()}, or its {@link Match#times(int)}
 * budget is used up.
 */
public final class FaultRule {
    private final Runnable remover;
    private final String description;

    FaultRule(Runnable remover, String description) {
        this.remover = remover;
        this.description = description;
    }

    /** Uninstalls the rule; commands read afterwards are no longer affected. Idempotent. */
    public void remove() {
        remover.run();
    }

    @Override
    public String toString() {
        return description;
    }
}
