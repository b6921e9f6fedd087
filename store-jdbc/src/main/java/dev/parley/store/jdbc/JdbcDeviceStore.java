package dev.parley.store.jdbc;

import dev.parley.api.Device;
import dev.parley.api.ConversationId;
import dev.parley.api.DeviceId;
import dev.parley.api.PushPreferences;
import dev.parley.api.UserId;
import dev.parley.api.spi.DeviceStore;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Devices in {@code devices}. A save deletes the user's device with the same id and any device
 * with the same platform and push token, then inserts, so that the row id orders a user's devices by
 * when they were last saved; a unique key on (platform, push_token) keeps a token on one device even
 * under concurrent saves. Push preferences live in {@code push_previews} and {@code push_mutes}. Not cached.
 * Thread-safe.
 */
final class JdbcDeviceStore implements DeviceStore {

    private final Database database;

    JdbcDeviceStore(Database database) {
        this.database = database;
    }

    @Override
    public void save(Device device) {
        database.inTransactionRetrying(h -> {
            h.createUpdate("DELETE FROM devices WHERE (user_id = ? AND device_id = ?) OR (platform = ? AND push_token = ?)")
                    .bind(0, device.userId().value())
                    .bind(1, device.id().value())
                    .bind(2, device.platform())
                    .bind(3, device.pushToken())
                    .execute();
            h.createUpdate("INSERT INTO devices (user_id, device_id, platform, push_token, registered_at) "
                            + "VALUES (?, ?, ?, ?, ?)")
                    .bind(0, device.userId().value())
                    .bind(1, device.id().value())
                    .bind(2, device.platform())
                    .bind(3, device.pushToken())
                    .bind(4, EpochMicros.of(device.registeredAt()))
                    .execute();
            return null;
        });
    }

    @Override
    public List<Device> list(UserId user) {
        return database.withHandle(h -> h.createQuery("SELECT device_id, platform, push_token, registered_at "
                        + "FROM devices WHERE user_id = ? ORDER BY id")
                .bind(0, user.value())
                .map((rs, ctx) -> new Device(user, DeviceId.of(rs.getString(1)), rs.getString(2), rs.getString(3),
                        EpochMicros.toInstant(rs.getLong(4))))
                .list());
    }

    @Override
    public boolean remove(UserId user, DeviceId device) {
        return database.withHandle(h -> h.createUpdate("DELETE FROM devices WHERE user_id = ? AND device_id = ?")
                .bind(0, user.value())
                .bind(1, device.value())
                .execute()) > 0;
    }

    @Override
    public int removeByToken(String platform, String pushToken) {
        return database.withHandle(h -> h.createUpdate("DELETE FROM devices WHERE platform = ? AND push_token = ?")
                .bind(0, platform)
                .bind(1, pushToken)
                .execute());
    }

    @Override
    public PushPreferences preferences(UserId user) {
        return database.withHandle(h -> {
            PushPreferences.Preview preview = h.createQuery("SELECT preview FROM push_previews WHERE user_id = ?")
                    .bind(0, user.value())
                    .mapTo(String.class)
                    .findOne()
                    .map(PushPreferences.Preview::valueOf)
                    .orElse(PushPreferences.Preview.DEFAULT);
            Set<ConversationId> conversations = new HashSet<>();
            Set<UserId> senders = new HashSet<>();
            h.createQuery("SELECT kind, target FROM push_mutes WHERE user_id = ?")
                    .bind(0, user.value())
                    .map((rs, ctx) -> {
                        if ("c".equals(rs.getString(1))) {
                            conversations.add(ConversationId.of(rs.getLong(2)));
                        } else {
                            senders.add(UserId.of(rs.getLong(2)));
                        }
                        return null;
                    })
                    .list();
            return new PushPreferences(preview, conversations, senders);
        });
    }

    @Override
    public void savePreferences(UserId user, PushPreferences preferences) {
        database.inTransactionRetrying(h -> {
            h.createUpdate("DELETE FROM push_previews WHERE user_id = ?").bind(0, user.value()).execute();
            h.createUpdate("DELETE FROM push_mutes WHERE user_id = ?").bind(0, user.value()).execute();
            h.createUpdate("INSERT INTO push_previews (user_id, preview) VALUES (?, ?)")
                    .bind(0, user.value())
                    .bind(1, preferences.preview().name())
                    .execute();
            var mutes = h.prepareBatch("INSERT INTO push_mutes (user_id, kind, target) VALUES (?, ?, ?)");
            preferences.mutedConversations().forEach(c -> mutes.bind(0, user.value()).bind(1, "c").bind(2, c.value()).add());
            preferences.mutedSenders().forEach(u -> mutes.bind(0, user.value()).bind(1, "u").bind(2, u.value()).add());
            if (mutes.size() > 0) {
                mutes.execute();
            }
            return null;
        });
    }
}
