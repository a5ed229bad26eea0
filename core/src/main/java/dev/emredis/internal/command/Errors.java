package dev.emredis.internal.command;

/**
 * Every error text a client can see, exactly as Redis 7.0 words it. Constants carry the full line
 * (code included) unless named {@code PROTO_*}, which the connection prefixes with {@code ERR }.
 * Handlers and runtimes take their texts from here; compat-tests check them against redis-server.
 */
public final class Errors {
    private Errors() {}

    // --- protocol (the connection sends "ERR " + text, then closes) ---
    public static final String PROTO_INVALID_MBULK_LEN = "Protocol error: invalid multibulk length";
    public static final String PROTO_UNAUTH_MBULK_LEN = "Protocol error: unauthenticated multibulk length";
    public static final String PROTO_INVALID_BULK_LEN = "Protocol error: invalid bulk length";
    public static final String PROTO_UNAUTH_BULK_LEN = "Protocol error: unauthenticated bulk length";
    public static final String PROTO_BIG_MBULK_COUNT = "Protocol error: too big mbulk count string";
    public static final String PROTO_BIG_BULK_COUNT = "Protocol error: too big bulk count string";
    public static final String PROTO_BIG_INLINE = "Protocol error: too big inline request";
    public static final String PROTO_UNBALANCED_QUOTES = "Protocol error: unbalanced quotes in request";

    public static String protoExpectedDollar(char got) {
        return "Protocol error: expected '$', got '" + got + "'";
    }

    // --- generic ---
    public static final String SYNTAX = "ERR syntax error";
    public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    public static final String NOT_FLOAT = "ERR value is not a valid float";
    public static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    public static final String NO_SUCH_KEY = "ERR no such key";
    public static final String OVERFLOW = "ERR increment or decrement would overflow";
    public static final String INCR_NAN_INF = "ERR increment would produce NaN or Infinity";
    public static final String DB_INDEX_OUT_OF_RANGE = "ERR DB index is out of range";
    public static final String INVALID_DB_INDEX = "ERR invalid DB index";
    public static final String INVALID_EXPIRE_TIME_PREFIX = "ERR invalid expire time in '";
    public static final String STRING_TOO_LONG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
    public static final String OFFSET_OUT_OF_RANGE = "ERR offset is out of range";
    public static final String TIMEOUT_NOT_FLOAT = "ERR timeout is not a float or out of range";
    public static final String TIMEOUT_NEGATIVE = "ERR timeout is negative";
    public static final String NOAUTH = "NOAUTH Authentication required.";

    // --- ACL (reasons numbered as Redis's ACL_DENIED_*: 1 command, 2 key, 4 channel) ---
    public static final String NOPERM_KEY = "NOPERM this user has no permissions to access one of the keys used as arguments";
    public static final String NOPERM_CHANNEL =
            "NOPERM this user has no permissions to access one of the channels used as arguments";

    /** processCommand's refusal for an ACL denial. */
    public static String noPerm(int reason, String fullName) {
        switch (reason) {
            case 1: return "NOPERM this user has no permissions to run the '" + fullName + "' command";
            case 2: return NOPERM_KEY;
            case 4: return NOPERM_CHANNEL;
            default: return "ERR no permission";
        }
    }

    /** getAclErrorMessage as scripts word it (the caller adds the code and the script location). */
    public static String aclScriptDenied(int reason) {
        switch (reason) {
            case 1: return "The user executing the script can't run this command or subcommand";
            case 2: return "The user executing the script can't access at least one of the keys mentioned in the command arguments";
            case 4: return "The user executing the script can't publish to the channel mentioned in the command";
            default: return "The user executing the script lacking the permissions for the command";
        }
    }

    /** EXEC's refusal of a queued command the user's (changed) rules no longer allow. */
    public static String execNoPerm(int reason) {
        String why;
        switch (reason) {
            case 1: why = "no permission to execute the command or subcommand"; break;
            case 2: why = "no permission to touch the specified keys"; break;
            case 4: why = "no permission to access one of the channels used as arguments"; break;
            default: why = "no permission"; break;
        }
        return "NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call."
                + " This command is no longer allowed for the following reason: " + why;
    }

    public static final String ACL_DEFAULT_NOT_REMOVABLE = "ERR The 'default' user cannot be removed";
    public static final String ACL_USERNAME_SPACES = "ERR Usernames can't contain spaces or null characters";
    public static final String ACL_NO_FILE = "ERR This Redis instance is not configured to use an ACL file. You may want"
            + " to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis"
            + " configuration file set) in order to store users in the Redis configuration.";
    public static final String ACL_SAVE_FAILED =
            "ERR There was an error trying to save the ACLs. Please check the server logs for more information";
    public static final String ACL_GENPASS_BITS =
            "ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096";

    public static String aclUnknownCategory(String name) {
        if (name.length() > 128) name = name.substring(0, 128);
        return "ERR Unknown category '" + name + "'";
    }

    public static String aclUserNotFound(String name) {
        return "ERR User '" + name + "' not found";
    }

    public static String aclCommandNotFound(String name) {
        return "ERR Command '" + name + "' not found";
    }
    public static final String SORT_BY_ACL = "ERR BY option of SORT denied due to insufficient ACL permissions.";
    public static final String SORT_GET_ACL = "ERR GET option of SORT denied due to insufficient ACL permissions.";
    public static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
    public static final String AUTH_NO_PASSWORD =
            "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?";
    public static final String NOPROTO = "NOPROTO unsupported protocol version";

