package dev.parley.store.jdbc;

import dev.parley.api.Device;
import dev.parley.api.DeviceId;
import dev.parley.api.UserId;
import dev.parley.api.spi.DeviceStore;
import java.util.List;

/**
 * Devices in {@code devices}. A save deletes the user's device with the same id and any device
 * with the same platform and push token, then inserts, so that the row id orders a user's devices by
 * when they were last saved; a unique key on (platform, push_token) keeps a token on one device even
 * under concurrent saves. Not cached. Thread-safe.
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
}
