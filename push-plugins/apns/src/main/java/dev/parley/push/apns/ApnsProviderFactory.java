package dev.parley.push.apns;

import dev.parley.api.spi.PushProvider;
import dev.parley.api.spi.PushProviderFactory;
import java.util.Map;

/** Creates the {@code apns} provider from the {@code push.apns.*} settings (see {@link ApnsSettings}). Thread-safe. */
public final class ApnsProviderFactory implements PushProviderFactory {

    @Override
    public String id() {
        return "apns";
    }

    @Override
    public PushProvider create(Map<String, String> settings) {
        return new ApnsPushProvider(ApnsSettings.from(settings));
    }
}