    // --- transactions ---
    public static final String MULTI_NESTED = "ERR MULTI calls can not be nested";
    public static final String EXEC_WITHOUT_MULTI = "ERR EXEC without MULTI";
    public static final String DISCARD_WITHOUT_MULTI = "ERR DISCARD without MULTI";
    public static final String WATCH_IN_MULTI = "ERR WATCH inside MULTI is not allowed";
    public static final String NOT_ALLOWED_IN_MULTI = "ERR Command not allowed inside a transaction";
    public static final String READONLY_REPLICA = "READONLY You can't write against a read only replica.";
    public static final String MASTERDOWN = "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.";
    public static final String UNBLOCKED_ROLE_CHANGE =
            "UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)";
    public static final String INVALID_MASTER_PORT = "ERR Invalid master port";
    public static final String REPLICAOF_CLUSTER = "ERR REPLICAOF not allowed in cluster mode.";
    public static final String WAIT_ON_REPLICA = "ERR WAIT cannot be used with replica instances. Please also note that since"
            + " Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just"
            + " local and are not propagated.";
    public static final String MIGRATE_KEYS_NEEDS_EMPTY_KEY =
            "ERR When using MIGRATE KEYS option, the key argument must be set to the empty string";
    public static final String MIGRATE_IO_CONNECTING = "IOERR error or timeout connecting to the client";
    public static final String MIGRATE_IO_WRITING = "IOERR error or timeout writing to target instance";
    public static final String MIGRATE_IO_READING = "IOERR error or timeout reading to target instance";

    public static String migrateTargetError(String targetError) {
        return "ERR Target instance replied with error: " + targetError;
    }

    public static final String SYNC_REPLICA_NOT_CONNECTED = "NOMASTERLINK Can't SYNC while not connected with my master";
    public static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";
    public static final String EXECABORT = "EXECABORT Transaction discarded because of previous errors.";
    public static final String NOREPLICAS = "NOREPLICAS Not enough good replicas to write.";
    public static final String LOADING = "LOADING Redis is loading the dataset in memory";

    // --- RedisGears 2 triggers and functions (js-runtime); module texts have no ERR prefix ---
    public static final String TF_PROLOGUE = "Invalid or missing prologue. The rules for the prologue are: a) It starts"
            + " on the first line. b) It is formatted as follows: \"#!<engine name> <key>=<value>\".";
    public static final String TF_NO_API_VERSION = "The api version is missing from the prologue.";
    public static final String TF_NO_LIBRARY_NAME = "The library name is missing from the prologue.";
    public static final String TF_NO_PAYLOAD = "Could not find library payload";
    public static final String TF_NO_CONFIG_VALUE = "configuration value was not given";
    public static final String TF_CONFIG_NOT_STRING = "given configuration value is not a valid string";
    public static final String TF_CONFIG_NOT_OBJECT = "configuration must be a valid json object";
    public static final String TF_CODE_NOT_STRING = "lib code must a valid string";
    public static final String TF_UNKNOWN_ARG_USER = "Unknown argument user";
    public static final String TF_NOTHING_REGISTERED = "Neither function nor other registrations were found.";
    public static final String TF_DELETE_NO_NAME = "function name was not given";
    public static final String TF_NOT_UTF8 = "Couldn't parse as UTF-8 string";
    public static final String TF_NO_SUCH_LIBRARY = "library does not exists";
    public static final String TF_LIST_BINARY_OPTION = "Binary option is not allowed";
    public static final String TF_LIST_NO_LIBRARY = "Library name was not given";
    public static final String TF_LIST_LIBRARY_NOT_STRING = "Library name is not a string";
    public static final String TF_NO_FUNCTION_NAME = "Failed extracting function name";
    public static final String TF_INVALID_DIGIT = "ERR invalid digit found in string";
    public static final String TF_EMPTY_INTEGER = "ERR cannot parse integer from empty string";
    public static final String TF_INTEGER_TOO_LARGE = "ERR number too large to fit in target type";
    public static final String TF_WRITE_ON_REPLICA = "Err can not run a function that might perform writes on a replica"
            + " or when the \"avoid replication traffic\" option is enabled";
    public static final String TF_OOM = "OOM can not run the function when out of memory";
    public static final String TF_ASYNC_IN_TFCALL = "The function is declared as async and was called while blocking was"
            + " not allowed; note that you cannot invoke async functions from within Lua or MULTI, and you must use"
            + " TFCALLASYNC instead.";
    public static final String TF_CANNOT_BLOCK = "Can not block client for background execution, Blocking is not allow"
            + " inside multi/exec, Lua, or within another module (RM_Call).";
    public static final String TF_ARG_NOT_STRING = "Can not convert argument to string";
    public static final String TF_TIMEOUT = "Err Execution was terminated due to OOM or timeout";
    public static final String TF_BLOCKING_IN_MULTI = "ERR Blocking module command called from transaction";
    public static final String TF_USER_GONE = "User does not exists or disabled";
    public static final String TF_DEBUG_DISABLED = "Debug command are disabled";
    public static final String TF_DEBUG_NO_SUBCOMMAND = "Subcommand was not provided";
    public static final String TF_DEBUG_ARGS_NOT_STRING = "Failed converting arguments to string";
    public static final String TF_JS_OOM = "JS engine reached OOM state and can not run any more code";

    /** RM_Call's refusal for an ACL denial (getAclErrorMessage, not verbose), as client.call throws it. */
    public static String tfNoPerm(int reason, String user, String fullName) {
        switch (reason) {
            case 1: return "NOPERM User " + user + " has no permissions to run the '" + fullName + "' command";
            case 2: return "NOPERM No permissions to access a key";
            case 4: return "NOPERM No permissions to access a channel";
            default: return "NOPERM no permission";
        }
    }
    public static final String TF_DB_LOADING_TIMEOUT_LOW =
            "The db-loading-lock-redis-timeout value can't be less than lock-redis-timeout value.";

    public static String tfPrologueUnknownProperties(String quotedNames) {
        return "Unknown prologue properties provided: " + quotedNames + ". Known properties: api_version, name.";
    }

    public static String tfPrologueDuplicates(String names) {
        return "Duplicated prologue properties found: " + names + ".";
    }

    public static String tfBadApiVersion(String v) {
        return "The API version has been incorrectly specified: \"" + v
                + "\". The expected format is \"<major>.<minor>\". An example: \"1.1\".";
    }

    public static String tfUnknownBackend(String engine) {
        return "Unknown backend " + engine;
    }

    public static String tfUnsupportedApiVersion(String v) {
        return "Failed library compilation: An unsupported API version was requested: " + v
                + ". The supported versions are 1.0, 1.1.";
    }

