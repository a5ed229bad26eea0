import dev.emredis.RedisEmulator;
import java.util.Arrays;

/**
 * In-process start/close cost after warm-up: java -cp standalone/target/emredis.jar bench/StartTime.java
 * Prints the median and p90 of 50 measured starts (after 200 warm-up cycles).
 */
public class StartTime {
    public static void main(String[] args) {
        for (int i = 0; i < 200; i++) RedisEmulator.builder().build().start().close();
        long[] startNanos = new long[50];
        long[] closeNanos = new long[50];
        for (int i = 0; i < startNanos.length; i++) {
            long t0 = System.nanoTime();
            RedisEmulator r = RedisEmulator.builder().build().start();
            long t1 = System.nanoTime();
            r.close();
            startNanos[i] = t1 - t0;
            closeNanos[i] = System.nanoTime() - t1;
        }
        Arrays.sort(startNanos);
        Arrays.sort(closeNanos);
        System.out.printf("start(): median %.2f ms, p90 %.2f ms; close(): median %.2f ms%n",
                startNanos[25] / 1e6, startNanos[45] / 1e6, closeNanos[25] / 1e6);
    }
}
