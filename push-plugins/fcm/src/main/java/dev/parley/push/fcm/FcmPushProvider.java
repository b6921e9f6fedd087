package dev.parley.push.fcm;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.parley.api.spi.PushNotification;
import dev.parley.api.spi.PushProvider;
import dev.parley.api.spi.PushResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes to Android, iOS and web apps through Firebase Cloud Messaging's HTTP v1 API. Requests carry an
 * OAuth2 access token of the service account, which google-auth-library gets from the token URI and
 * refreshes before it expires, on a thread of this provider's own, so that no push thread waits on it.
 * Thread-safe.
 *
 * <p>Answers: 200 is {@link PushResult#DELIVERED}; {@code UNREGISTERED} (404) and
 * {@code SENDER_ID_MISMATCH} are {@link PushResult#TOKEN_INVALID}; {@code UNAVAILABLE}, {@code INTERNAL},
 * {@code QUOTA_EXCEEDED} (503, 500, 429), a token server or connection that fails are
 * {@link PushResult#RETRY_LATER}; anything else, such as {@code INVALID_ARGUMENT}, is {@link PushResult#FAILED}.
 */
public final class FcmPushProvider implements PushProvider {

    private static final Logger LOG = LoggerFactory.getLogger(FcmPushProvider.class);
    static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

    private final FcmSettings settings;
    private volatile GoogleCredentials credentials;
    private volatile URI sendUri;
    private volatile HttpClient client;
    private volatile ExecutorService tokens;

    /** A provider with these settings; it reads the key file in {@link #start()}. */
    public FcmPushProvider(FcmSettings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return "fcm";
    }

    @Override
    public String platform() {
        return "fcm";
    }

    @Override
    public void start() {
        ServiceAccountCredentials account;
        try (InputStream in = Files.newInputStream(settings.credentialsFile())) {
            account = ServiceAccountCredentials.fromStream(in);
        } catch (IOException e) {
            throw new IllegalStateException("push provider fcm: cannot read the service account key "
                    + settings.credentialsFile() + ": " + e.getMessage(), e);
        }
        if (settings.tokenUri() != null) {
            account = account.toBuilder().setTokenServerUri(settings.tokenUri()).build();
        }
        String project = settings.projectId() != null ? settings.projectId() : account.getProjectId();
        if (project == null) {
            throw new IllegalStateException("push provider fcm: the key file has no project_id; set push.fcm.project-id");
        }
        credentials = account.createScoped(List.of(SCOPE));
        sendUri = URI.create(settings.baseUrl() + "/v1/projects/" + project + "/messages:send");
        client = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        tokens = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "parley-push-fcm-token");
            thread.setDaemon(true);
            return thread;
        });
        LOG.info("FCM push provider started for project {} at {}", project, settings.baseUrl());
    }

    @Override
    public CompletionStage<PushResult> push(PushNotification notification) {
        HttpClient http = client;
        ExecutorService tokenThread = tokens;
        if (http == null || tokenThread == null) {
            return CompletableFuture.completedFuture(PushResult.RETRY_LATER);
        }
        String body = FcmMessage.json(notification);
        return CompletableFuture.supplyAsync(this::accessToken, tokenThread)
                .thenCompose(token -> http.sendAsync(HttpRequest.newBuilder(sendUri)
                        .timeout(settings.timeout())
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.ofString()))
                .handle((response, failure) -> {
                    if (failure != null) {
                        LOG.warn("FCM did not answer: {}", failure.toString());
                        return PushResult.RETRY_LATER;
                    }
                    return result(response.statusCode(), response.body());
                });
    }

    private String accessToken() {
        try {
            credentials.refreshIfExpired();
            AccessToken token = credentials.getAccessToken();
            if (token == null) {
                throw new IllegalStateException("the token server gave no access token");
            }
            return token.getTokenValue();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot get an FCM access token: " + e.getMessage(), e);
        }
    }

    static PushResult result(int status, String body) {
        if (status == 200) {
            return PushResult.DELIVERED;
        }
        String code = errorCode(body);
        if ("UNREGISTERED".equals(code) || "SENDER_ID_MISMATCH".equals(code) || status == 404) {
            return PushResult.TOKEN_INVALID;
        }
        if ("UNAVAILABLE".equals(code) || "INTERNAL".equals(code) || "QUOTA_EXCEEDED".equals(code)
                || status == 429 || status >= 500) {
            LOG.info("FCM asks to try again later: {} {}", status, code);
            return PushResult.RETRY_LATER;
        }
        LOG.warn("FCM refused a notification: {} {}", status, code);
        return PushResult.FAILED;
    }

    /** The FCM error code in {@code error.details[].errorCode}, else {@code error.status}, else null. */
    static String errorCode(String body) {
        try {
            JsonObject error = JsonParser.parseString(body).getAsJsonObject().getAsJsonObject("error");
            if (error == null) {
                return null;
            }
            if (error.has("details")) {
                for (JsonElement detail : error.getAsJsonArray("details")) {
                    JsonObject d = detail.getAsJsonObject();
                    if (d.has("errorCode")) {
                        return d.get("errorCode").getAsString();
                    }
                }
            }
            return error.has("status") ? error.get("status").getAsString() : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    @Override
    public void close() {
        client = null;
        ExecutorService tokenThread = tokens;
        tokens = null;
        if (tokenThread != null) {
            tokenThread.shutdownNow();
        }
    }
}
