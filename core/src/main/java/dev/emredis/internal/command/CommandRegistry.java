package dev.emredis.internal.command;

/** Binds handlers to Redis command names ({@code "get"}, {@code "client|list"}). */
public interface CommandRegistry {
    void add(String name, CommandHandler handler);
}