    /** kind: library, function, key space trigger, stream trigger, cluster function. */
    public static String tfUnallowedName(String kind, String name, char bad) {
        return "Unallowed " + kind + " name '" + name + "', Unallowed char was given '" + bad + "'.";
    }

    public static String tfEmptyName(String kind) {
        return "Unallowed " + kind + " name '', Empty name is not allowed.";
    }

    public static String tfConfigNotJson(String value, String parserMessage) {
        return "configuration must be a valid json, '" + value + "', " + parserMessage + ".";
    }

    public static String tfCompilation(String engineMessage) {
        return "Failed library compilation: " + engineMessage;
    }

    public static String tfLibraryExists(String name) {
        return "Library " + name + " already exists.";
    }

    public static String tfLoading(String text) {
        return "Failed loading library: " + text + ".";
    }

    public static String tfListUnknownOption(String lower) {
        return "Unknown option '" + lower + "'";
    }

    public static String tfDebugNoBackend(String name) {
        return "Backend '" + name + "' does not exists or not yet loaded";
    }

    public static String tfDebugUnknownSubcommand(String lower) {
        return "Unknown subcommand '" + lower + "'";
    }

    public static String tfUnknownSubcommand(String lower) {
        return "Unknown subcommand " + lower;
    }

    public static String tfUnknownLibrary(String name) {
        return "Unknown library " + name;
    }

    public static String tfUnknownFunction(String name) {
        return "Unknown function " + name;
    }

    public static String tfNotEnoughArgs(long numkeys, int got) {
        return "Not enough arguments was given, expected at least " + numkeys + " arguments, got " + got + " arguments.";
    }

    public static String tfWriteNotAllowed(String cmd) {
        return "ERR Write command '" + cmd + "' was called while write is not allowed.";
    }

    public static String tfNotAllowedInScriptMode(String cmd) {
        return "ERR command '" + cmd + "' is not allowed on script mode";
    }

    // --- pub/sub ---
    public static String subscribedContext(String cmd) {
        return "ERR Can't execute '" + cmd
                + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context";
    }

    // --- strings ---
    public static final String DECREMENT_OVERFLOW = "ERR decrement would overflow";
    public static final String LCS_NOT_STRINGS = "ERR The specified keys must contain string values";
    public static final String LCS_LEN_AND_IDX = "ERR If you want both the length and indexes, please just use IDX.";
    public static final String LCS_TOO_MUCH_MEMORY =
            "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len";
    public static final String LCS_ALLOC_FAILED = "ERR Insufficient memory, failed allocating transient memory for LCS";


    // --- keys ---
    public static final String EXPIRE_NX_INCOMPATIBLE = "ERR NX and XX, GT or LT options at the same time are not compatible";
    public static final String EXPIRE_GT_LT_INCOMPATIBLE = "ERR GT and LT options at the same time are not compatible";
    public static final String INVALID_CURSOR = "ERR invalid cursor";
    public static final String SAME_OBJECT = "ERR source and destination objects are the same";
    public static final String INVALID_FIRST_DB = "ERR invalid first DB index";
    public static final String INVALID_SECOND_DB = "ERR invalid second DB index";
    public static final String OBJECT_FREQ_NEEDS_LFU = "ERR An LFU maxmemory policy is not selected, access frequency not tracked."
            + " Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";
    public static final String OBJECT_IDLETIME_WITH_LFU = "ERR An LFU maxmemory policy is selected, idle time not tracked."
            + " Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";

    public static String unsupportedOption(String opt) {
        return "ERR Unsupported option " + opt;
    }


    // --- connection ---
    public static final String HELLO_PROTOVER_NOT_INTEGER = "ERR Protocol version is not an integer or out of range";
    public static final String HELLO_NOAUTH =
            "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass>"
            + " option can be used to authenticate the client and select the RESP protocol version at the same time";
    public static final String CLIENT_NAME_INVALID = "ERR Client names cannot contain spaces, newlines or special characters.";

    public static String helloSyntax(String option) {
        return "ERR Syntax error in HELLO option '" + option + "'";
    }

    // --- client ---
    public static final String NO_SUCH_CLIENT = "ERR No such client";
    public static final String INVALID_CLIENT_ID = "ERR Invalid client ID";
    public static final String CLIENT_ID_NOT_POSITIVE = "ERR client-id should be greater than 0";
    public static final String PAUSE_MODE = "ERR CLIENT PAUSE mode must be WRITE or ALL";
    public static final String TIMEOUT_NOT_INTEGER = "ERR timeout is not an integer or out of range";

    // --- client-side caching (CLIENT TRACKING / CACHING) ---
    public static final String TRACKING_SINGLE_REDIRECT = "ERR A client can only redirect to a single other client";
    public static final String TRACKING_REDIRECT_MISSING = "ERR The client ID you want redirect to does not exist";
    public static final String TRACKING_PREFIX_NEEDS_BCAST = "ERR PREFIX option requires BCAST mode to be enabled";
    public static final String TRACKING_BCAST_SWITCH = "ERR You can't switch BCAST mode on/off before disabling tracking"
            + " for this client, and then re-enabling it with a different mode.";
    public static final String TRACKING_OPT_WITH_BCAST = "ERR OPTIN and OPTOUT are not compatible with BCAST";
    public static final String TRACKING_OPTIN_AND_OPTOUT = "ERR You can't specify both OPTIN mode and OPTOUT mode";
    public static final String TRACKING_OPT_SWITCH = "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking"
            + " for this client, and then re-enabling it with a different mode.";
    public static final String CACHING_NOT_TRACKING = "ERR CLIENT CACHING can be called only when the client is in"
            + " tracking mode with OPTIN or OPTOUT mode enabled";
    public static final String CACHING_YES_NOT_OPTIN = "ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.";
    public static final String CACHING_NO_NOT_OPTOUT = "ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.";

    public static String trackingPrefixOverlapsExisting(String prefix, String existing) {
        return "ERR Prefix '" + prefix + "' overlaps with an existing prefix '" + existing
                + "'. Prefixes for a single client must not overlap.";
    }

