package dev.parley.api.spi;

import java.util.Map;

/**
 * Creates a {@link ChatStore} from configuration. Registered with {@link java.util.ServiceLoader},
 * this is how the engine and the CLI find a store they were not given explicitly.
 */
public interface ChatStoreProvider {

    /** The id of the stores this provider creates, the same as their {@link ChatStore#id()}. */
    String id();

    /**
     * Creates a store, not yet started.
     *
     * @param config settings such as {@code url}, {@code user} and {@code password}; unknown keys are
     *               ignored
     */
    ChatStore create(Map<String, String> config);
}
