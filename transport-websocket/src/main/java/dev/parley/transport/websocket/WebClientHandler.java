package dev.parley.transport.websocket;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The web client: the static files under {@code dev/parley/transport/websocket/webclient/} on the
 * classpath, served under one path ({@code /} by default), plus {@code config.json}, which tells the page
 * where the WebSocket and attachment endpoints are and which demo accounts to offer.
 *
 * <p>Only flat file names of a few known types are served, so no request can name a path outside the
 * folder. The files are small and fixed for the life of the jar: each is read once and kept, with a
 * strong ETag of its content. They carry {@code Cache-Control: no-cache}, since their names are not
 * fingerprinted: a browser revalidates and gets 304 until the jar changes. Every answer carries a
 * Content-Security-Policy that allows only the page's own scripts and styles (no inline script or
 * style, no eval), connections back to this host (HTTP, ws and wss), and images and media from this
 * host and from {@code blob:} URLs, which is how the page shows attachments it fetched with its token.
 * Thread-safe.
 */
final class WebClientHandler extends Handler.Abstract {

    /** Where the files sit on the classpath. */
    static final String RESOURCES = "dev/parley/transport/websocket/webclient/";
    private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*\\.(html|css|js|svg|png|ico|json)");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+](:\\d{1,5})?");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json; charset=utf-8");

    private final String prefix;
    private final String chatPath;
    private final String attachmentsPath;
    private final List<String> demoAccounts;
    private final String demoPassword;
    private final Map<String, Optional<StaticFile>> files = new ConcurrentHashMap<>();
    /** config.json for each context path the handler is reached under (one, unless mounted oddly). */
    private final Map<String, StaticFile> configs = new ConcurrentHashMap<>();

    /**
     * @param path            where the client is served, ending in {@code /}
     * @param chatPath        the WebSocket endpoint's path
     * @param attachmentsPath the attachment endpoint's path
     * @param demoAccounts    usernames the login screen offers, empty for none
     * @param demoPassword    their password, or null
     */
    WebClientHandler(String path, String chatPath, String attachmentsPath, List<String> demoAccounts,
                     String demoPassword) {
        this.prefix = path;
        this.chatPath = chatPath;
        this.attachmentsPath = attachmentsPath;
        this.demoAccounts = List.copyOf(demoAccounts);
        this.demoPassword = demoPassword;
    }

    /**
     * The page's configuration. The endpoints' paths are absolute, so they carry the context path of an
     * application that mounts the transport in a context of its own.
     */
    private StaticFile config(String contextPath) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("chatPath", contextPath + chatPath);
        json.put("attachmentsPath", contextPath + attachmentsPath);
        if (!demoAccounts.isEmpty()) {
            ObjectNode demo = json.putObject("demo");
            ArrayNode users = demo.putArray("users");
            demoAccounts.forEach(users::add);
            demo.put("password", demoPassword);
        }
        return new StaticFile(json.toString().getBytes(StandardCharsets.UTF_8), TYPES.get("json"));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String target = Request.getPathInContext(request);
        if (!target.startsWith(prefix) && !(target + "/").equals(prefix)) {
            return false;
        }
        if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
            return false;
        }
        if ((target + "/").equals(prefix)) {
            // The page's relative links need the trailing slash.
            response.setStatus(301);
            response.getHeaders().put(HttpHeader.LOCATION, prefix);
            callback.succeeded();
            return true;
        }
        String name = target.substring(prefix.length());
        if (name.isEmpty()) {
            name = "index.html";
        }
        String contextPath = Request.getContextPath(request);
        StaticFile file = name.equals("config.json")
                ? configs.computeIfAbsent(contextPath == null || contextPath.equals("/") ? "" : contextPath, this::config)
                : FILE_NAME.matcher(name).matches() ? files.computeIfAbsent(name, WebClientHandler::load).orElse(null)
                : null;
        if (file == null) {
            return false;
        }
        securityHeaders(request, response);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put(HttpHeader.ETAG, file.etag());
        if (file.etag().equals(request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
            response.setStatus(304);
            callback.succeeded();
            return true;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, file.type());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, file.bytes().length);
        if (HttpMethod.HEAD.is(request.getMethod())) {
            callback.succeeded();
        } else {
            response.write(true, ByteBuffer.wrap(file.bytes()), callback);
        }
        return true;
    }

    private static void securityHeaders(Request request, Response response) {
        String host = request.getHeaders().get(HttpHeader.HOST);
        // 'self' covers ws: and wss: in current browsers; they are named as well for older ones. A Host
        // header that is not a plain host and port is left out rather than copied into the policy.
        String sockets = host != null && HOST.matcher(host).matches() ? " ws://" + host + " wss://" + host : "";
        response.getHeaders().put("Content-Security-Policy", "default-src 'none'; script-src 'self'; "
                + "style-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; connect-src 'self'" + sockets
                + "; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        response.getHeaders().put("X-Frame-Options", "DENY");
    }

    private static Optional<StaticFile> load(String name) {
        try (InputStream in = WebClientHandler.class.getClassLoader().getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                return Optional.empty();
            }
            String extension = name.substring(name.lastIndexOf('.') + 1);
            return Optional.of(new StaticFile(in.readAllBytes(), TYPES.get(extension)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the web client's " + name, e);
        }
    }

    /** One file's bytes, content type and ETag. */
    private record StaticFile(byte[] bytes, String type, String etag) {

        StaticFile(byte[] bytes, String type) {
            this(bytes, type, etag(bytes));
        }

        private static String etag(byte[] bytes) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
                return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
        }
    }
}
