package dev.parley.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Keeps README.md honest: its Java snippet is the compiled example, and the example runs. */
class ReadmeTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path EXAMPLE = Path.of("src/main/java/dev/parley/examples/EmbeddingExample.java");
    private static final Path KIT_TEST = Path.of("src/test/java/dev/parley/examples/MyStoreCompatibilityTest.java");

    @Test
    @DisplayName("the README's embedding snippet is exactly the compiled example")
    void snippetMatchesExample() throws IOException {
        assertReadmeBlockIsTagged("<!-- embed -->\\s*```java\\n(.*?)```", EXAMPLE, "embed");
    }

    @Test
    @DisplayName("the README's store-kit snippet is exactly MyStoreCompatibilityTest, which runs the kit here")
    void storeKitSnippetIsCompiled() throws IOException {
        assertReadmeBlockIsTagged("```java\\n(class MyStoreCompatibilityTest.*?)```", KIT_TEST, "store-kit");
    }

    /**
     * The README's block that {@code readmeBlock} finds (its first group) is, line for line and but for
     * indentation, the region of {@code source} between {@code // tag::tag[]} and {@code // end::tag[]}.
     */
    private static void assertReadmeBlockIsTagged(String readmeBlock, Path source, String tag) throws IOException {
        Matcher snippet = Pattern.compile(readmeBlock, Pattern.DOTALL).matcher(Files.readString(README, StandardCharsets.UTF_8));
        assertThat(snippet.find()).as("README.md has the ```java block of " + tag).isTrue();
        Matcher tagged = Pattern.compile("// tag::" + tag + "\\[]\\n(.*?)\\s*// end::" + tag + "\\[]", Pattern.DOTALL)
                .matcher(Files.readString(source, StandardCharsets.UTF_8));
        assertThat(tagged.find()).as(source + " has the region " + tag).isTrue();
        assertThat(normalise(snippet.group(1))).isEqualTo(normalise(tagged.group(1)));
    }

    @Test
    @DisplayName("every java block of the README is one a test compiles: the embedding, the JWT and the store-kit snippets")
    void everyJavaBlockIsChecked() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        List<String> firstLines = new java.util.ArrayList<>();
        while (block.find()) {
            firstLines.add(block.group(1).lines().findFirst().orElse(""));
        }
        // The JWT block is compiled and run by auth-jwt's ReadmeJwtSnippetTest.
        assertThat(firstLines).containsExactly(
                "try (ChatEngine engine = ChatEngine.builder()",
                "ChatEngine engine = ChatEngine.builder()",
                "class MyStoreCompatibilityTest extends ChatStoreCompatibilityKit {");
    }

    @Test
    @DisplayName("the example registers two friends, sends, and the listener hears the message")
    void exampleRuns() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            EmbeddingExample.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).contains("stored as seq 1");
        assertThat(lines).anyMatch(line -> line.matches("user \\d+ says: Hi Bob 👋"));
    }

    /** Compares code regardless of how far it is indented. */
    private static String normalise(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce("", (a, b) -> a + b + "\n");
    }
}
