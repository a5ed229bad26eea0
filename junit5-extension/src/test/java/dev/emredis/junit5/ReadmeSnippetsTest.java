package dev.emredis.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java block of the top-level README is runnable: each of its code lines (comments and
 * blank lines aside) appears in some test of the project, so a README example that no longer
 * compiles or behaves as shown fails that test.
 */
class ReadmeSnippetsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyReadmeJavaLineIsInATest() throws IOException {
        Set<String> tested = new HashSet<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path p : (Iterable<Path>) files
                    .filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/test/"))::iterator) {
                for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) tested.add(normalize(line));
            }
        }
        List<String> untested = new ArrayList<>();
        int blocks = 0;
        boolean inJava = false;
        for (String line : Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8)) {
            if (line.startsWith("```")) {
                inJava = !inJava && line.equals("```java");
                if (inJava) blocks++;
                continue;
            }
            if (!inJava) continue;
            String code = normalize(line);
            if (!code.isEmpty() && !tested.contains(code)) untested.add(line);
        }
        assertThat(blocks).isGreaterThan(5);
        assertThat(untested).as("README Java lines found in no test").isEmpty();
    }

    /** The line without its trailing // comment and surrounding blanks. */
    private static String normalize(String line) {
        String s = line.strip();
        if (s.startsWith("//")) return "";
        int c = commentStart(s);
        return (c < 0 ? s : s.substring(0, c)).strip();
    }

    private static int commentStart(String s) {
        boolean inString = false;
        for (int i = 0; i + 1 < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' && inString) {
                i++;
            } else if (ch == '"') {
                inString = !inString;
            } else if (!inString && ch == '/' && s.charAt(i + 1) == '/') {
                return i;
            }
        }
        return -1;
    }
}
