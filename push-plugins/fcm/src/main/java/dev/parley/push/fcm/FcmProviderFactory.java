package dev.parley.push.fcm;

import dev.parley.api.spi.PushProvider;
import dev.parley.api.spi.PushProviderFactory;
import java.util.Map;

/** Creates the {@code fcm} provider from the {@code push.fcm.*} settings (see {@link FcmSettings}). Thread-safe. */
public final class FcmProviderFactory implements PushProviderFactory {

    @Override
    public String id() {
        return "fcm";
    }

    @Override
    public PushProvider create(Map<String, String> settings) {
        return new FcmPushProvider(FcmSettings.from(settings));
    }
}