    public static String trackingPrefixOverlapsProvided(String prefix, String other) {
        return "ERR Prefix '" + prefix + "' overlaps with another provided prefix '" + other
                + "'. Prefixes for a single client must not overlap.";
    }

    public static String unknownClientType(String type) {
        return "ERR Unknown client type '" + type + "'";
    }

    public static String noSuchUser(String user) {
        return "ERR No such user '" + user + "'";
    }

    /** CLIENT SETINFO (Redis 7.2). */
    public static String setinfoUnrecognized(String attr) {
        return "ERR Unrecognized option '" + attr + "'";
    }

    public static String setinfoInvalid(String attr) {
        return "ERR " + attr + " cannot contain spaces, newlines or special characters.";
    }


    // --- pub/sub ---
    /** (P|S)SUBSCRIBE from a client that expects one reply per command (scripts; SSUBSCRIBE in EXEC). */
    public static String denyBlockingSubscribe(String cmd) {
        return "ERR " + cmd + " isn't allowed for a DENY BLOCKING client";
    }


    // --- transactions ---
    public static String execAbort(String reason) {
        return "EXECABORT Transaction discarded because of: " + reason;
    }


    // --- server: COMMAND, INFO, CONFIG ---
    public static final String GETKEYS_INVALID_COMMAND = "ERR Invalid command specified";
    public static final String GETKEYS_NO_KEYS = "ERR The command has no key arguments";
    public static final String GETKEYS_INVALID_ARGC = "ERR Invalid number of arguments specified for command";
    public static final String GETKEYS_INVALID_ARGS = "ERR Invalid arguments specified for command";
    public static final String CONFIG_NO_FILE = "ERR The server is running without a config file";

    public static String configSetUnknown(String name) {
        return "ERR Unknown option or number of arguments for CONFIG SET - '" + name + "'";
    }

    public static String configSetFailed(String name, String reason) {
        return "ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + reason;
    }


    // --- server: the rest ---
    public static final String MONITOR_DENY_BLOCKING = "ERR MONITOR isn't allowed for DENY BLOCKING client";
    public static final String REPLICA_KEYSPACE = "ERR Replica can't interact with the keyspace";
    public static final String NO_SHUTDOWN_IN_PROGRESS = "ERR No shutdown in progress.";
    public static final String SHUTDOWN_DENY_BLOCKING =
            "ERR SHUTDOWN without NOW or ABORT isn't allowed for DENY BLOCKING client";
    public static final String DEBUG_NOT_ALLOWED = "ERR DEBUG command not allowed. If the enable-debug-command option is"
            + " set to \"local\", you can run it from a local connection, otherwise you need to set this option in"
            + " the configuration file, and then restart the server.";
    public static final String DEBUG_RELOAD_OPTIONS = "ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.";
    public static final String DEBUG_PROTOCOL_TYPE = "ERR Wrong protocol type name. Please use one of the following:"
            + " string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false";
    public static final String RESP2_NOT_SUPPORTED = "ERR RESP2 is not supported by this command";
    public static final String NOT_SDS_STRING = "ERR Not an sds encoded string.";
    public static final String OUT_OF_RANGE_DB = "ERR Out of range database";
    public static final String MUST_BE_POSITIVE = "ERR value is out of range, must be positive";
    public static final String SLOWLOG_COUNT = "ERR count should be greater than or equal to -1";

    /** addReplySubcommandSyntaxError: the subcommand is printed with %.128s. */
    public static String subcommandSyntax(String sub, String container) {
        if (sub.length() > 128) sub = sub.substring(0, 128);
        return "ERR unknown subcommand or wrong number of arguments for '" + sub + "'. Try " + container + " HELP.";
    }

    public static String latencyNoSamples(String event) {
        return "ERR No samples available for event '" + event + "'";
    }


    // --- hyperloglog ---
    public static final String HLL_WRONGTYPE = "WRONGTYPE Key is not a valid HyperLogLog string value.";
    // --- DUMP / RESTORE ---
    public static final String BUSYKEY = "BUSYKEY Target key name already exists.";
    public static final String RESTORE_BAD_TTL = "ERR Invalid TTL value, must be >= 0";
    public static final String RESTORE_BAD_IDLETIME = "ERR Invalid IDLETIME value, must be >= 0";
    public static final String RESTORE_BAD_FREQ = "ERR Invalid FREQ value, must be >= 0 and <= 255";
    public static final String DUMP_PAYLOAD_WRONG = "ERR DUMP payload version or checksum are wrong";
    public static final String DUMP_BAD_FORMAT = "ERR Bad data format";

    public static final String HLL_INVALID = "INVALIDOBJ Corrupted HLL object detected";
    public static final String HLL_NO_SUCH_KEY = "ERR The specified key does not exist";
    public static final String HLL_NOT_SPARSE = "ERR HLL encoding is not sparse";

    public static String pfdebugUnknown(String sub) {
        return "ERR Unknown PFDEBUG subcommand '" + sub + "'";
    }

    public static String pfselftestRegister(int reg, int expected, int got) {
        return "ERR TESTFAILED Register " + reg + " should be " + expected + " but is " + got;
    }

    public static final String PFSELFTEST_SPARSE_NOT_USED = "ERR TESTFAILED sparse encoding not used";
    public static final String PFSELFTEST_DISAGREE = "ERR TESTFAILED dense/sparse disagree";

    public static String pfselftestError(long card, long abserr) {
        return "ERR TESTFAILED Too big error. card:" + card + " abserr:" + abserr;
    }


    // --- lists ---
    public static final String LIST_COUNT_NOT_POSITIVE = "ERR value is out of range, must be positive";
    public static final String INDEX_OUT_OF_RANGE = "ERR index out of range";
    public static final String LPOS_RANK_ZERO = "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list";
    public static final String LPOS_COUNT_NEGATIVE = "ERR COUNT can't be negative";
    public static final String LPOS_MAXLEN_NEGATIVE = "ERR MAXLEN can't be negative";
    public static final String UNBLOCK_REASON = "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR";
    public static final String UNBLOCKED_BY_CLIENT = "UNBLOCKED client unblocked via CLIENT UNBLOCK";

