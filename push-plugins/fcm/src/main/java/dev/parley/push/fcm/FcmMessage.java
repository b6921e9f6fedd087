package dev.parley.push.fcm;

import com.google.gson.JsonObject;
import dev.parley.api.spi.PushNotification;

/**
 * The HTTP v1 request body for one notification: a visible {@code notification}, the ids in
 * {@code data} (strings, as FCM requires), and per platform the collapse key, the badge and the
 * priority (high for urgent ones).
 */
final class FcmMessage {

    private FcmMessage() {
    }

    static String json(PushNotification n) {
        JsonObject notification = new JsonObject();
        notification.addProperty("title", n.title());
        notification.addProperty("body", n.body());

        JsonObject data = new JsonObject();
        data.addProperty("conversationId", Long.toString(n.conversationId().value()));
        data.addProperty("messageId", Long.toString(n.message().id().value()));
        data.addProperty("seq", Long.toString(n.message().seq()));
        data.addProperty("badge", Long.toString(n.badge()));

        JsonObject androidNotification = new JsonObject();
        androidNotification.addProperty("tag", n.collapseKey());
        androidNotification.addProperty("notification_count", (int) Math.min(Integer.MAX_VALUE, n.badge()));
        JsonObject android = new JsonObject();
        android.addProperty("collapse_key", n.collapseKey());
        android.addProperty("priority", n.urgent() ? "HIGH" : "NORMAL");
        android.add("notification", androidNotification);

        JsonObject aps = new JsonObject();
        aps.addProperty("badge", (int) Math.min(Integer.MAX_VALUE, n.badge()));
        aps.addProperty("thread-id", n.collapseKey());
        JsonObject apnsPayload = new JsonObject();
        apnsPayload.add("aps", aps);
        JsonObject apnsHeaders = new JsonObject();
        apnsHeaders.addProperty("apns-collapse-id", n.collapseKey());
        apnsHeaders.addProperty("apns-priority", "10");
        JsonObject apns = new JsonObject();
        apns.add("headers", apnsHeaders);
        apns.add("payload", apnsPayload);

        JsonObject message = new JsonObject();
        message.addProperty("token", n.device().pushToken());
        message.add("notification", notification);
        message.add("data", data);
        message.add("android", android);
        message.add("apns", apns);
        JsonObject root = new JsonObject();
        root.add("message", message);
        return root.toString();
    }
}
