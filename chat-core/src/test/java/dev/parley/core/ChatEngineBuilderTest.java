package dev.parley.core;

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
