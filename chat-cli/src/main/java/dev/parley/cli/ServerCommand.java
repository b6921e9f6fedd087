package dev.parley.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code parley server}: runs a Parley server until it is stopped. */
@Command(name = "server",
        description = {"Run a Parley server: WebSocket and attachments on --port, JSON lines on --tcp-port, MQTT on --mqtt-port if given,",
                "data in --db (an H2 file under ./data by default).",
                "Every option is also a PARLEY_<OPTION> environment variable and a key of the --config file. "
                + "SIGTERM or Ctrl-C stops it cleanly, with exit status 0."},
        footer = {"", "Examples:",
                "  PARLEY_ADMIN_PASSWORD=change-me parley server",
                "  parley server --port 9000 --data /var/lib/parley",
                "  parley server --db jdbc:mysql://127.0.0.1:3306/parley --db-user parley --db-password",
                "  PARLEY_TLS_KEYSTORE_PASSWORD=secret parley server --tls-keystore server.p12",
                "  parley server --tls-cert server.crt --tls-key server.key --send-rate 5 --max-text-length 1000",
                "  parley server --db jdbc:mysql://db:3306/parley --cluster redis://redis:6379 --cluster-node-id node-1",
                "  parley server --admin-port 9464 --shutdown-grace 5s       # /metrics and /health/* on 127.0.0.1:9464"})
final class ServerCommand implements Callable<Integer> {

    @Mixin
    ListenerOptions listeners;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--data", defaultValue = "./data", description = {"Directory for attachments, in its attachments/ folder;",
            "only attachments: --db places the database (default: ${DEFAULT-VALUE})."})
    Path data;

    @Option(names = "--plugins", defaultValue = "./plugins", description = "Folder of plugin jars (default: ${DEFAULT-VALUE}).")
    Path plugins;

    @Option(names = "--admin-password", description = "Create the user 'admin' with this password if no user 'admin' "
            + "exists. Also PARLEY_ADMIN_PASSWORD.")
    String adminPassword;

    @Mixin
    TlsOptions tls;

    @Mixin
    LimitOptions limits;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    MonitoringOptions monitoring;

    @Mixin
    PushOptions push;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        dev.parley.core.MonitoringSettings logThresholds = monitoring.settings();
        // One registry for the engine, the store's pool and caches, and the JVM: /metrics serves it, and
        // admin.status reads the pool from it, so it exists even without an admin port.
        ServerMeters meters = new ServerMeters();
        java.util.concurrent.atomic.AtomicReference<dev.parley.core.ChatEngine> engineStarted =
                new java.util.concurrent.atomic.AtomicReference<>();
        // Up before the engine, so that /health/ready answers 503 while the store migrates and the
        // listeners open, and /health/live answers at once.
        dev.parley.transport.websocket.AdminHttpServer adminHttp = meters.adminServer(monitoring, engineStarted);
        PluginFolder pluginFolder = new PluginFolder(plugins);
        Servers.Running running;
        java.util.concurrent.atomic.AtomicReference<java.util.Optional<String>> adminWarning =
                new java.util.concurrent.atomic.AtomicReference<>(java.util.Optional.empty());
        try {
            running = Servers.start(database.urlOrDefault(), Servers.store(database.urlOrDefault(), database.user,
                            database.password(), meters.registry()),
                    data.resolve("attachments"), listeners, limits, tls, builder -> {
                        pluginFolder.wire(builder);
                        push.applyTo(builder, spec.defaultValueProvider() instanceof ConfigDefaults c ? c : null,
                                pluginFolder.pushProviderIds());
                        cluster.applyTo(builder);
                        builder.meterRegistry(meters.registry()).monitoring(logThresholds);
                        // Before the listeners accept: nobody can log in or register as 'admin' meanwhile.
                        builder.onStarted(engine -> adminWarning.set(
                                Admins.ensure(engine, adminPassword, database.urlOrDefault())));
                        builder.onStarted(engineStarted::set);
                    });
        } catch (RuntimeException e) {
            pluginFolder.close();
            meters.close(adminHttp);
            throw e;
        }
        GracefulShutdown shutdown = GracefulShutdown.onStop(() -> {
            meters.drain(adminHttp, monitoring.shutdownGrace);
            running.engine().close();
            pluginFolder.close();
            meters.close(adminHttp);
        }, spec.commandLine().getOut());
        pluginFolder.plugins().forEach(p -> spec.commandLine().getOut().println("Plugin " + p.getPluginId() + " "
                + p.getDescriptor().getVersion() + " loaded from " + p.getPluginPath().getFileName()));
        running.engine().pushProviders().forEach(p -> spec.commandLine().getOut().println("Push provider " + p.id()
                + " serves platform " + p.platform()));
        adminWarning.get().ifPresent(warning -> Admins.warn(spec.commandLine().getErr(), warning));
        spec.commandLine().getOut().println("Parley server ready: " + running.listeners()
                + " (database " + database.urlOrDefault() + ")");
        running.webClient().ifPresent(uri -> spec.commandLine().getOut().println("Web client: " + uri));
        if (adminHttp != null) {
            String base = "http://" + monitoring.adminHost + ":" + adminHttp.port();
            spec.commandLine().getOut().println("Admin endpoints: " + base + "/metrics " + base + "/health/live "
                    + base + "/health/ready");
        }
        spec.commandLine().getOut().flush();
        shutdown.await();
        return 0;
    }
}
