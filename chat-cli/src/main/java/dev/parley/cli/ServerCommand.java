package dev.parley.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code parley server}: runs a Parley server until it is stopped. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run a Parley server: WebSocket and attachments on --port, data in --db (an H2 file under ./data by default).",
        footer = {"", "Examples:",
                "  parley server",
                "  parley server --port 9000 --data /var/lib/parley",
                "  parley server --db jdbc:mysql://127.0.0.1:3306/parley --db-user parley --db-password"})
final class ServerCommand implements Callable<Integer> {

    @Mixin
    ListenerOptions listeners;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--data", defaultValue = "./data", description = "Directory for attachments, kept in its "
            + "attachments/ folder (default: ${DEFAULT-VALUE}). Only attachments: --db places the database.")
    Path data;

    @Option(names = "--plugins", defaultValue = "./plugins", description = "Folder of plugin jars (default: ${DEFAULT-VALUE}).")
    Path plugins;

    @Option(names = "--admin-password", description = "Create the user 'admin' with this password if no user 'admin' exists.")
    String adminPassword;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PluginFolder pluginFolder = new PluginFolder(plugins);
        Servers.Running running = Servers.start(
                Servers.store(database.urlOrDefault(), database.user, database.password),
                data.resolve("attachments"), listeners, pluginFolder::wire);
        Admins.ensure(running.engine(), adminPassword);
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM and Ctrl-C run shutdown hooks: close the engine so that sessions hear why and
        // queued messages are written.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.engine().close();
            pluginFolder.close();
            stopped.countDown();
        }, "parley-shutdown"));
        pluginFolder.plugins().forEach(p -> spec.commandLine().getOut().println("Plugin " + p.getPluginId() + " "
                + p.getDescriptor().getVersion() + " loaded from " + p.getPluginPath().getFileName()));
        spec.commandLine().getOut().println("Parley server ready: " + running.listeners()
                + " (database " + database.urlOrDefault() + ")");
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
