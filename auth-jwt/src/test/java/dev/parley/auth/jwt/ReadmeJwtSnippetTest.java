package dev.parley.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.spi.AuthRequest;
import dev.parley.core.ChatEngine;
import dev.parley.core.LoginResult;
import dev.parley.store.memory.MemoryChatStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Keeps the README's JWT section honest: its snippet is {@link JwtSetupExample}, and that runs. */
class ReadmeJwtSnippetTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path EXAMPLE = Path.of("src/test/java/dev/parley/auth/jwt/JwtSetupExample.java");

    @Test
    @DisplayName("the README's JWT snippet is exactly the compiled example")
    void snippetMatchesExample() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        Matcher snippet = Pattern.compile("<!-- jwt -->\\s*```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(snippet.find()).as("README.md has a ```java block after <!-- jwt -->").isTrue();
        String source = Files.readString(EXAMPLE, StandardCharsets.UTF_8);
        Matcher tagged = Pattern.compile("// tag::jwt\\[]\\n(.*?)\\s*// end::jwt\\[]", Pattern.DOTALL).matcher(source);
        assertThat(tagged.find()).isTrue();
        assertThat(normalise(snippet.group(1))).isEqualTo(normalise(tagged.group(1)));
    }

    @Test
    @DisplayName("the example's engine provisions a user from a good token")
    void exampleRuns() {
        byte[] secret = Tokens.secret(32);
        try (ChatEngine engine = JwtSetupExample.start(new MemoryChatStore(), secret)) {
            String token = Tokens.hs256(secret, Tokens.claims("alice").build());
            LoginResult login = engine.auth().login(new AuthRequest("jwt", Map.of("jwt", token), null));
            assertThat(login.user().username()).isEqualTo("alice");
            assertThat(login.user().displayName()).isEqualTo("Alice");
        }
    }

    /** Compares code regardless of how far it is indented. */
    private static String normalise(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce("", (a, b) -> a + b + "\n");
    }
}
