package dev.emredis.js;

/**
 * Texts the RedisGears JS API throws as JS string exceptions (§5, §7.2). They reach clients as
 * error replies or trigger last_error only through the library code, so they live with the API;
 * command replies are in core's {@code Errors}.
 */
final class JsTexts {
    private JsTexts() {}

    static final String NOT_STRING_0 = "Can not convert value at position 0 into V8LocalUtf8. Value is not string.";
    static final String MISSING_0 = "Can not convert value at position 0 into V8LocalUtf8. Wrong number of arguments given.";
    static final String MISSING_1 = "Can not convert value at position 1 into V8LocalValue. Wrong number of arguments given.";
    static final String ARG_NOT_BYTES = "Failed consuming arguments. Can not convert value into bytes buffer.";
    static final String CANNOT_DECODE = "Could not decode value as string";
    static final String BINARY_MAP_KEY = "Binary map key is not supported";
    static final String BAD_OBJECT_KEY = "Given object can not be a object key";
    static final String NESTING = "nesting level reached";
    static final String NOT_A_KEY = "Give value is not a key";
    static final String NOT_LOCKED = "Main thread is not locked";
    static final String INVALID_CLIENT = "Used on invalid client";
    static final String ALREADY_BLOCKED = "Main thread is already blocked";
    static final String BLOCK_NOT_FUNCTION = "Argument to 'block' must be a function";
    static final String UNREGISTERED = "Function were unregistered";
    static final String EXECUTE_ASYNC_NOT_ASYNC = "First argument to 'executeAsync' must be an async function";
    static final String EXECUTE_ASYNC_OUT_OF_CONTEXT = "Called 'executeAsync' out of context";
    static final String LOCK_ON_REPLICA = "Can not lock Redis, Can not lock redis for write on replica or when the"
            + " \"avoid replication traffic\" option is enabled";
    static final String LOCK_OOM = "Can not lock Redis, OOM Can not lock redis for write";
    static final String OUT_OF_CONTEXT = "Called 'register_function' out of context";
    static final String REGISTER_FN_NOT_FUNCTION = "Second argument to 'registerFunction' must be a function";
    static final String REGISTER_FN_ASYNC = "'registerFunction' can not be used with async function, use"
            + " 'registerAsyncFunction' instead.";
    static final String NOT_AN_OBJECT = "Given argument must be an object";
    static final String DESCRIPTION_NOT_STRING = "Failed getting field description, Value is not string.";
    static final String FLAG_NOT_STRING = "Failed parsing function flags, wrong type of string value";
    static final String KS_NOT_FUNCTION = "Third argument to 'registerKeySpaceTrigger' must be a function";
    static final String KS_ON_FIRED_NOT_FUNCTION = "'onTriggerFired' argument to 'registerKeySpaceTrigger' must be a function";
    static final String KS_BAD_PREFIX = "Second argument to 'registerKeySpaceTrigger' must be a string or ArrayBuffer"
            + " representing the prefix";
    static final String KS_EXISTS = "Notification consumer already exists";
    static final String ST_NOT_FUNCTION = "The fifth argument to 'registerStreamTrigger' must be a function";
    static final String ST_BAD_PREFIX = "Second argument to 'registerStreamTrigger' must be a String or ArrayBuffer"
            + " representing the prefix";
    static final String ST_WINDOW = "window argument must be a positive number";
    static final String ST_WINDOW_TYPE = "Failed getting field window";
    static final String ST_EXISTS = "Stream registration already exists";
    static final String CF_NOT_FUNCTION = "Second argument to 'registerClusterFunction' must be a function";
    static final String CF_NOT_ASYNC = "Remote function must be async";
    static final String LOG_NOT_STRING = NOT_STRING_0;
    static final String REDISAI = "RedisAI is not initialize";

    static String unknownFlag(String flag) {
        return "Failed parsing function flags, Unknow flag '" + flag + "' was given";
    }

    static String unknownProperties(String names) {
        return "Unknown properties given: " + names;
    }

    static String functionExists(String name) {
        return "Function " + name + " already exists";
    }

    static String clusterFunctionExists(String name) {
        return "Remote function " + name + " already exists";
    }

    static final String NO_KEY_PERMISSION = "User does not have permissions on key";

    /** A trigger's last_error when its library's user may not touch the key (§8, §9). */
    static String triggerKeyDenied(String user, String key, String reason) {
        return "User '" + user + "' has no permissions on key '" + key + "', " + reason + ".";
    }
}
