package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.CommandSpec;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.server.Server;
import dev.emredis.internal.server.Stats;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * INFO [section ...] with Redis 7.0's sections, field names and order. Values come from the
 * emulator's state (statistics, clients, keyspace, configuration, the virtual clock); fields
 * about the process, memory allocator and persistence that have no emulated meaning keep the
 * values of an idle Redis. The reply is a verbatim "txt" string in RESP3, a bulk string in RESP2.
 */
public final class InfoCommand {
    private InfoCommand() {}

    public static void register(CommandRegistry r) {
        r.add("info", InfoCommand::info);
    }

    private static final String[] DEFAULT_SECTIONS = {
        "server", "clients", "memory", "persistence", "stats", "replication", "cpu", "module_list",
        "errorstats", "cluster", "keyspace",
    };

    static void info(Ctx c) {
        Set<String> sections = new HashSet<>();
        boolean all = false;
        if (c.argc() == 1) {
            sections.addAll(java.util.List.of(DEFAULT_SECTIONS));
        }
        for (int i = 1; i < c.argc(); i++) {
            String s = c.str(i).toLowerCase(Locale.ROOT);
            if (s.equals("default")) sections.addAll(java.util.List.of(DEFAULT_SECTIONS));
            else if (s.equals("all") || s.equals("everything")) all = true;
            else sections.add(s);
        }
        String text = generate(c.server, sections, all);
        c.out.verbatim("txt", text.getBytes(StandardCharsets.UTF_8));
    }

