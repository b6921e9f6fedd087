package dev.parley.examples;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.parley.api.spi.ChatStore;
import dev.parley.cluster.redis.RedisCluster;
import dev.parley.core.ChatEngine;
import dev.parley.core.PushSettings;
import dev.parley.push.apns.ApnsPushProvider;
import dev.parley.push.apns.ApnsSettings;
import dev.parley.store.jdbc.JdbcChatStore;
import dev.parley.transport.mqtt.MqttTransport;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

/**
 * The Java snippets of docs/*.md, each between {@code tag::<name>[]} and {@code end::<name>[]}, so that
 * they compile against the current API; {@code DocsSnippetsTest} checks that every {@code java} block
 * of the docs is one of them, word for word. The methods only set up what a snippet needs and return
 * what it makes; nothing here is called.
 */
final class DocsSnippets {

    private DocsSnippets() {
    }

    /** docs/cluster.md: a node of a cluster, embedded. */
    static ChatEngine clusterNode(DataSource shared) {
        // tag::cluster[]
        ChatEngine engine = ChatEngine.builder()
                .store(JdbcChatStore.builder().dataSource(shared).build())
                .fanOut(RedisCluster.at("redis://redis:6379").withNodeId("node-1").fanOut())
                .build().start();
        // end::cluster[]
        return engine;
    }

    /** docs/mqtt.md: the MQTT transport in an embedding application. */
    static ChatEngine mqtt(ChatStore store) {
        // tag::mqtt[]
        ChatEngine engine = ChatEngine.builder()
                .store(store)
                .transport(MqttTransport.builder().port(1883).build())
                .build().start();
        // end::mqtt[]
        return engine;
    }

    /** docs/operations.md: the host's meter registry for the store and the engine. */
    static ChatEngine metrics(MeterRegistry registry, String url) {
        // tag::metrics[]
        JdbcChatStore store = JdbcChatStore.builder().url(url).meterRegistry(registry).build();
        ChatEngine engine = ChatEngine.builder().store(store).meterRegistry(registry).build().start();
        // end::metrics[]
        return engine;
    }

    /** docs/push.md: how a webhook's receiver checks the signature. */
    static boolean webhookSignature(String secret, String timestamp, byte[] body, String signature)
            throws GeneralSecurityException {
        // tag::webhook-signature[]
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(US_ASCII));
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        boolean valid = MessageDigest.isEqual(expected.getBytes(US_ASCII), signature.getBytes(US_ASCII));
        // end::webhook-signature[]
        return valid;
    }

    /** docs/push.md: push providers given to the builder, by id and settings or as an instance. */
    static ChatEngine pushProviders(ChatStore store, Map<String, String> settings) {
        // tag::push-providers[]
        ChatEngine engine = ChatEngine.builder()
                .store(store)
                .push(PushSettings.defaults().withPreviews(false))
                .pushProvider("apns", Map.of("topic", "com.example.chat", "key-file", "/etc/parley/AuthKey.p8",
                        "team-id", "DEF123GHIJ", "key-id", "ABC123DEFG"))
                .pushProvider(new ApnsPushProvider(ApnsSettings.from(settings)))   // or an instance
                .build();
        // end::push-providers[]
        return engine;
    }
}
