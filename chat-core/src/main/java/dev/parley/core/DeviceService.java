package dev.parley.core;

import dev.parley.api.BadRequestException;
import dev.parley.api.Device;
import dev.parley.api.DeviceId;
import dev.parley.api.NotFoundException;
import dev.parley.api.PushPreferences;
import dev.parley.api.ConversationId;
import dev.parley.api.UserId;
import dev.parley.api.spi.ChatStore;
import dev.parley.core.internal.AccessPolicy;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The devices on which a user wants push notifications. A push token belongs to one device: when a
 * phone is registered by a new user, the old owner's registration of it goes. Thread-safe.
 */
public final class DeviceService {

    private static final int MAX_MUTES = 10_000;
    private static final Pattern PLATFORM = Pattern.compile("[a-z0-9_-]{1,32}");

    private final ChatStore store;
    private final AccessPolicy policy;
    private final Clock clock;

    DeviceService(ChatStore store, AccessPolicy policy, Clock clock) {
        this.store = store;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * Registers, or re-registers, one of the user's devices.
     *
     * @param platform  which push provider reaches it, for example {@code apns}
     * @param pushToken the token the push service gave the device, at most 4096 characters
     */
    public Device register(UserId user, DeviceId device, String platform, String pushToken) {
        policy.actor(user);
        if (platform == null || !PLATFORM.matcher(platform).matches()) {
            throw new BadRequestException("a platform is 1 to 32 of a-z, 0-9, '_' and '-'");
        }
        if (pushToken == null || pushToken.isBlank() || pushToken.length() > 4096) {
            throw new BadRequestException("a push token is 1 to 4096 characters");
        }
        Device registered = new Device(user, device, platform, pushToken, clock.instant());
        store.devices().save(registered);
        return registered;
    }

    /** The user's devices. */
    public List<Device> list(UserId user) {
        return store.devices().list(user);
    }

    /**
     * Forgets one of the user's devices.
     *
     * @throws NotFoundException if the user has no such device
     */
    public void remove(UserId user, DeviceId device) {
        if (!store.devices().remove(user, device)) {
            throw new NotFoundException("no such device");
        }
    }

    /** What the user wants pushed; {@link PushPreferences#DEFAULTS} until they change it. */
    public PushPreferences preferences(UserId user) {
        policy.actor(user);
        return store.devices().preferences(user);
    }

    /**
     * Replaces what the user wants pushed: previews or not, and the conversations and senders whose
     * messages are never pushed to them.
     *
     * @throws NotFoundException   if a muted conversation is not one of the user's
     * @throws BadRequestException if more than 10,000 conversations or senders are muted
     */
    public PushPreferences setPreferences(UserId user, PushPreferences preferences) {
        policy.actor(user);
        if (preferences.mutedConversations().size() + preferences.mutedSenders().size() > MAX_MUTES) {
            throw new BadRequestException("at most " + MAX_MUTES + " conversations and senders can be muted");
        }
        for (ConversationId conversation : preferences.mutedConversations()) {
            if (store.conversations().findMember(conversation, user).isEmpty()) {
                throw new NotFoundException("no such conversation: " + conversation);
            }
        }
        store.devices().savePreferences(user, preferences);
        return preferences;
    }
}
