package dev.parley.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One of a user's devices that can receive push notifications.
 *
 * @param userId       the owner
 * @param id           the device id, unique per user
 * @param platform     which push service reaches it, matching a
 *                     {@link dev.parley.api.spi.PushProvider#platform()}, for example {@code apns}
 * @param pushToken    the token the push service gave the device
 * @param registeredAt when it was last registered
 */
public record Device(UserId userId, DeviceId id, String platform, String pushToken, Instant registeredAt) {

    /** Checks the fields. */
    public Device {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(pushToken, "pushToken");
        Objects.requireNonNull(registeredAt, "registeredAt");
    }
}
