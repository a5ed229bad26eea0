package dev.emredis.internal.server;

import java.util.HashMap;
import java.util.Map;

/** Counters INFO stats / commandstats / errorstats report. Touched only by the event loop. */
public final class Stats {
    public long totalConnections;
    public long rejectedConnections;
    public long totalCommands;
    public long netInputBytes;
    public long netOutputBytes;
    public long expiredKeys;
    public long evictedKeys;
    public long keyspaceHits;
    public long keyspaceMisses;
    public long pubsubChannelsPeak;
    public long totalErrorReplies;
    public long unexpectedErrorReplies;
    public long expiredStalePerc;
    public long totalReadsProcessed;
    public long totalWritesProcessed;
    /** Per command (full name like "client|list"): calls, usec, rejected, failed. */
    public final Map<String, long[]> commands = new HashMap<>();
    /** Per error code (the first word of the error line). */
    public final Map<String, Long> errors = new HashMap<>();

    public long[] command(String fullName) {
        return commands.computeIfAbsent(fullName, k -> new long[4]);
    }

    /** Redis counts every error reply under its code; codes are capped at 128 distinct values. */
    public void error(String fullMessage) {
        totalErrorReplies++;
        int sp = fullMessage.indexOf(' ');
        String code = sp < 0 ? fullMessage : fullMessage.substring(0, sp);
        if (!errors.containsKey(code) && errors.size() >= 128) return;
        errors.merge(code, 1L, Long::sum);
    }

    public void reset() {
        totalConnections = rejectedConnections = totalCommands = 0;
        netInputBytes = netOutputBytes = expiredKeys = evictedKeys = 0;
        keyspaceHits = keyspaceMisses = totalErrorReplies = unexpectedErrorReplies = 0;
        totalReadsProcessed = totalWritesProcessed = 0;
        commands.clear();
        errors.clear();
    }
}
