package dev.parley.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the Java of docs/*.md compiling: each {@code java} block there is word for word a tagged
 * region of {@link DocsSnippets}, which the build compiles against the current API.
 */
class DocsSnippetsTest {

    private static final Path DOCS = Path.of("..", "docs");
    private static final Path SNIPPETS = Path.of("src/main/java/dev/parley/examples/DocsSnippets.java");

    @Test
    void everyJavaBlockOfTheDocsIsACompiledSnippet() throws IOException {
        String source = Files.readString(SNIPPETS, StandardCharsets.UTF_8);
        List<String> compiled = new ArrayList<>();
        Matcher tagged = Pattern.compile("// tag::([\\w-]+)\\[]\\n(.*?)\\s*// end::\\1\\[]", Pattern.DOTALL).matcher(source);
        while (tagged.find()) {
            compiled.add(normalise(tagged.group(2)));
        }
        List<String> blocks = new ArrayList<>();
        try (Stream<Path> docs = Files.list(DOCS)) {
            for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL)
                        .matcher(Files.readString(doc, StandardCharsets.UTF_8));
                while (block.find()) {
                    blocks.add(doc.getFileName() + ":\n" + normalise(block.group(1)));
                    assertThat(compiled).as("the java block of %s is in DocsSnippets:%n%s", doc.getFileName(), block.group(1))
                            .contains(normalise(block.group(1)));
                }
            }
        }
        assertThat(blocks).as("the docs' java blocks, one per snippet").hasSameSizeAs(compiled);
    }

    /** Compares code regardless of how far it is indented. */
    private static String normalise(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce("", (a, b) -> a + b + "\n");
    }
}