    // --- sorted sets ---
    public static final String ZADD_XX_NX = "ERR XX and NX options at the same time are not compatible";
    public static final String ZADD_GT_LT_NX = "ERR GT, LT, and/or NX options at the same time are not compatible";
    public static final String ZADD_INCR_PAIRS = "ERR INCR option supports a single increment-element pair";
    public static final String ZSCORE_NAN = "ERR resulting score is not a number (NaN)";
    public static final String ZRANGE_NOT_FLOAT = "ERR min or max is not a float";
    public static final String ZRANGE_NOT_LEX = "ERR min or max not valid string range item";
    public static final String ZRANGE_LIMIT_RANK =
            "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX";
    public static final String ZRANGE_WITHSCORES_LEX = "ERR syntax error, WITHSCORES not supported in combination with BYLEX";
    public static final String WEIGHT_NOT_FLOAT = "ERR weight value is not a float";
    public static final String LIMIT_NEGATIVE = "ERR LIMIT can't be negative";
    public static final String NUMKEYS_POSITIVE = "ERR numkeys should be greater than 0";
    public static final String COUNT_POSITIVE = "ERR count should be greater than 0";
    public static final String VALUE_OUT_OF_RANGE = "ERR value is out of range";

    public static String atLeastOneKey(String cmd) {
        return "ERR at least 1 input key is needed for '" + cmd + "' command";
    }

    /** getRangeLongFromObjectOrReply without a custom message. */
    public static String valueNotBetween(long min, long max) {
        return "ERR value is out of range, value must between " + min + " and " + max;
    }

    // --- geo ---
    public static final String GEO_UNSUPPORTED_UNIT = "ERR unsupported unit provided. please use M, KM, FT, MI";
    public static final String GEO_NEED_NUMERIC_RADIUS = "ERR need numeric radius";
    public static final String GEO_RADIUS_NEGATIVE = "ERR radius cannot be negative";
    public static final String GEO_NEED_NUMERIC_WIDTH = "ERR need numeric width";
    public static final String GEO_NEED_NUMERIC_HEIGHT = "ERR need numeric height";
    public static final String GEO_BOX_NEGATIVE = "ERR height or width cannot be negative";
    public static final String GEO_MEMBER_NOT_FOUND = "ERR could not decode requested zset member";
    public static final String GEO_COUNT_POSITIVE = "ERR COUNT must be > 0";
    public static final String GEO_ANY_NEEDS_COUNT = "ERR the ANY argument requires COUNT argument";
    public static final String GEOSEARCHSTORE_WITH = "ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options";
    public static final String GEORADIUS_STORE_WITH =
            "ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options";

    /** The coordinates as C's %f prints them. */
    public static String geoInvalidLonLat(String lon, String lat) {
        return "ERR invalid longitude,latitude pair " + lon + "," + lat;
    }

    /** {@code cmd} is the command name as the client typed it. */
    public static String geoExactlyOneFrom(String cmd) {
        return "ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " + cmd;
    }

    public static String geoExactlyOneBy(String cmd) {
        return "ERR exactly one of BYRADIUS and BYBOX can be specified for " + cmd;
    }

    // --- hashes and sets ---
    public static final String HASH_VALUE_NOT_INTEGER = "ERR hash value is not an integer";
    public static final String HASH_VALUE_NOT_FLOAT = "ERR hash value is not a float";
    public static final String VALUE_NAN_OR_INFINITY = "ERR value is NaN or Infinity";
    public static final String NUMKEYS_GREATER_THAN_ARGS = "ERR Number of keys can't be greater than number of args";


    // --- bitmaps ---
    public static final String BIT_OFFSET = "ERR bit offset is not an integer or out of range";
    public static final String BIT_VALUE = "ERR bit is not an integer or out of range";
    public static final String BIT_ARGUMENT = "ERR The bit argument must be 1 or 0.";
    public static final String BITOP_NOT_ONE_KEY = "ERR BITOP NOT must be called with a single source key.";
    public static final String BITFIELD_OVERFLOW_TYPE = "ERR Invalid OVERFLOW type specified";
    public static final String BITFIELD_TYPE = "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";
    public static final String BITFIELD_RO_GET_ONLY = "ERR BITFIELD_RO only supports the GET subcommand";

    // --- replication and modules ---
    public static final String CLUSTER_DISABLED = "ERR This instance has cluster support disabled";

    // --- cluster mode (Redis's clusterRedirectClient, clusterCommand, scriptVerifyClusterState) ---
    public static final String CROSSSLOT = "CROSSSLOT Keys in request don't hash to the same slot";
    public static final String TRYAGAIN = "TRYAGAIN Multiple keys request during rehashing of slot";
    public static final String CLUSTERDOWN = "CLUSTERDOWN The cluster is down";
    public static final String CLUSTERDOWN_READONLY = "CLUSTERDOWN The cluster is down and only accepts read commands";
    public static final String CLUSTERDOWN_UNBOUND = "CLUSTERDOWN Hash slot not served";
    public static final String CLUSTER_INVALID_SLOT = "ERR Invalid slot";
    public static final String CLUSTER_INVALID_SLOT_OR_COUNT = "ERR Invalid slot or number of keys";
    public static final String SELECT_IN_CLUSTER = "ERR SELECT is not allowed in cluster mode";
    public static final String MAX_CLIENTS_CLUSTER = "ERR max number of clients + cluster connections reached";
    public static final String MOVE_IN_CLUSTER = "ERR MOVE is not allowed in cluster mode";
    public static final String SWAPDB_IN_CLUSTER = "ERR SWAPDB is not allowed in cluster mode";
    public static final String SCRIPT_NO_CLUSTER = "ERR Can not run script on cluster, 'no-cluster' flag is set.";
    public static final String SCRIPT_CLUSTER_NON_LOCAL = "ERR Script attempted to access a non local key in a cluster node";
    public static final String SCRIPT_CLUSTER_DOWN = "ERR Script attempted to execute a command while the cluster is down";
    public static final String SCRIPT_CLUSTER_DOWN_READONLY =
            "ERR Script attempted to execute a write command while the cluster is down and readonly";
    public static final String SCRIPT_CROSS_SLOT = "ERR Script attempted to access keys that do not hash to the same slot";

