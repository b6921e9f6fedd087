package dev.parley.auth.jwt;

import dev.parley.api.spi.ChatStore;
import dev.parley.core.ChatEngine;

/** The README's JWT setup, compiled here so that the README cannot drift from the API. */
final class JwtSetupExample {

    private JwtSetupExample() {
    }

    /** Starts an engine on the given store that logs users in with the host's HS256 tokens. */
    static ChatEngine start(ChatStore store, byte[] secret) {
        // tag::jwt[]
        ChatEngine engine = ChatEngine.builder()
                .store(store)
                .authenticator(JwtAuthenticator.builder()
                        .hmacSecret(secret)                     // or .publicKey(key), .jwkSetUrl(uri)
                        .algorithms("HS256")                    // an explicit list; never "none"
                        .issuer("https://app.example.com")
                        .audience("parley")
                        .rolesClaim("roles")                    // optional: roles for new users
                        .provisionUsers(true)                   // create users on their first login
                        .build())
                .build()
                .start();
        // end::jwt[]
        return engine;
    }
}
