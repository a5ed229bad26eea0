package dev.emredis.internal.command;

/** Runs one command. Arity is already checked; the reply goes to {@code ctx.out()}. */
@FunctionalInterface
public interface CommandHandler {
    void run(Ctx ctx);
}
