package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The help of every command keeps its URLs, paths and examples on one line, so that they can be copied. */
class HelpTest {

    /** URLs, JDBC URLs and relative paths, as they appear in descriptions and examples. */
    private static final Pattern COPYABLE = Pattern.compile("(\\w+:)+//\\S+|jdbc:\\S+|\\./\\S+");

    private static void collect(CommandLine command, List<CommandLine> all) {
        all.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, all));
    }

    @Test
    @DisplayName("no URL, path or example of any command's --help is broken across lines")
    void nothingCopyableIsBroken() {
        List<CommandLine> commands = new ArrayList<>();
        CommandLine root = Parley.commandLine();
        collect(root, commands);
        List<String> broken = new ArrayList<>();
        for (CommandLine command : commands) {
            String name = command.getCommandSpec().qualifiedName(" ");
            StringWriter help = new StringWriter();
            String[] args = (name.replaceFirst("^parley ?", "") + " --help").strip().split(" ");
            Parley.run(args, new PrintWriter(help, true), new PrintWriter(new StringWriter()), Map.of());
            // Joined back at its wraps, the help must hold every description word for word: a wrap at a
            // space disappears, one inside a word (jdbc: / mysql://...) leaves a space where none was.
            String joined = help.toString().replaceAll("\\s+", " ");
            List<String> texts = new ArrayList<>(List.of(command.getCommandSpec().usageMessage().description()));
            texts.addAll(List.of(command.getCommandSpec().usageMessage().footer()));
            for (OptionSpec option : command.getCommandSpec().options()) {
                for (String line : option.description()) {
                    texts.add(line.replace("${DEFAULT-VALUE}", String.valueOf(option.defaultValue())));
                }
            }
            for (String text : texts) {
                String normalised = text.replaceAll("\\s+", " ").strip();
                if (!normalised.contains("${") && COPYABLE.matcher(normalised).find() && !joined.contains(normalised)) {
                    broken.add(name + ": '" + normalised + "'");
                }
            }
        }
        assertThat(broken).isEmpty();
    }
}
