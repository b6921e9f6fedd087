package dev.parley.cli;

import dev.parley.api.spi.Authenticator;
import dev.parley.api.spi.ChatListener;
import dev.parley.api.spi.MessageInterceptor;
import dev.parley.api.spi.PushProvider;
import dev.parley.api.spi.PushProviderFactory;
import dev.parley.core.ChatEngineBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.pf4j.DefaultExtensionFinder;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFinder;
import org.pf4j.PluginWrapper;

/**
 * The plugins folder, through PF4J: the one place where Parley touches PF4J. Each plugin is a jar with
 * {@code Plugin-Id} and {@code Plugin-Version} in its manifest that declares chat-api as provided, and
 * registers its extensions (push provider factories, push providers, authenticators, message interceptors,
 * listeners) in {@code META-INF/services}, the same way as on the class path. A plugin that fails to load,
 * such as a broken jar, is logged by PF4J and skipped; the others still load.
 */
final class PluginFolder implements AutoCloseable {

    /** The extension points a plugin may provide. */
    static final List<Class<?>> KINDS = List.of(PushProviderFactory.class, PushProvider.class, Authenticator.class,
            MessageInterceptor.class, ChatListener.class);

    private final Path folder;
    private final DefaultPluginManager manager;

    PluginFolder(Path folder) {
        this.folder = folder;
        if (folder == null || !Files.isDirectory(folder)) {
            this.manager = null;
            return;
        }
        this.manager = new DefaultPluginManager(folder) {
            @Override
            protected ExtensionFinder createExtensionFinder() {
                DefaultExtensionFinder finder = (DefaultExtensionFinder) super.createExtensionFinder();
                finder.addServiceProviderExtensionFinder();
                return finder;
            }
        };
        manager.loadPlugins();
        manager.startPlugins();
    }

    /** The loaded plugins; empty if the folder does not exist. */
    List<PluginWrapper> plugins() {
        return manager == null ? List.of() : manager.getPlugins();
    }

    /** The extensions of one kind that one plugin provides. */
    <T> List<T> extensions(Class<T> kind, String pluginId) {
        return manager == null ? List.of() : manager.getExtensions(kind, pluginId);
    }

    /**
     * The extensions of one kind that all plugins provide. Asked plugin by plugin on purpose: PF4J's
     * {@code getExtensions(kind)} also loads every class that the application's own class path lists in
     * {@code META-INF/services}, and the shaded jar lists classes whose optional dependencies are absent
     * (Netty's BlockHound integration), which PF4J logs as errors on every start.
     */
    <T> List<T> extensions(Class<T> kind) {
        List<T> found = new java.util.ArrayList<>();
        for (PluginWrapper plugin : plugins()) {
            found.addAll(extensions(kind, plugin.getPluginId()));
        }
        return found;
    }

    /** Adds every plugin's extensions to an engine. */
    void wire(ChatEngineBuilder builder) {
        extensions(PushProviderFactory.class).forEach(builder::pushProviderFactory);
        // Ready-made providers are discoveries: explicit wiring and configured providers win over them.
        extensions(PushProvider.class).forEach(builder::discoveredPushProvider);
        extensions(Authenticator.class).forEach(builder::authenticator);
        extensions(MessageInterceptor.class).forEach(builder::interceptor);
        extensions(ChatListener.class).forEach(builder::listener);
    }

    /** The ids of the push provider factories on the class path and in the plugins, for settings lookup. */
    java.util.Set<String> pushProviderIds() {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        extensions(PushProviderFactory.class).forEach(f -> ids.add(f.id()));
        var iterator = java.util.ServiceLoader.load(PushProviderFactory.class).iterator();
        while (true) {
            try {
                if (!iterator.hasNext()) {
                    return ids;
                }
                ids.add(iterator.next().id());
            } catch (java.util.ServiceConfigurationError broken) {
                // Reported when the engine is built; here only the ids matter.
            }
        }
    }

    Path folder() {
        return folder;
    }

    @Override
    public void close() {
        if (manager != null) {
            manager.stopPlugins();
            manager.unloadPlugins();
        }
    }
}
