package dev.emredis.internal.server;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Redis's server log (serverLogRaw): one line per message,
 * {@code <pid>:<role> dd Mon yyyy hh:mm:ss.mmm <level char> <message>}, the role {@code M}
 * (master) or {@code S} (replica), the level char {@code . - * #} for debug, verbose, notice,
 * warning. Messages below {@code loglevel} are dropped; {@code logfile ""} writes to standard
 * output, otherwise the file is opened in append mode for each line, as Redis does. The time
 * is the server's (virtual) clock, in the JVM's time zone (Redis uses the local time zone).
 */
public final class ServerLog {
    public static final int DEBUG = 0;
    public static final int VERBOSE = 1;
    public static final int NOTICE = 2;
    public static final int WARNING = 3;
    private static final String LEVEL_CHARS = ".-*#";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ROOT);
    private static final long PID = ProcessHandle.current().pid();

    private final Server server;
    /** Where "logfile ''" writes: standard output unless a test redirects it. */
    private PrintStream stdout = System.out;

    ServerLog(Server server) {
        this.server = server;
    }

    /** The loglevel config as a number (debug 0 ... warning 3). */
    public int verbosity() {
        switch (server.config().get("loglevel")) {
            case "debug":
                return DEBUG;
            case "verbose":
                return VERBOSE;
            case "warning":
                return WARNING;
            default:
                return NOTICE;
        }
    }

    /** Redirects the standard-output log (tests). */
    public void stdout(PrintStream out) {
        this.stdout = out;
    }

    /** serverLogRaw: writes {@code msg} at {@code level} (0..3) unless below loglevel. */
    public void log(int level, byte[] msg) {
        if (level < verbosity()) return;
        String head = PID + ":" + (server.replication.isReplica() ? 'S' : 'M') + " "
                + TIME.format(Instant.ofEpochMilli(server.clock().millis()).atZone(ZoneId.systemDefault()))
                + " " + LEVEL_CHARS.charAt(level) + " ";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        String file = server.config().get("logfile");
        try {
            if (file.isEmpty()) {
                write(stdout, h, msg);
                stdout.flush();
            } else {
                try (OutputStream out = new FileOutputStream(file, true)) {
                    write(out, h, msg);
                }
            }
        } catch (IOException e) {
            // Redis silently skips the line when the log file cannot be opened.
        }
    }

    public void log(int level, String msg) {
        log(level, msg.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(OutputStream out, byte[] head, byte[] msg) throws IOException {
        out.write(head);
        out.write(msg);
        out.write('\n');
    }
}
