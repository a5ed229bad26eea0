package dev.emredis.internal.command;

/**
 * Thrown by a handler to answer with an error reply. The message is the full error line
 * (code included), normally a constant from {@link Errors}. No stack trace: it is control flow.
 */
public final class RedisError extends RuntimeException {
    public RedisError(String fullMessage) {
        super(fullMessage, null, false, false);
    }
}
