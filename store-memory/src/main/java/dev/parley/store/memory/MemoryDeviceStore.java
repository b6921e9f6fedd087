package dev.parley.store.memory;

import dev.parley.api.Device;
import dev.parley.api.DeviceId;
import dev.parley.api.PushPreferences;
import dev.parley.api.UserId;
import dev.parley.api.spi.DeviceStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Devices per user under one lock. Thread-safe. */
final class MemoryDeviceStore implements DeviceStore {

    private final Map<UserId, LinkedHashMap<DeviceId, Device>> devices = new HashMap<>();
    private final Map<UserId, PushPreferences> preferences = new HashMap<>();

    @Override
    public synchronized void save(Device device) {
        removeByToken(device.platform(), device.pushToken());
        LinkedHashMap<DeviceId, Device> ofUser = devices.computeIfAbsent(device.userId(), u -> new LinkedHashMap<>());
        ofUser.remove(device.id());
        ofUser.put(device.id(), device);
    }

    @Override
    public synchronized List<Device> list(UserId user) {
        LinkedHashMap<DeviceId, Device> ofUser = devices.get(user);
        return ofUser == null ? List.of() : new ArrayList<>(ofUser.values());
    }

    @Override
    public synchronized boolean remove(UserId user, DeviceId device) {
        LinkedHashMap<DeviceId, Device> ofUser = devices.get(user);
        return ofUser != null && ofUser.remove(device) != null;
    }

    @Override
    public synchronized int removeByToken(String platform, String pushToken) {
        int removed = 0;
        for (LinkedHashMap<DeviceId, Device> ofUser : devices.values()) {
            var it = ofUser.values().iterator();
            while (it.hasNext()) {
                Device device = it.next();
                if (device.platform().equals(platform) && device.pushToken().equals(pushToken)) {
                    it.remove();
                    removed++;
                }
            }
        }
        return removed;
    }

    @Override
    public synchronized PushPreferences preferences(UserId user) {
        return preferences.getOrDefault(user, PushPreferences.DEFAULTS);
    }

    @Override
    public synchronized void savePreferences(UserId user, PushPreferences saved) {
        preferences.put(user, java.util.Objects.requireNonNull(saved, "preferences"));
    }
}
