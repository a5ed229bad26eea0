package dev.emredis;

/** The replication role an emulator reports and enforces (see {@link Faults#role(Role)}). */
public enum Role {
    /** A master: accepts writes (the default). */
    MASTER,
    /** A read-only replica whose link to its master is down: writes get {@code -READONLY}. */
    REPLICA
}
