package dev.parley.cli;

import dev.parley.api.spi.Authenticator;
import dev.parley.api.spi.ChatStoreProvider;
import dev.parley.api.spi.MessageInterceptor;
import dev.parley.api.spi.PushProvider;
import dev.parley.api.spi.PushProviderFactory;
import dev.parley.api.spi.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code parley plugins}: what extensions the tool can load. */
@Command(name = "plugins", description = "Show the extensions that are available.",
        subcommands = PluginsCommand.ListPlugins.class)
final class PluginsCommand extends ParentCommand {

    @Command(name = "list",
            description = "List the stores, transports, push providers, authenticators, interceptors and listeners found on the class path and in the plugins folder.")
    static final class ListPlugins implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Option(names = "--plugins", defaultValue = "./plugins",
                description = "Folder of plugin jars (default: ${DEFAULT-VALUE}).")
        java.nio.file.Path plugins;

        @Override
        public Integer call() {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"KIND", "ID", "CLASS", "SOURCE"});
            for (ChatStoreProvider p : load(ChatStoreProvider.class)) {
                rows.add(new String[] {"store", p.id(), p.getClass().getName(), "class path"});
            }
            for (Class<?> kind : List.of(Transport.class, PushProviderFactory.class, PushProvider.class, Authenticator.class,
                    MessageInterceptor.class)) {
                for (Object p : load(kind)) {
                    String id = idOf(p);
                    rows.add(new String[] {label(kind), id,
                            p.getClass().getName(), "class path"});
                }
            }
            rows.add(new String[] {"transport", "websocket", "dev.parley.transport.websocket.WebSocketTransport", "built in"});
            rows.add(new String[] {"transport", "tcp", "dev.parley.transport.tcp.TcpTransport", "built in"});
            try (PluginFolder folder = new PluginFolder(plugins)) {
                for (org.pf4j.PluginWrapper plugin : folder.plugins()) {
                    String source = "plugin " + plugin.getPluginId() + " " + plugin.getDescriptor().getVersion();
                    for (Class<?> kind : PluginFolder.KINDS) {
                        for (Object extension : folder.extensions(kind, plugin.getPluginId())) {
                            String id = idOf(extension);
                            rows.add(new String[] {label(kind), id,
                                    extension.getClass().getName(), source});
                        }
                    }
                }
            }
            Output.table(spec.commandLine().getOut(), rows);
            return 0;
        }

        /** The kind column: a provider factory is listed as the push provider it makes. */
        private static String label(Class<?> kind) {
            Class<?> shown = kind == PushProviderFactory.class ? PushProvider.class : kind;
            return shown.getSimpleName().toLowerCase(java.util.Locale.ROOT);
        }

        private static String idOf(Object extension) {
            if (extension instanceof dev.parley.api.spi.ChatExtension e) {
                return e.id();
            }
            return extension instanceof PushProviderFactory f ? f.id() : "?";
        }

        private static <T> List<T> load(Class<T> kind) {
            List<T> found = new ArrayList<>();
            var iterator = ServiceLoader.load(kind).iterator();
            while (true) {
                try {
                    if (!iterator.hasNext()) {
                        return found;
                    }
                    found.add(iterator.next());
                } catch (ServiceConfigurationError broken) {
                    // A broken provider is skipped; the others are still listed.
                }
            }
        }
    }
}
