package dev.emredis.internal.resp;

/** Malformed client input: the message is sent as an error reply and the connection closed. */
public final class ProtocolException extends Exception {
    public ProtocolException(String message) {
        super(message, null, false, false);
    }
}
