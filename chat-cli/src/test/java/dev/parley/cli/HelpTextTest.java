package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What {@code --help} tells a user before they run into a refusal. */
class HelpTextTest {

    private static String help(String command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Parley.run(new String[] {command, "--help"}, new PrintWriter(out, true), new PrintWriter(err, true),
                Map.of());
        assertThat(exit).as(err.toString()).isZero();
        // Help text wraps at the usage width; compare words, not lines.
        return out.toString().replaceAll("\\s+", " ");
    }

    @Test
    @DisplayName("send --help says that direct messages need friendship by default, and how to make friends")
    void sendNamesTheFriendshipRule() {
        assertThat(help("send"))
                .contains("A direct message (--from ... --to ...) needs the two users to be friends")
                .contains("by default the server lets only friends message each other directly")
                .contains("parley friends add alice bob");
    }

    @Test
    @DisplayName("server --help says that --data holds only attachments and --db places the database")
    void serverSaysWhatDataHolds() {
        assertThat(help("server"))
                .contains("Directory for attachments, in its attachments/ folder;")
                .contains("only attachments: --db places the database (default: ./data).");
    }
}
