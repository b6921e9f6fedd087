package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real plugin jar, compiled and packed by the test, loaded from the plugins folder by the real tool. */
class ParleyPluginsIT {

    private static final Map<String, String> ADMIN = Map.of("PARLEY_ADMIN_PASSWORD", "admin-password-1");
    private static final String SOURCE = """
            package example.moderation;

            import dev.parley.api.MessageDraft;
            import dev.parley.api.MessageRejectedException;
            import dev.parley.api.spi.InterceptContext;
            import dev.parley.api.spi.MessageInterceptor;

            public class NoShouting implements MessageInterceptor {
                @Override
                public String id() {
                    return "no-shouting";
                }

                @Override
                public MessageDraft intercept(MessageDraft draft, InterceptContext context) {
                    if (draft.text() != null && draft.text().contains("SHOUT")) {
                        throw new MessageRejectedException("no shouting, please");
                    }
                    return draft;
                }
            }
            """;

    /** Compiles the interceptor against chat-api and packs it as a PF4J plugin jar. */
    private static Path buildPlugin(Path dir) throws IOException {
        Path sources = Files.createDirectories(dir.resolve("src/example/moderation"));
        Path source = Files.writeString(sources.resolve("NoShouting.java"), SOURCE);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int result = javac.run(null, null, null, "-d", classes.toString(), "-cp",
                System.getProperty("java.class.path"), source.toString());
        assertThat(result).isZero();

        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Plugin-Id", "no-shouting");
        manifest.getMainAttributes().putValue("Plugin-Version", "1.0.0");
        try (OutputStream file = Files.newOutputStream(plugins.resolve("no-shouting-1.0.0.jar"));
             JarOutputStream jar = new JarOutputStream(file, manifest)) {
            // Directory entries too, as every jar tool writes them: PF4J finds services by listing the directory.
            for (String directory : List.of("META-INF/services/", "example/", "example/moderation/")) {
                jar.putNextEntry(new JarEntry(directory));
                jar.closeEntry();
            }
            jar.putNextEntry(new JarEntry("example/moderation/NoShouting.class"));
            jar.write(Files.readAllBytes(classes.resolve("example/moderation/NoShouting.class")));
            jar.closeEntry();
            jar.putNextEntry(new JarEntry("META-INF/services/dev.parley.api.spi.MessageInterceptor"));
            jar.write("example.moderation.NoShouting\n".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return plugins;
    }

    @Test
    @DisplayName("plugins list shows what the class path and the plugins folder provide")
    void list(@TempDir Path dir) throws Exception {
        Path plugins = buildPlugin(dir);
        ParleyProcess listed = ParleyProcess.run(Map.of(), "plugins", "list", "--plugins", plugins.toString());
        assertThat(listed.exitCode()).as(String.join("\n", listed.err())).isZero();
        List<String> out = listed.out();
        assertThat(out).anyMatch(l -> l.contains("store") && l.contains("jdbc"));
        assertThat(out).anyMatch(l -> l.contains("messageinterceptor") && l.contains("no-shouting")
                && l.contains("plugin no-shouting 1.0.0"));
    }

    @Test
    @DisplayName("a server loads the plugin's interceptor, which then refuses messages")
    void serverUsesPlugin(@TempDir Path dir) throws Exception {
        Path plugins = buildPlugin(dir);
        int port = ParleyProcess.freePort();
        String server = "ws://127.0.0.1:" + port + "/chat";
        try (ParleyProcess running = ParleyProcess.start(ADMIN, "server", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--no-tcp", "--db", "jdbc:h2:mem:plugins-test", "--plugins", plugins.toString())) {
            running.awaitOutput("Parley server ready");
            assertThat(running.out()).anyMatch(l -> l.contains("Plugin no-shouting 1.0.0 loaded"));
            for (String user : List.of("alice", "bob")) {
                assertThat(ParleyProcess.run(ADMIN, "users", "add", user, "--password=" + user + "-password",
                        "--server", server).exitCode()).isZero();
            }
            assertThat(ParleyProcess.run(ADMIN, "friends", "add", "alice", "bob", "--server", server).exitCode()).isZero();
            ParleyProcess shout = ParleyProcess.run(ADMIN, "send", "--from", "alice", "--to", "bob", "HELLO, I SHOUT",
                    "--server", server);
            assertThat(shout.exitCode()).isEqualTo(1);
            assertThat(shout.err()).anyMatch(l -> l.contains("no shouting, please") && l.contains("rejected"));
            assertThat(ParleyProcess.run(ADMIN, "send", "--from", "alice", "--to", "bob", "hello, quietly",
                    "--server", server).exitCode()).isZero();
            running.stop();
        }
    }
}
