package dev.parley.cli;

import dev.parley.api.StoreException;
import dev.parley.api.spi.TlsKeyMaterial;
import dev.parley.core.ChatEngine;
import dev.parley.core.ChatEngineBuilder;
import dev.parley.core.blob.FileSystemBlobStore;
import dev.parley.store.jdbc.JdbcChatStore;
import dev.parley.store.jdbc.JdbcChatStoreBuilder;
import dev.parley.transport.mqtt.MqttTransport;
import dev.parley.transport.tcp.TcpTransport;
import dev.parley.transport.websocket.WebSocketTransport;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Builds and starts engines for the commands, turning start-up failures into one-line messages. */
final class Servers {

    private Servers() {
    }

    /** A store on the given database. */
    static JdbcChatStore store(String url, String user, String password) {
        return store(url, user, password, null);
    }

    /** A store on the given database, metering its pool and caches into the registry unless it is null. */
    static JdbcChatStore store(String url, String user, String password, io.micrometer.core.instrument.MeterRegistry registry) {
        JdbcChatStoreBuilder builder = JdbcChatStore.builder().url(h2ClosedByUs(url));
        if (registry != null) {
            builder.meterRegistry(registry);
        }
        if (user != null) {
            builder.user(user);
        }
        if (password != null) {
            builder.password(password);
        }
        return builder.build();
    }

    /**
     * An H2 URL with H2's own shutdown hook turned off. Otherwise H2 closes the database on SIGTERM at
     * the same time as the server's hook closes the engine, and the work that the engine lets finish
     * (presence announcements, queued messages) fails on a closed database. The engine closes the store
     * last, which closes the database.
     */
    static String h2ClosedByUs(String url) {
        if (!url.startsWith("jdbc:h2:") || url.toUpperCase(java.util.Locale.ROOT).contains("DB_CLOSE_ON_EXIT")) {
            return url;
        }
        return url + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    /**
     * A started engine with a WebSocket listener, unless turned off a TCP listener, and an MQTT listener
     * if {@code --mqtt-port} is given; fails with a
     * friendly message. {@code customize} may add start-up actions ({@link ChatEngineBuilder#onStarted}),
     * which run before the listeners accept anything.
     *
     * @param tls TLS for every listener, or null for none
     */
    static Running start(String databaseUrl, JdbcChatStore store, Path attachments, ListenerOptions listeners, LimitOptions limits,
                         TlsOptions tls, Consumer<ChatEngineBuilder> customize) {
        try {
            WebSocketTransport.Builder ws = WebSocketTransport.builder().host(listeners.host).port(listeners.port);
            if (!listeners.allowedOrigins.isEmpty()) {
                ws.allowedOrigins(listeners.allowedOrigins);
            }
            limits.applyTo(ws);
            listeners.applyWebClient(ws);
            TlsKeyMaterial keys = tls != null && tls.enabled() ? tls.material() : null;
            if (keys != null) {
                ws.tls(keys);
            }
            WebSocketTransport transport = ws.build();
            ChatEngineBuilder builder = ChatEngine.builder().store(store).transport(transport);
            limits.applyTo(builder);
            TcpTransport tcp = null;
            if (!listeners.noTcp) {
                TcpTransport.Builder tcpBuilder = TcpTransport.builder().host(listeners.host).port(listeners.tcpPort);
                limits.applyTo(tcpBuilder);
                if (keys != null) {
                    tcpBuilder.tls(keys);
                }
                tcp = tcpBuilder.build();
                builder.transport(tcp);
            }
            MqttTransport mqtt = null;
            if (listeners.mqttPort != null) {
                MqttTransport.Builder mqttBuilder = MqttTransport.builder().host(listeners.host).port(listeners.mqttPort);
                limits.applyTo(mqttBuilder);
                if (keys != null) {
                    mqttBuilder.tls(keys);
                }
                mqtt = mqttBuilder.build();
                builder.transport(mqtt);
            }
            if (attachments != null) {
                builder.blobStore(new FileSystemBlobStore(attachments));
            }
            customize.accept(builder);
            return new Running(builder.build().start(), transport, tcp, mqtt);
        } catch (CliException e) {
            throw e;
        } catch (RuntimeException e) {
            throw friendly(e, listeners.port, databaseUrl);
        }
    }

    private static final java.util.regex.Pattern LISTEN = java.util.regex.Pattern.compile("could not listen on (\\S+):(\\d+)");

    private static final java.util.regex.Pattern DATABASE_HOST = java.util.regex.Pattern.compile("^jdbc:[a-z0-9]+://([^/?;]+)");

    /**
     * Turns a start-up failure into one line that says what to do, naming the port that is taken, the
     * database host that cannot be reached, or the H2 file that another process holds.
     *
     * @param port        the port to name if the failure does not say which
     * @param databaseUrl the database's URL, to name its host
     */
    static CliException friendly(RuntimeException e, int port, String databaseUrl) {
        if (rootMessage(e).toLowerCase(java.util.Locale.ROOT).contains("address already in use")) {
            java.util.regex.Matcher which = LISTEN.matcher(String.valueOf(e.getMessage()));
            String taken = which.find() ? which.group(2) : Integer.toString(port);
            return new CliException("port " + taken + " is already in use; choose another with --port, --tcp-port or --mqtt-port", e);
        }
        if (isDatabaseFailure(e)) {
            String message = rootMessage(e);
            String lower = message.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("file is locked") || lower.contains("database may be already in use")) {
                return new CliException("the database " + databaseUrl + " is in use by another process, probably a "
                        + "running server: stop the server or use --server ws://HOST:8080/chat instead of --db", e);
            }
            java.util.regex.Matcher host = DATABASE_HOST.matcher(databaseUrl == null ? "" : databaseUrl);
            if (host.find() && (lower.contains("communications link failure") || lower.contains("connection refused")
                    || lower.contains("unknownhost") || lower.contains("connect timed out")
                    || lower.contains("could not connect"))) {
                return new CliException("cannot reach the database server at " + host.group(1) + " (" + databaseUrl
                        + "): is it running, and is the address right?", e);
            }
            return new CliException("cannot open the database " + databaseUrl + ": " + message, e);
        }
        return new CliException(rootMessage(e), e);
    }

    private static boolean isDatabaseFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StoreException || t instanceof java.sql.SQLException
                    || t.getClass().getName().startsWith("com.zaxxer.hikari")) {
                return true;
            }
        }
        return false;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        String top = e.getMessage();
        if (top != null && root != e && !top.equals(message)) {
            return top + ": " + message;
        }
        return message;
    }

    /** A running engine and its listener. */
    record Running(ChatEngine engine, WebSocketTransport webSocket, TcpTransport tcp, MqttTransport mqtt) {

        /** The web client's address, for the ready message, or empty when it is off. */
        java.util.Optional<java.net.URI> webClient() {
            return webSocket.webClientUri();
        }

        /** One line naming the listeners, for the ready message. */
        String listeners() {
            return webSocket.uri() + (tcp == null ? "" : " and tcp://" + host() + ":" + tcp.port()
                    + (tcp.isTls() ? " (TLS)" : ""))
                    + (mqtt == null ? "" : " and mqtt://" + host() + ":" + mqtt.port() + (mqtt.isTls() ? " (TLS)" : ""));
        }

        private String host() {
            return webSocket.uri().getHost();
        }
    }
}
