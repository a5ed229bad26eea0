package dev.emredis.internal.acl;

/** A rule ACL SETUSER (or an ACL file) could not apply; the message is Redis's reason text. */
public final class RuleException extends Exception {
    /** The rule names a command or category that does not exist (ACL files report these apart). */
    public final boolean unknownName;

    RuleException(String reason) {
        this(reason, false);
    }

    RuleException(String reason, boolean unknownName) {
        super(reason, null, false, false);
        this.unknownName = unknownName;
    }

    static final String UNKNOWN = "Unknown command or category name in ACL";
    static final String SYNTAX = "Syntax error";
    static final String KEYS_AFTER_ALL = "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and"
            + " does not have any effect. Try 'resetkeys' to start with an empty list of patterns";
    static final String CHANNELS_AFTER_ALL = "Adding a pattern after the * pattern (or the 'allchannels' flag) is not"
            + " valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels";
    static final String NO_SUCH_PASSWORD = "The password you are trying to remove from the user does not exist";
    static final String BAD_HASH = "The password hash must be exactly 64 characters and contain only lowercase"
            + " hexadecimal characters";
    static final String FIRSTARG_OF_SUBCOMMAND = "Allowing first-arg of a subcommand is not supported";

    static RuleException unknown() {
        return new RuleException(UNKNOWN, true);
    }
}
