package dev.parley.api.spi;

import dev.parley.api.Device;
import dev.parley.api.DeviceId;
import dev.parley.api.PushPreferences;
import dev.parley.api.UserId;
import java.util.List;

/** Stores users' devices, their push tokens, and what each user wants pushed. Thread-safe. */
public interface DeviceStore {

    /**
     * Registers a device, replacing the user's device with the same id. A push token belongs to one
     * device only: if another device, of this user or another, had the same platform and token, it is
     * removed, so that a phone that changes hands stops receiving the old owner's notifications.
     */
    void save(Device device);

    /** Lists a user's devices in the order they were saved; saving a device again moves it last. */
    List<Device> list(UserId user);

    /** Removes one device; returns whether there was one. */
    boolean remove(UserId user, DeviceId device);

    /**
     * Removes every device with this platform and token, for example after the push service said the
     * token is no longer valid; returns how many.
     */
    int removeByToken(String platform, String pushToken);

    /** The user's push preferences; {@link PushPreferences#DEFAULTS} for a user who saved none. */
    PushPreferences preferences(UserId user);

    /** Replaces the user's push preferences. */
    void savePreferences(UserId user, PushPreferences preferences);
}
