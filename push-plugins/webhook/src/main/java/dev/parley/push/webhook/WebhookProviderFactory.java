package dev.parley.push.webhook;

import dev.parley.api.spi.PushProvider;
import dev.parley.api.spi.PushProviderFactory;
import java.util.Map;

/** Creates the {@code webhook} provider from the {@code push.webhook.*} settings (see {@link WebhookSettings}). Thread-safe. */
public final class WebhookProviderFactory implements PushProviderFactory {

    @Override
    public String id() {
        return "webhook";
    }

    @Override
    public PushProvider create(Map<String, String> settings) {
        return new WebhookPushProvider(WebhookSettings.from(settings));
    }
}