    /** Builds the INFO text for the given (lower-case) section names; {@code all} selects every section. */
    public static String generate(Server s, Set<String> sections, boolean all) {
        StringBuilder b = new StringBuilder();
        Section out = new Section(b);
        long now = s.clock().millis();
        Stats st = s.stats();
        if (all || sections.contains("server")) {
            out.begin("Server");
            out.f("redis_version", s.version);
            out.f("redis_git_sha1", "00000000");
            out.f("redis_git_dirty", "0");
            out.f("redis_build_id", "ae4d7c971a948f0");
            out.f("redis_mode", s.cluster != null ? "cluster" : "standalone");
            out.f("os", osName());
            out.f("arch_bits", "64");
            out.f("monotonic_clock", "POSIX clock_gettime");
            out.f("multiplexing_api", "epoll");
            out.f("atomicvar_api", "c11-builtin");
            out.f("gcc_version", "12.2.0");
            out.f("process_id", ProcessHandle.current().pid());
            out.f("process_supervised", "no");
            out.f("run_id", s.runId);
            out.f("tcp_port", s.tcpPort);
            out.f("server_time_usec", now * 1000);
            long uptime = Math.max(0, (now - s.startMillis) / 1000);
            out.f("uptime_in_seconds", uptime);
            out.f("uptime_in_days", uptime / 86400);
            out.f("hz", s.config().get("hz"));
            out.f("configured_hz", s.config().get("hz"));
            out.f("lru_clock", (now / 1000) & ((1 << 24) - 1));
            out.f("executable", "");
            out.f("config_file", "");
            out.f("io_threads_active", "0");
        }
        if (all || sections.contains("clients")) {
            out.begin("Clients");
            out.f("connected_clients", s.clients().size());
            out.f("cluster_connections", s.cluster != null ? Integer.toString(2 * (s.cluster.topology().size() - 1)) : "0");
            out.f("maxclients", s.config().get("maxclients"));
            out.f("client_recent_max_input_buffer", "0");
            out.f("client_recent_max_output_buffer", "0");
            out.f("blocked_clients", Integer.toString(s.blocked.count()));
            out.f("tracking_clients", s.tracking.clients());
            out.f("clients_in_timeout_table", Integer.toString(s.blocked.countWithTimeout()));
        }
        if (all || sections.contains("memory")) {
            long startup = dev.emredis.internal.server.MemoryTracker.STARTUP;
            long used = s.memory.used();
            if (used > s.diagnostics.memoryPeak) s.diagnostics.memoryPeak = used;
            long peak = s.diagnostics.memoryPeak;
            long maxmemory = s.config().getLong("maxmemory");
            out.begin("Memory");
            out.f("used_memory", used);
            out.f("used_memory_human", human(used));
            out.f("used_memory_rss", 7315456);
            out.f("used_memory_rss_human", human(7315456));
            out.f("used_memory_peak", peak);
            out.f("used_memory_peak_human", human(peak));
            out.f("used_memory_peak_perc", String.format(Locale.ROOT, "%.2f%%", 100.0 * used / peak));
            long overhead = s.memory.overhead();
            out.f("used_memory_overhead", overhead);
            out.f("used_memory_startup", startup);
            out.f("used_memory_dataset", used - overhead);
            out.f("used_memory_dataset_perc", String.format(Locale.ROOT, "%.2f%%",
                    used == startup ? 0.0 : 100.0 * (used - overhead) / (used - startup)));
            out.f("allocator_allocated", used);
            out.f("allocator_active", used);
            out.f("allocator_resident", 4657152);
            out.f("total_system_memory", 25274793984L);
            out.f("total_system_memory_human", human(25274793984L));
            out.f("used_memory_lua", 32768);
            out.f("used_memory_vm_eval", 32768);
            out.f("used_memory_lua_human", human(32768));
            out.f("used_memory_scripts_eval", 0);
            out.f("number_of_cached_scripts", s.cachedScripts);
            out.f("number_of_functions", s.loadedFunctions);
            out.f("number_of_libraries", s.loadedLibraries);
            out.f("used_memory_vm_functions", 33792);
            out.f("used_memory_vm_total", 66560);
            out.f("used_memory_vm_total_human", human(66560));
            out.f("used_memory_functions", 200);
            out.f("used_memory_scripts", 200);
            out.f("used_memory_scripts_human", human(200));
            out.f("maxmemory", Long.toUnsignedString(maxmemory));
            out.f("maxmemory_human", human(maxmemory));
            out.f("maxmemory_policy", s.config().get("maxmemory-policy"));
            out.f("allocator_frag_ratio", "1.00");
            out.f("allocator_frag_bytes", 0);
            out.f("allocator_rss_ratio", "1.00");
            out.f("allocator_rss_bytes", 0);
            out.f("rss_overhead_ratio", "1.00");
            out.f("rss_overhead_bytes", 0);
            out.f("mem_fragmentation_ratio", "1.00");
            out.f("mem_fragmentation_bytes", 0);
            out.f("mem_not_counted_for_evict", 0);
            out.f("mem_replication_backlog", 0);
            out.f("mem_total_replication_buffers", 0);
            out.f("mem_clients_slaves", 0);
            out.f("mem_clients_normal", 0);
            out.f("mem_cluster_links", 0);
            out.f("mem_aof_buffer", 0);
            out.f("mem_allocator", "jemalloc-5.3.0");
            out.f("active_defrag_running", 0);
            out.f("lazyfree_pending_objects", 0);
            out.f("lazyfreed_objects", 0);
        }
        if (all || sections.contains("persistence")) {
            out.begin("Persistence");
            out.f("loading", s.faults.loading ? 1 : 0);
            out.f("async_loading", 0);
            out.f("current_cow_peak", 0);
            out.f("current_cow_size", 0);
            out.f("current_cow_size_age", 0);
            out.f("current_fork_perc", "0.00");
            out.f("current_save_keys_processed", 0);
            out.f("current_save_keys_total", 0);
            out.f("rdb_changes_since_last_save", s.dirty);
            out.f("rdb_bgsave_in_progress", 0);
            out.f("rdb_last_save_time", s.lastSaveSeconds);
            out.f("rdb_last_bgsave_status", "ok");
            out.f("rdb_last_bgsave_time_sec", -1);
            out.f("rdb_current_bgsave_time_sec", -1);
            out.f("rdb_saves", 0);
            out.f("rdb_last_cow_size", 0);
            out.f("rdb_last_load_keys_expired", 0);
            out.f("rdb_last_load_keys_loaded", 0);
            out.f("aof_enabled", s.config().getBool("appendonly") ? 1 : 0);
            out.f("aof_rewrite_in_progress", 0);
            out.f("aof_rewrite_scheduled", 0);
            out.f("aof_last_rewrite_time_sec", -1);
            out.f("aof_current_rewrite_time_sec", -1);
            out.f("aof_last_bgrewrite_status", "ok");
            out.f("aof_rewrites", 0);
            out.f("aof_rewrites_consecutive_failures", 0);
            out.f("aof_last_write_status", "ok");
            out.f("aof_last_cow_size", 0);
            out.f("module_fork_in_progress", 0);
            out.f("module_fork_last_cow_size", 0);
            if (s.faults.loading) {
                // the loading fault: a load that has just begun (Redis adds these while loading)
                out.f("loading_start_time", s.faults.loadingSinceMillis / 1000);
                out.f("loading_total_bytes", 0);
                out.f("loading_rdb_used_mem", 0);
                out.f("loading_loaded_bytes", 0);
                out.f("loading_loaded_perc", "0.00");
                out.f("loading_eta_seconds", 1);
            }
        }
        if (all || sections.contains("stats")) {
            out.begin("Stats");
            out.f("total_connections_received", st.totalConnections);
            out.f("total_commands_processed", st.totalCommands);
            out.f("instantaneous_ops_per_sec", 0);
            out.f("total_net_input_bytes", st.netInputBytes);
            out.f("total_net_output_bytes", st.netOutputBytes);
            out.f("total_net_repl_input_bytes", 0);
            out.f("total_net_repl_output_bytes", 0);
            out.f("instantaneous_input_kbps", "0.00");
            out.f("instantaneous_output_kbps", "0.00");
            out.f("instantaneous_input_repl_kbps", "0.00");
            out.f("instantaneous_output_repl_kbps", "0.00");
            out.f("rejected_connections", st.rejectedConnections);
            out.f("sync_full", 0);
            out.f("sync_partial_ok", 0);
            out.f("sync_partial_err", 0);
            out.f("expired_keys", st.expiredKeys);
            out.f("expired_stale_perc", String.format(Locale.ROOT, "%.2f", (double) st.expiredStalePerc));
            out.f("expired_time_cap_reached_count", 0);
            out.f("expire_cycle_cpu_milliseconds", 0);
            out.f("evicted_keys", st.evictedKeys);
            out.f("evicted_clients", 0);
            out.f("total_eviction_exceeded_time", 0);
            out.f("current_eviction_exceeded_time", 0);
            out.f("keyspace_hits", st.keyspaceHits);
            out.f("keyspace_misses", st.keyspaceMisses);
            out.f("pubsub_channels", s.pubsub().channels.size());
            out.f("pubsub_patterns", s.pubsub().patterns.size());
            out.f("pubsubshard_channels", s.pubsub().shardChannels.size());
            out.f("latest_fork_usec", 0);
            out.f("total_forks", 0);
            out.f("migrate_cached_sockets", 0);
            out.f("slave_expires_tracked_keys", 0);
            out.f("active_defrag_hits", 0);
            out.f("active_defrag_misses", 0);
            out.f("active_defrag_key_hits", 0);
            out.f("active_defrag_key_misses", 0);
            out.f("total_active_defrag_time", 0);
            out.f("current_active_defrag_time", 0);
            out.f("tracking_total_keys", s.tracking.totalKeys());
            out.f("tracking_total_items", s.tracking.totalItems());
            out.f("tracking_total_prefixes", s.tracking.totalPrefixes());
            out.f("unexpected_error_replies", st.unexpectedErrorReplies);
            out.f("total_error_replies", st.totalErrorReplies);
            out.f("dump_payload_sanitizations", 0);
            out.f("total_reads_processed", st.totalReadsProcessed);
            out.f("total_writes_processed", st.totalWritesProcessed);
            out.f("io_threaded_reads_processed", 0);
            out.f("io_threaded_writes_processed", 0);
            out.f("reply_buffer_shrinks", 0);
            out.f("reply_buffer_expands", 0);
        }
        if (all || sections.contains("replication")) {
            out.begin("Replication");
            var repl = s.replication;
            if (repl.isReplica()) {
                out.f("role", "slave");
                out.f("master_host", repl.masterHost());
                out.f("master_port", repl.masterPort());
                if (repl.linkUp()) {
                    // an in-process cluster replica: its link is up and follows the master's stream
                    out.f("master_link_status", "up");
                    out.f("master_last_io_seconds_ago", Math.max(0, (s.clock().millis() - repl.lastIoMillis()) / 1000));
                    out.f("master_sync_in_progress", 0);
                    out.f("slave_read_repl_offset", repl.appliedOffset());
                    out.f("slave_repl_offset", repl.appliedOffset());
                } else {
                    out.f("master_link_status", "down");
                    out.f("master_last_io_seconds_ago", -1);
                    out.f("master_sync_in_progress", 0);
                    out.f("slave_read_repl_offset", 0);
                    out.f("slave_repl_offset", 0);
                    out.f("master_link_down_since_seconds", -1);
                }
                out.f("slave_priority", s.config().get("replica-priority"));
                out.f("slave_read_only", s.config().getBool("replica-read-only") ? 1 : 0);
                out.f("replica_announced", s.config().getBool("replica-announced") ? 1 : 0);
            } else {
                out.f("role", "master");
            }
            var feed = s.replicaFeed;
            out.f("connected_slaves", feed.replicas().size() + feed.inProcessReplicas().size());
            int n = 0;
            for (var r : feed.inProcessReplicas()) {
                out.f("slave" + n++, "ip=" + r.ip() + ",port=" + r.port() + ",state=online,offset=" + r.offset().getAsLong() + ",lag=0");
            }
            for (dev.emredis.internal.server.Client r : feed.replicas()) {
                long lag = (s.clock().millis() - r.replicaLink.lastAckMillis) / 1000;
                out.f("slave" + n++, "ip=" + r.connection.remoteHost() + ",port=" + r.replicaLink.listeningPort
                        + ",state=online,offset=" + r.replicaLink.ackOffset + ",lag=" + lag);
            }
            out.f("master_failover_state", "no-failover");
            out.f("master_replid", repl.replid());
            out.f("master_replid2", repl.replid2());
            out.f("master_repl_offset", repl.linkUp() ? repl.appliedOffset() : feed.offset());
            out.f("second_repl_offset", repl.secondOffset());
            // a replica with a live link (emulated cluster) keeps a backlog of what it applied
            boolean backlog = feed.backlogActive() || repl.linkUp();
            out.f("repl_backlog_active", backlog ? 1 : 0);
            out.f("repl_backlog_size", s.config().get("repl-backlog-size"));
            out.f("repl_backlog_first_byte_offset", backlog ? 1 : 0);
            out.f("repl_backlog_histlen", repl.linkUp() ? repl.appliedOffset() : feed.offset());
        }
        if (all || sections.contains("cpu")) {
            ThreadMXBean t = ManagementFactory.getThreadMXBean();
            long cpu = Math.max(0, t.isCurrentThreadCpuTimeSupported() ? t.getCurrentThreadCpuTime() : 0);
            long user = Math.max(0, t.isCurrentThreadCpuTimeSupported() ? t.getCurrentThreadUserTime() : 0);
            String sys = seconds(cpu - user);
            String usr = seconds(user);
            out.begin("CPU");
            out.f("used_cpu_sys", sys);
            out.f("used_cpu_user", usr);
            out.f("used_cpu_sys_children", "0.000000");
            out.f("used_cpu_user_children", "0.000000");
            out.f("used_cpu_sys_main_thread", sys);
            out.f("used_cpu_user_main_thread", usr);
        }
        if (all || sections.contains("module_list") || sections.contains("modules")) {
            out.begin("Modules");
        }
        if (all || sections.contains("commandstats")) {
            out.begin("Commandstats");
            for (CommandSpec spec : s.table().all()) {
                commandStat(b, st, spec);
                for (CommandSpec sub : spec.subcommands.values()) commandStat(b, st, sub);
            }
        }
        if (all || sections.contains("errorstats")) {
            out.begin("Errorstats");
            for (Map.Entry<String, Long> e : new TreeMap<>(st.errors).entrySet()) {
                b.append("errorstat_").append(e.getKey()).append(":count=").append(e.getValue()).append("\r\n");
            }
        }
        if (all || sections.contains("latencystats")) {
            out.begin("Latencystats");
            if (s.config().getBool("latency-tracking")) {
                for (CommandSpec spec : s.table().all()) {
                    latencyStat(b, s, st, spec);
                    for (CommandSpec sub : spec.subcommands.values()) latencyStat(b, s, st, sub);
                }
            }
        }
        if (all || sections.contains("cluster")) {
            out.begin("Cluster");
            out.f("cluster_enabled", s.cluster != null ? 1 : 0);
        }
        if (all || sections.contains("keyspace")) {
            out.begin("Keyspace");
            Database[] dbs = s.dbs();
            for (int j = 0; j < dbs.length; j++) {
                int keys = dbs[j].size();
                int vkeys = dbs[j].expiresCount();
                if (keys > 0 || vkeys > 0) {
                    b.append("db").append(j).append(":keys=").append(keys).append(",expires=").append(vkeys)
                            .append(",avg_ttl=").append(dbs[j].avgTtl).append("\r\n");
                }
            }
        }
        return b.toString();
    }

