package dev.parley.api.spi;

import java.util.Map;

/**
 * Creates a {@link PushProvider} from settings. Registered with {@link java.util.ServiceLoader} in
 * {@code META-INF/services/dev.parley.api.spi.PushProviderFactory}, on the class path or inside a
 * plugin archive, this is how the engine and {@code parley server} find a provider by id. Implementations
 * have a public no-argument constructor and are thread-safe.
 */
public interface PushProviderFactory {

    /** The id of the providers this factory creates, the same as their {@link PushProvider#id()}, e.g. {@code apns}. */
    String id();

    /**
     * Creates a provider, not yet started.
     *
     * @param settings the provider's settings, keys without the {@code push.<id>.} prefix (for example
     *                 {@code topic}); unknown keys are ignored
     * @throws IllegalArgumentException naming the setting that is missing or wrong
     */
    PushProvider create(Map<String, String> settings);
}