    /** MOVED or ASK: {@code -MOVED <slot> <endpoint>:<port>}. */
    public static String redirect(boolean ask, int slot, String endpoint, int port) {
        return (ask ? "ASK " : "MOVED ") + slot + " " + endpoint + ":" + port;
    }

    public static final String CLUSTER_NOT_A_MASTER = "ERR The specified node is not a master";
    public static final String CLUSTER_INVALID_OR_OUT_OF_RANGE_SLOT = "ERR Invalid or out of range slot";
    public static final String CLUSTER_FAILOVER_ON_MASTER = "ERR You should send CLUSTER FAILOVER to a replica";
    public static final String CLUSTER_FAILOVER_MASTER_DOWN = "ERR Master is down or failed, please use CLUSTER FAILOVER FORCE";
    public static final String CLUSTER_SETSLOT_ON_REPLICA = "ERR Please use SETSLOT only with masters.";
    public static final String CLUSTER_TARGET_NOT_MASTER = "ERR Target node is not a master";
    public static final String CLUSTER_SETSLOT_SYNTAX = "ERR Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP";

    public static String clusterSlotState(String what, int slot) {
        switch (what) {
            case "unassigned": return "ERR Slot " + slot + " is already unassigned";
            case "busy": return "ERR Slot " + slot + " is already busy";
            default: return "ERR Slot " + slot + " specified multiple times";
        }
    }

    public static String clusterNotOwner(int slot) {
        return "ERR I'm not the owner of hash slot " + slot;
    }

    public static String clusterAlreadyOwner(int slot) {
        return "ERR I'm already the owner of hash slot " + slot;
    }

    public static String clusterDontKnow(String id) {
        return "ERR I don't know about node " + id;
    }

    public static String clusterStillHoldsKeys(int slot) {
        return "ERR Can't assign hashslot " + slot + " to a different node while I still hold keys for this hash slot.";
    }

    public static String clusterSlotRange(int start, int end) {
        return "ERR start slot number " + start + " is greater than end slot number " + end;
    }
    public static final String CLUSTER_RESET_WITH_KEYS = "ERR CLUSTER RESET can't be called with master nodes containing keys";

    /** Topology-changing subcommands the emulated cluster leaves to its Java API. */
    public static String clusterAdminUnsupported(String sub) {
        return "ERR CLUSTER " + sub + " is not supported by the emulated cluster (use dev.emredis.RedisCluster)";
    }

    public static String clusterUnknownNode(String id) {
        return "ERR Unknown node " + id;
    }
    public static final String FAILOVER_NONE = "ERR No failover in progress.";
    public static final String FAILOVER_TIMEOUT = "ERR FAILOVER timeout must be greater than 0";
    public static final String FAILOVER_NO_REPLICAS = "ERR FAILOVER requires connected replicas.";
    public static final String MODULE_LOAD_FAILED = "ERR Error loading the extension. Please check the server logs.";
    public static final String MODULE_NO_SUCH_MODULE = "ERR Error unloading module: no such module with that name";
    public static final String MODULE_NOT_ALLOWED = "ERR MODULE command not allowed. If the enable-module-command option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.";

    public static final String REPLCONF_FILTER_MISSING = "ERR Missing rdb-filter-only values";

    public static String replconfAddressTooLong(int len) {
        return "ERR REPLCONF ip-address provided by replica instance is too long: " + len + " bytes";
    }

    public static String replconfFilter(String option) {
        return "ERR Unsupported rdb-filter-only option: " + option;
    }

    public static String replconfUnknown(String option) {
        return "ERR Unrecognized REPLCONF option: " + option;
    }

    // --- sort ---
    public static final String SORT_SCORE_NOT_DOUBLE = "ERR One or more scores can't be converted into double";

    // --- streams ---
    public static final String XID_INVALID = "ERR Invalid stream ID specified as stream command argument";
    public static final String XTRIM_MAXLEN_MINID = "ERR syntax error, MAXLEN and MINID options at the same time are not compatible";
    public static final String XTRIM_MAXLEN_NEGATIVE = "ERR The MAXLEN argument must be >= 0.";
    public static final String XTRIM_LIMIT_NEGATIVE = "ERR The LIMIT argument must be >= 0.";
    public static final String XTRIM_LIMIT_NO_STRATEGY =
            "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy";
    public static final String XTRIM_NO_STRATEGY = "ERR syntax error, XTRIM must be called with a trimming strategy";
    public static final String XTRIM_LIMIT_NO_APPROX = "ERR syntax error, LIMIT cannot be used without the special ~ option";
    public static final String XADD_ID_ZERO = "ERR The ID specified in XADD must be greater than 0-0";
    public static final String XADD_EXHAUSTED = "ERR The stream has exhausted the last possible ID, unable to add more items";
    public static final String XADD_ID_TOO_SMALL = "ERR The ID specified in XADD is equal or smaller than the target stream top item";
    public static final String XADD_TOO_LARGE = "ERR Elements are too large to be stored";
    public static final String XRANGE_BAD_START = "ERR invalid start ID for the interval";
    public static final String XRANGE_BAD_END = "ERR invalid end ID for the interval";
    public static final String XREAD_UNBALANCED =
            "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.";
    public static final String XREAD_GROUP_OPTION = "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.";
    public static final String XREAD_NOACK_OPTION = "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.";
    public static final String XREADGROUP_MISSING_GROUP = "ERR Missing GROUP option for XREADGROUP";
    public static final String XREADGROUP_DOLLAR = "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read"
            + " the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would"
            + " just return an empty result set.";
    public static final String XREAD_GT_ID =
            "ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.";
    public static final String XGROUP_ENTRIESREAD = "ERR value for ENTRIESREAD must be positive or -1";
    public static final String XGROUP_NO_KEY = "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you"
            + " may want to use the MKSTREAM option to create an empty stream automatically.";
    public static final String BUSYGROUP = "BUSYGROUP Consumer Group name already exists";
    public static final String XSETID_ENTRIES_ADDED = "ERR entries_added must be positive";
    public static final String XSETID_SMALLER_THAN_MAXDEL =
            "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id";
    public static final String XSETID_SMALLER_THAN_TOP = "ERR The ID specified in XSETID is smaller than the target stream top item";
    public static final String XSETID_ENTRIES_ADDED_SMALL =
            "ERR The entries_added specified in XSETID is smaller than the target stream length";
    public static final String XCLAIM_MIN_IDLE = "ERR Invalid min-idle-time argument for XCLAIM";
    public static final String XCLAIM_IDLE = "ERR Invalid IDLE option argument for XCLAIM";
    public static final String XCLAIM_TIME = "ERR Invalid TIME option argument for XCLAIM";
    public static final String XCLAIM_RETRYCOUNT = "ERR Invalid RETRYCOUNT option argument for XCLAIM";
    public static final String XAUTOCLAIM_MIN_IDLE = "ERR Invalid min-idle-time argument for XAUTOCLAIM";
    public static final String XAUTOCLAIM_COUNT = "ERR COUNT must be > 0";
    public static final String XREADGROUP_UNBLOCKED_GROUP_GONE =
            "NOGROUP the consumer group this client was blocked on no longer exists";
    public static final String XREADGROUP_UNBLOCKED_KEY_GONE = "UNBLOCKED the stream key no longer exists";
    public static final String XAUTOCLAIM_COUNT_MEMORY =
            "ERR Insufficient memory, failed allocating transient memory, COUNT too high.";

