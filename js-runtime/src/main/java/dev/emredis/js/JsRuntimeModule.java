package dev.emredis.js;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.server.Server;
import dev.emredis.internal.spi.RuntimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * RedisGears 2 triggers and functions on Rhino, plugged into core through the RuntimeModule SPI:
 * TFUNCTION, TFCALL and TFCALLASYNC (their COMMAND metadata is in {@code commands-gears.json},
 * as the module registers them), and the {@code redisgears_2.*} configuration of each server.
 */
public final class JsRuntimeModule implements RuntimeModule {
    @Override
    public void registerCommands(CommandRegistry registry) {
        registry.addMetadata(resource("commands-gears.json"));
        registry.add("tfunction", TFunctionCommands::tfunction);
        registry.add("tfcall", TFCallCommand::tfcall);
        registry.add("tfcallasync", TFCallCommand::tfcallAsync);
        registry.add("tconfig_get", DebugCommands::tconfigGet);
        registry.add("tconfig_set", DebugCommands::tconfigSet);
    }

    @Override
    public void attach(Server server) {
        Gears.defineConfig(server);
        Gears.of(server);
        warmUp();
    }

    private static final java.util.concurrent.atomic.AtomicBoolean WARM = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Rhino's first context costs seconds of class loading on a busy machine; do it once per JVM
     * in the background when the first server starts, so the first TFUNCTION LOAD is quick.
     */
    private static void warmUp() {
        if (!WARM.compareAndSet(false, true)) return;
        Thread t = new Thread(() -> {
            org.mozilla.javascript.Context cx = JsEngine.enter();
            try {
                JsEngine.newScope(cx, new Loader.Host(), new org.mozilla.javascript.Scriptable[1]);
                cx.compileString(AsyncTransform.transform("var f = async () => { await 1; };"), "warmup", 1, null);
            } catch (RuntimeException ignored) {
                // only a warm-up
            } finally {
                org.mozilla.javascript.Context.exit();
            }
        }, "emredis-js-warmup");
        t.setDaemon(true);
        t.start();
    }

    private static String resource(String name) {
        try (InputStream in = JsRuntimeModule.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
