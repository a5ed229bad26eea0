package dev.emredis.standalone;

import dev.emredis.RedisEmulator;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar emredis.jar [--port N] [--bind ADDR] [--<config-name> <value> ...]}: the
 * emulator as a process. Other options are configuration parameters, as redis-server takes them
 * (e.g. {@code --enable-debug-command yes}, {@code --requirepass secret}).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        int port = 6379;
        String bind = "127.0.0.1";
        RedisEmulator.Builder builder = RedisEmulator.builder();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port":
                    port = Integer.parseInt(value(args, ++i, "--port"));
                    break;
                case "--bind":
                    bind = value(args, ++i, "--bind");
                    break;
                case "--help":
                case "-h":
                    System.out.println("usage: java -jar emredis.jar [--port N] [--bind ADDR] [--<config-name> <value> ...]");
                    return;
                default:
                    if (!args[i].startsWith("--")) {
                        System.err.println("unknown option: " + args[i]);
                        System.exit(2);
                    }
                    builder.config(args[i].substring(2), value(args, ++i, args[i - 1]));
            }
        }
        RedisEmulator redis;
        try {
            redis = builder.port(port).bind(bind).build().start();
        } catch (IllegalArgumentException e) {
            System.err.println("bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            redis.close();
            done.countDown();
        }));
        System.out.println("emredis listening on " + bind + ":" + redis.port());
        System.out.println("Ready to accept connections");
        System.out.flush();
        while (!redis.isClosed()) {
            if (done.await(200, java.util.concurrent.TimeUnit.MILLISECONDS)) break;
        }
        redis.close();
    }

    private static String value(String[] args, int i, String opt) {
        if (i >= args.length) {
            System.err.println(opt + " needs a value");
            System.exit(2);
        }
        return args[i];
    }
}