    /** A key or group name inside a formatted error: C's %s stops at the first NUL byte. */
    private static String cstr(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }

    public static String xblockFromScript(String typedName) {
        return "ERR " + typedName + " command is not allowed with BLOCK option from scripts";
    }

    public static String xreadgroupNoGroup(byte[] key, byte[] group) {
        return "NOGROUP No such key '" + cstr(key) + "' or consumer group '" + cstr(group) + "' in XREADGROUP with GROUP option";
    }

    /** XPENDING, XCLAIM, XAUTOCLAIM. */
    public static String xnoGroup(byte[] key, byte[] group) {
        return "NOGROUP No such key '" + cstr(key) + "' or consumer group '" + cstr(group) + "'";
    }

    /** XGROUP and XINFO CONSUMERS. */
    public static String xnoGroupForKey(byte[] group, byte[] key) {
        return "NOGROUP No such consumer group '" + cstr(group) + "' for key name '" + cstr(key) + "'";
    }

    public static String xclaimUnrecognized(byte[] opt) {
        return "ERR Unrecognized XCLAIM option '" + cstr(opt) + "'";
    }


    // --- scripting (EVAL, SCRIPT; the Lua runtime words its replies with these) ---
    public static final String NOSCRIPT = "NOSCRIPT No matching script. Please use EVAL.";
    public static final String SCRIPT_KEYS_GREATER = "ERR Number of keys can't be greater than number of args";
    public static final String SCRIPT_KEYS_NEGATIVE = "ERR Number of keys can't be negative";
    public static final String SCRIPT_RO_WITH_WRITE_FLAG = "ERR Can not execute a script with write flag using *_ro command.";
    public static final String SCRIPT_FLUSH_OPTION = "ERR SCRIPT FLUSH only support SYNC|ASYNC option";
    public static final String SCRIPT_DEBUG_MODE = "ERR Use SCRIPT DEBUG YES/SYNC/NO";
    public static final String SCRIPT_DEBUG_EVALSHA = "ERR Please use EVAL instead of EVALSHA for debugging";
    public static final String SCRIPT_NOTBUSY = "NOTBUSY No scripts in execution right now.";
    public static final String BUSY_EVAL = "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
    public static final String BUSY_FUNCTION = "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";
    public static final String SCRIPT_UNKILLABLE =
            "UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.";
    public static final String SCRIPT_KILLED = "ERR Script killed by user with SCRIPT KILL...";
    public static final String FUNCTION_LOAD_TIMEOUT = "ERR FUNCTION LOAD timeout";
    public static final String SCRIPT_INVALID_SHEBANG = "ERR Invalid script shebang";
    public static final String SCRIPT_INVALID_ENGINE = "ERR Invalid engine in script shebang";
    /** Texts redis.call/redis.pcall raise inside the script (Redis's scriptCall checks). */
    public static final String SCRIPT_UNKNOWN_COMMAND = "ERR Unknown Redis command called from script";
    public static final String SCRIPT_WRONG_ARITY = "ERR Wrong number of args calling Redis command from script";
    public static final String SCRIPT_NOSCRIPT_COMMAND = "ERR This Redis command is not allowed from script";
    public static final String SCRIPT_STALE_REPLICA = "ERR Can not execute the command on a stale replica";
    public static final String SCRIPT_MASTERDOWN_NO_ALLOW_STALE = "MASTERDOWN Link with MASTER is down, replica-serve-stale-data"
            + " is set to 'no' and 'allow-stale' flag is not set on the script.";
    public static final String SCRIPT_READONLY_REPLICA = "READONLY Can not run script with write flag on readonly replica";
    public static final String SCRIPT_OOM_NO_ALLOW_OOM =
            "OOM allow-oom flag is not set on the script, can not run it when used memory > 'maxmemory'";
    public static final String SCRIPT_WRITE_IN_READONLY = "ERR Write commands are not allowed from read-only scripts.";
    public static final String SCRIPT_CALL_NO_ARGS = "Please specify at least one argument for this redis lib call";
    public static final String SCRIPT_CALL_BAD_ARG = "Lua redis lib command arguments must be strings or integers";
    public static final String SCRIPT_READONLY_TABLE = "Attempt to modify a readonly table";
    public static final String SCRIPT_STACK_LIMIT = "ERR reached lua stack limit";

    public static String scriptCompile(String luaMessage) {
        return "ERR Error compiling script (new function): " + luaMessage;
    }

    public static String scriptUnexpectedEngine(String token) {
        return "ERR Unexpected engine in script shebang: " + token;
    }

