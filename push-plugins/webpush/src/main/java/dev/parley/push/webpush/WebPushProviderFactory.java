package dev.parley.push.webpush;

import dev.parley.api.spi.PushProvider;
import dev.parley.api.spi.PushProviderFactory;
import java.util.Map;

/** Creates the {@code webpush} provider from the {@code push.webpush.*} settings (see {@link WebPushSettings}). Thread-safe. */
public final class WebPushProviderFactory implements PushProviderFactory {

    @Override
    public String id() {
        return "webpush";
    }

    @Override
    public PushProvider create(Map<String, String> settings) {
        return new WebPushProvider(WebPushSettings.from(settings));
    }
}
