package dev.emredis;

import java.util.Locale;
import java.util.Objects;

/**
 * An immutable description of which commands a fault rule (or a {@link Journal} query) applies to:
 * a command name, optionally its first subcommand, optionally the connection's client name, and for
 * rules how often it fires. Every modifier returns a new {@code Match}.
 *
 * <pre>{@code
 * Match.command("CLUSTER", "SLOTS").onClientName("lettuce#ClusterTopologyRefresh").times(3)
 * Match.any().after(10).probability(0.2)
 * }</pre>
 *
 * Names compare case-insensitively. {@link #times}, {@link #after} and {@link #probability} only
 * matter for fault rules; journal queries ignore them.
 */
public final class Match {
    private final String command;
    private final String subcommand;
    private final String clientName;
    private final int times;
    private final int after;
    private final double probability;

    private Match(String command, String subcommand, String clientName, int times, int after, double probability) {
        this.command = command;
        this.subcommand = subcommand;
        this.clientName = clientName;
        this.times = times;
        this.after = after;
        this.probability = probability;
    }

    /** Every command. */
    public static Match any() {
        return new Match(null, null, null, -1, 0, 1.0);
    }

    /** The command {@code name} (any subcommand), e.g. {@code command("GET")}. */
    public static Match command(String name) {
        return new Match(lower(Objects.requireNonNull(name, "name")), null, null, -1, 0, 1.0);
    }

    /** The command {@code name} with first argument {@code subcommand}, e.g. {@code command("CLUSTER", "SLOTS")}. */
    public static Match command(String name, String subcommand) {
        return new Match(lower(Objects.requireNonNull(name, "name")), lower(Objects.requireNonNull(subcommand, "subcommand")),
                null, -1, 0, 1.0);
    }

    /** Only on connections whose client name (CLIENT SETNAME, HELLO SETNAME) is {@code name}. */
    public Match onClientName(String name) {
        return new Match(command, subcommand, Objects.requireNonNull(name, "name"), times, after, probability);
    }

    /** A rule fires for at most {@code n} matching commands, then lets commands through. */
    public Match times(int n) {
        if (n < 0) throw new IllegalArgumentException("times must be >= 0: " + n);
        return new Match(command, subcommand, clientName, n, after, probability);
    }

    /** A rule lets the first {@code n} matching commands through before it starts firing. */
    public Match after(int n) {
        if (n < 0) throw new IllegalArgumentException("after must be >= 0: " + n);
        return new Match(command, subcommand, clientName, times, n, probability);
    }

    /** A rule fires for each eligible command with probability {@code p} (seeded by the emulator's seed). */
    public Match probability(double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("probability must be in [0, 1]: " + p);
        return new Match(command, subcommand, clientName, times, after, p);
    }

    /**
     * Whether a command with this name, first argument (or null) and client name (or null) is
     * selected; counts and probability are not considered here.
     */
    public boolean matches(String name, String firstArg, String connectionClientName) {
        if (command != null && (name == null || !command.equalsIgnoreCase(name))) return false;
        if (subcommand != null && (firstArg == null || !subcommand.equalsIgnoreCase(firstArg))) return false;
        return clientName == null || clientName.equals(connectionClientName);
    }

    /** Maximum number of firings, or -1 for unlimited. */
    public int times() {
        return times;
    }

    /** Matching commands let through before firing. */
    public int after() {
        return after;
    }

    /** Firing probability per eligible command. */
    public double probability() {
        return probability;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(command == null ? "any()" : "command(" + command
                + (subcommand == null ? "" : " " + subcommand) + ")");
        if (clientName != null) b.append(".onClientName(").append(clientName).append(')');
        if (times >= 0) b.append(".times(").append(times).append(')');
        if (after > 0) b.append(".after(").append(after).append(')');
        if (probability < 1) b.append(".probability(").append(probability).append(')');
        return b.toString();
    }
}
