package dev.parley.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.api.spi.AuthRequest;
import dev.parley.api.spi.Authenticator;
import dev.parley.api.spi.Identity;
import dev.parley.api.spi.PushNotification;
import dev.parley.api.spi.PushProvider;
import dev.parley.api.spi.PushResult;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The builder's checks. chat-core has no store on its test class path, which one of them relies on. */
class ChatEngineBuilderTest {

    @Test
    @DisplayName("without a store on the class path, build() says how to provide one")
    void noStore() {
        assertThatThrownBy(() -> ChatEngine.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no store")
                .hasMessageContaining("store-memory");
    }

    @Test
    @DisplayName("an unknown store id is named in the error")
    void unknownStoreId() {
        assertThatThrownBy(() -> ChatEngine.builder().storeId("cassandra", Map.of()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'cassandra'");
    }

    @Test
    @DisplayName("two authenticators for one scheme are refused, naming both")
    void duplicateScheme() {
        assertThatThrownBy(() -> ChatEngine.builder().authenticator(new Jwt("a")).authenticator(new Jwt("b")).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jwt-a").hasMessageContaining("jwt-b").hasMessageContaining("'jwt'");
    }

    @Test
    @DisplayName("an authenticator may not take over the built-in password scheme")
    void builtInScheme() {
        Authenticator sneaky = new Jwt("x") {
            @Override
            public String scheme() {
                return "password";
            }
        };
        assertThatThrownBy(() -> ChatEngine.builder().authenticator(sneaky).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("built-in scheme 'password'");
    }

    @Test
    @DisplayName("two push providers for one platform are refused")
    void duplicatePlatform() {
        assertThatThrownBy(() -> ChatEngine.builder().pushProvider(new Apns("one")).pushProvider(new Apns("two")).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("platform 'apns'");
    }

    @Test
    @DisplayName("a push provider configured by an id no factory has is named, with the ids found")
    void unknownPushProvider() {
        assertThatThrownBy(() -> ChatEngine.builder().pushProviderFactory(new Factory()).pushProvider("pigeon", Map.of()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'pigeon'").hasMessageContaining("[apns]");
    }

    @Test
    @DisplayName("a bad setting of a configured push provider fails build() with the provider's message")
    void badPushSetting() {
        assertThatThrownBy(() -> ChatEngine.builder().pushProviderFactory(new Factory()).pushProvider("apns", Map.of()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("push provider apns: push.apns.topic is required");
    }

    @Test
    @DisplayName("push settings check their values")
    void pushSettings() {
        assertThatThrownBy(() -> PushSettings.defaults().withQueueCapacity(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PushSettings.defaults().withRetries(3, java.time.Duration.ofSeconds(5),
                java.time.Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        PushSettings settings = PushSettings.defaults().withRetries(9, java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(5));
        assertThat(settings.backoff(1)).isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(settings.backoff(2)).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(settings.backoff(3)).isEqualTo(java.time.Duration.ofSeconds(4));
        assertThat(settings.backoff(4)).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(settings.backoff(40)).isEqualTo(java.time.Duration.ofSeconds(5));
    }

    @Test
    @DisplayName("limits must be positive")
    void limits() {
        assertThatThrownBy(() -> ChatLimits.defaults().withMaxTextLength(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChatLimits.defaults().withMaxGroupSize(1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static class Jwt implements Authenticator {
        private final String name;

        Jwt(String name) {
            this.name = name;
        }

        @Override
        public String id() {
            return "jwt-" + name;
        }

        @Override
        public String scheme() {
            return "jwt";
        }

        @Override
        public Optional<Identity> authenticate(AuthRequest request) {
            return Optional.empty();
        }
    }

    private static final class Factory implements dev.parley.api.spi.PushProviderFactory {
        @Override
        public String id() {
            return "apns";
        }

        @Override
        public PushProvider create(Map<String, String> settings) {
            if (!settings.containsKey("topic")) {
                throw new IllegalArgumentException("push.apns.topic is required");
            }
            return new Apns(settings.get("topic"));
        }
    }

    private record Apns(String name) implements PushProvider {
        @Override
        public String id() {
            return "apns-" + name;
        }

        @Override
        public String platform() {
            return "apns";
        }

        @Override
        public CompletionStage<PushResult> push(PushNotification notification) {
            return CompletableFuture.completedFuture(PushResult.DELIVERED);
        }
    }
}
