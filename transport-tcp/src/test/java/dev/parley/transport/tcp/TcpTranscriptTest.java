package dev.parley.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Replays the transcript in docs/protocol.md ("TCP framing", the {@code ```tcp} block) over a plain
 * socket, as someone typing into {@code nc} would: each {@code >} line is sent byte for byte with a
 * newline, and each {@code <} line must be what the server says next, exactly, except for the values
 * that differ from run to run (times, tokens, session ids), whose presence is checked.
 */
class TcpTranscriptTest {

    private static final Path DOC = Path.of("..", "docs", "protocol.md");
    private static final Pattern BLOCK = Pattern.compile("```tcp\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Set<String> VARYING = Set.of("createdAt", "expiresAt", "token", "sessionId");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TcpServer server = new TcpServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("the TCP transcript in docs/protocol.md works as written")
    void transcript() throws Exception {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        Matcher block = BLOCK.matcher(doc);
        assertThat(block.find()).as("docs/protocol.md has a ```tcp transcript").isTrue();
        List<String> lines = block.group(1).lines().toList();
        assertThat(block.find()).as("only one ```tcp transcript").isFalse();

        LineClient nc = server.line();
        int sent = 0;
        int received = 0;
        for (String line : lines) {
            if (line.startsWith("> ")) {
                nc.write((line.substring(2) + "\n").getBytes(StandardCharsets.UTF_8));
                sent++;
            } else if (line.startsWith("< ")) {
                String expected = line.substring(2);
                String actual = nc.receive(Duration.ofSeconds(10));
                assertThat(actual).as("the server's answer to the line before: " + expected).isNotNull();
                String said = withoutVaryingValues(actual);
                String documented;
                try {
                    documented = withoutVaryingValues(expected);
                } catch (JsonProcessingException e) {
                    throw new AssertionError("the transcript's line is not JSON: " + expected + "\n  the server said "
                            + actual, e);
                }
                assertThat(said).as("the server said\n  " + actual).isEqualTo(documented);
                received++;
            } else {
                throw new AssertionError("a transcript line starts with '> ' (typed) or '< ' (received): " + line);
            }
        }
        assertThat(sent).isGreaterThanOrEqualTo(5);
        assertThat(received).isGreaterThanOrEqualTo(sent);
        assertThat(nc.receive(Duration.ofMillis(200))).as("nothing more than the transcript shows").isNull();
    }

    /** The frame as the server writes it, with the values that change between runs replaced by a mark. */
    private static String withoutVaryingValues(String frame) throws JsonProcessingException {
        JsonNode node = JSON.readTree(frame);
        blank(node);
        return node.toString();
    }

    private static void blank(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> varying = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (VARYING.contains(field.getKey())) {
                    varying.add(field.getKey());
                } else {
                    blank(field.getValue());
                }
            }
            varying.forEach(name -> object.put(name, "(varies)"));
        } else if (node.isArray()) {
            node.forEach(TcpTranscriptTest::blank);
        }
    }
}
