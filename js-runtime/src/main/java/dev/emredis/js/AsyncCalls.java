package dev.emredis.js;

import java.util.function.Consumer;

/**
 * client.callAsync: the command runs on the event loop now; its reply (a capture tree) is handed
 * to {@code onReply}, which settles the promise through the library's job queue.
 */
final class AsyncCalls {
    private AsyncCalls() {}

    static void run(Invocation inv, byte[][] argv, Consumer<Object> onReply) {
        ReplyCapture cap = new ReplyCapture();
        String refused = inv.gears.runCommand(inv, argv, cap);
        onReply.accept(refused != null ? new ReplyCapture.Err(refused) : cap.result());
    }
}