    private static void commandStat(StringBuilder b, Stats st, CommandSpec spec) {
        long[] v = st.commands.get(spec.name);
        if (v == null || (v[0] == 0 && v[2] == 0 && v[3] == 0)) return;
        b.append("cmdstat_").append(spec.name).append(":calls=").append(v[0]).append(",usec=").append(v[1])
                .append(",usec_per_call=").append(String.format(Locale.ROOT, "%.2f", v[0] == 0 ? 0.0 : (float) v[1] / v[0]))
                .append(",rejected_calls=").append(v[2]).append(",failed_calls=").append(v[3]).append("\r\n");
    }

    /** Redis keeps a latency histogram per command; the emulator reports the mean for each percentile. */
    private static void latencyStat(StringBuilder b, Server s, Stats st, CommandSpec spec) {
        long[] v = st.commands.get(spec.name);
        if (v == null || v[0] == 0) return;
        String pct = s.config().get("latency-tracking-info-percentiles");
        b.append("latency_percentiles_usec_").append(spec.name).append(':');
        String mean = String.format(Locale.ROOT, "%.3f", (double) v[1] / v[0]);
        boolean first = true;
        for (String p : pct.isEmpty() ? new String[0] : pct.split(" ")) {
            if (!first) b.append(',');
            first = false;
            b.append('p').append(p).append('=').append(mean);
        }
        b.append("\r\n");
    }

    private static String seconds(long nanos) {
        long micros = nanos / 1000;
        return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    private static String osName() {
        String arch = System.getProperty("os.arch");
        if ("amd64".equals(arch)) arch = "x86_64";
        else if ("aarch64".equals(arch)) arch = "aarch64";
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + arch;
    }

    /** Redis's bytesToHuman: B, K, M, G, T, P with two decimals. */
    static String human(long n) {
        if (n < 0) return Long.toUnsignedString(n) + "B";
        if (n < 1024) return n + "B";
        String[] units = {"K", "M", "G", "T", "P"};
        double d = n;
        int u = -1;
        do {
            d /= 1024;
            u++;
        } while (d >= 1024 && u < units.length - 1);
        return String.format(Locale.ROOT, "%.2f%s", d, units[u]);
    }

    /** Writes "# Name" headers separated by blank lines, and "name:value" fields. */
    private static final class Section {
        private final StringBuilder b;
        private int count;

        Section(StringBuilder b) {
            this.b = b;
        }

        void begin(String name) {
            if (count++ > 0) b.append("\r\n");
            b.append("# ").append(name).append("\r\n");
        }

        void f(String name, Object value) {
            b.append(name).append(':').append(value).append("\r\n");
        }
    }
}