    public static String scriptUnknownShebangOption(String token) {
        return "ERR Unknown lua shebang option: " + token;
    }

    public static String scriptUnexpectedFlag(String flag) {
        return "ERR Unexpected flag in script shebang: " + flag;
    }

    public static String scriptNonexistentGlobal(String name) {
        return "Script attempted to access nonexistent global variable '" + name + "'";
    }

    /** The suffix Redis 7 appends to an error raised (not returned) by a script. */
    public static String scriptErrorSuffix(String name, String source, int line) {
        return " script: " + name + ", on " + source + ":" + line + ".";
    }


    // --- scripting: FUNCTION/FCALL and the redis.* Lua API (Lua-side texts get their ERR code when raised) ---
    public static final String LUA_WRONG_ARGS_OR_TYPE = "ERR wrong number or type of arguments";
    public static final String LUA_SHA1HEX_ARITY = "wrong number of arguments";
    public static final String LUA_SETRESP_ARITY = "redis.setresp() requires one argument.";
    public static final String LUA_SETRESP_VERSION = "RESP version must be 2 or 3.";
    public static final String LUA_SET_REPL_ARITY = "redis.set_repl() requires two arguments.";
    public static final String LUA_SET_REPL_FLAGS = "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.";
    public static final String LUA_ACL_CHECK_INVALID = "Invalid command passed to redis.acl_check_cmd()";
    public static final String LUA_LOG_ARITY = "redis.log() requires two arguments or more.";
    public static final String LUA_LOG_LEVEL_TYPE = "First argument must be a number (log level).";
    public static final String LUA_LOG_LEVEL_RANGE = "Invalid debug level.";
    public static final String FUNCTION_NONE_REGISTERED = "ERR No functions registered";
    public static final String FUNCTION_MISSING_METADATA = "ERR Missing library metadata";
    public static final String FUNCTION_INVALID_METADATA = "ERR Invalid library metadata";
    public static final String FUNCTION_NAME_TWICE = "ERR Invalid metadata value, name argument was given multiple times";
    public static final String FUNCTION_NO_LIBRARY_NAME = "ERR Library name was not given";
    public static final String FUNCTION_LIBRARY_NAME_RULE = "ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long";
    public static final String REGISTER_ONLY_ON_LOAD = "redis.register_function can only be called on FUNCTION LOAD command";
    public static final String REGISTER_ARITY = "wrong number of arguments to redis.register_function";
    public static final String REGISTER_SINGLE_NOT_TABLE = "calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).";
    public static final String REGISTER_KEY_NOT_STRING = "named argument key given to redis.register_function is not a string";
    public static final String REGISTER_NAME_NOT_STRING = "function_name argument given to redis.register_function must be a string";
    public static final String REGISTER_DESCRIPTION_NOT_STRING = "description argument given to redis.register_function must be a string";
    public static final String REGISTER_CALLBACK_NOT_FUNCTION = "callback argument given to redis.register_function must be a function";
    public static final String REGISTER_FLAGS_NOT_TABLE = "flags argument to redis.register_function must be a table representing function flags";
    public static final String REGISTER_UNKNOWN_ARGUMENT = "unknown argument given to redis.register_function";
    public static final String REGISTER_NO_NAME = "redis.register_function must get a function name argument";
    public static final String REGISTER_NO_CALLBACK = "redis.register_function must get a callback argument";
    public static final String REGISTER_FIRST_NOT_STRING = "first argument to redis.register_function must be a string";
    public static final String REGISTER_SECOND_NOT_FUNCTION = "second argument to redis.register_function must be a function";
    public static final String REGISTER_DUPLICATE = "Function already exists in the library";
    public static final String REGISTER_UNKNOWN_FLAG = "unknown flag given";
    public static final String FUNCTION_NOT_FOUND = "ERR Function not found";
    public static final String FUNCTION_BAD_NUMKEYS = "ERR Bad number of keys provided";
    public static final String FUNCTION_LIBRARY_NOT_FOUND = "ERR Library not found";
    public static final String FUNCTION_FLUSH_OPTION = "ERR FUNCTION FLUSH only supports SYNC|ASYNC option";
    public static final String FUNCTION_LIST_NO_PATTERN = "ERR library name argument was not given";
    public static final String FUNCTION_RESTORE_POLICY = "ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.";
    public static final String FUNCTION_BAD_PAYLOAD = "ERR DUMP payload version or checksum are wrong";
    public static final String FUNCTION_PAYLOAD_NOT_FUNCTION = "ERR given type is not a function";

    public static String functionExists(String fname) {
        return "ERR Function " + fname + " already exists";
    }

    /** FUNCTION LOAD quotes the name; FUNCTION RESTORE does not. */
    public static String libraryExistsQuoted(String name) {
        return "ERR Library '" + name + "' already exists";
    }

    public static String libraryExists(String name) {
        return "ERR Library " + name + " already exists";
    }

    public static String functionCompile(String luaMessage) {
        return "ERR Error compiling function: " + luaMessage;
    }

    public static String functionRegistering(String err) {
        return "ERR Error registering functions: " + err;
    }

    public static String functionInvalidMetadataValue(String token) {
        return "ERR Invalid metadata value given: " + token;
    }

    public static String functionEngineNotFound(String engine) {
        return "ERR Engine '" + engine + "' not found";
    }

    public static String functionUnknownOption(String arg) {
        return "ERR Unknown option given: " + arg;
    }

    public static String functionListUnknownArgument(String arg) {
        return "ERR Unknown argument " + arg;
    }


    // --- command lookup ---
    public static String unknownCommand(String name, String argsPreview) {
        return "ERR unknown command '" + name + "', with args beginning with: " + argsPreview;
    }

    public static String wrongArity(String fullName) {
        return "ERR wrong number of arguments for '" + fullName + "' command";
    }

    public static String unknownSubcommand(String sub, String container) {
        return "ERR unknown subcommand '" + sub + "'. Try " + container + " HELP.";
    }

    public static String invalidExpireTime(String cmd) {
        return INVALID_EXPIRE_TIME_PREFIX + cmd + "' command";
    }
}
