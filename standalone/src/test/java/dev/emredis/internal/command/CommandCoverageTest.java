package dev.emredis.internal.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.internal.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * docs/commands.md lists every Redis 7.0.15 command and subcommand with its status in the
 * emulator, generated from the command table so it cannot drift: this test fails when the file
 * is stale. Regenerate it with {@code mvn -pl standalone -am test -Dtest=CommandCoverageTest -Dsurefire.failIfNoSpecifiedTests=false -Demredis.updateDocs=true}; it runs in standalone so the scripting runtimes' commands are in the table.
 */
class CommandCoverageTest {
    private static final Path DOC = Path.of("..", "docs", "commands.md");

    @SuppressWarnings("unchecked")
    static String render() throws IOException {
        Map<String, Object> docs;
        try (InputStream in = CommandTable.class.getResourceAsStream("commands.json")) {
            Map<String, Object> root = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            docs = (Map<String, Object>) root.get("command_docs");
        }
        CommandTable table = CommandTable.standard();
        Map<String, Map<String, Object>> byGroup = new TreeMap<>();
        int top = 0;
        int topDone = 0;
        int all = 0;
        int allDone = 0;
        StringBuilder rows = new StringBuilder();
        for (String name : new java.util.TreeSet<>(docs.keySet())) {
            Map<String, Object> d = (Map<String, Object>) docs.get(name);
            CommandSpec spec = table.get(name);
            boolean done = spec != null;
            top++;
            all++;
            if (done) {
                topDone++;
                allDone++;
            }
            rows.append(row(name, (String) d.get("group"), (String) d.get("summary"), done));
            Map<String, Object> subs = (Map<String, Object>) d.get("subcommands");
            if (subs == null) continue;
            for (String sub : new java.util.TreeSet<>(subs.keySet())) {
                Map<String, Object> sd = (Map<String, Object>) subs.get(sub);
                boolean subDone = spec != null && (spec.subcommands.containsKey(sub) || spec.subcommands.containsKey(sub.substring(sub.indexOf('|') + 1)));
                all++;
                if (subDone) allDone++;
                rows.append(row(sub.replace("|", " "), (String) sd.get("group"), (String) sd.get("summary"), subDone));
            }
        }
        return "# Redis 7.0.15 commands in emredis\n\n"
                + "Generated from the command table (core with the Lua and JS runtimes) by `standalone/.../CommandCoverageTest`; do not edit by hand.\n\n"
                + "Implemented: " + topDone + " of " + top + " commands, " + allDone + " of " + all
                + " commands and subcommands. A command that is not implemented answers exactly as an unknown"
                + " command does in Redis.\n\n"
                + "| Command | Group | Status | Summary |\n| --- | --- | --- | --- |\n" + rows;
    }

    private static String row(String name, String group, String summary, boolean done) {
        String s = summary == null ? "" : summary.replace("|", "\\|");
        return "| `" + name.toUpperCase(java.util.Locale.ROOT) + "` | " + group + " | " + (done ? "yes" : "not yet")
                + " | " + s + " |\n";
    }

    @Test
    void theCommandListIsUpToDate() throws IOException {
        String expected = render();
        if (Boolean.getBoolean("emredis.updateDocs")) {
            Files.writeString(DOC, expected);
        }
        assertThat(Files.exists(DOC)).as("docs/commands.md exists (regenerate with -Demredis.updateDocs=true)").isTrue();
        assertThat(Files.readString(DOC)).as("docs/commands.md is up to date (regenerate with -Demredis.updateDocs=true)")
                .isEqualTo(expected);
    }
}
