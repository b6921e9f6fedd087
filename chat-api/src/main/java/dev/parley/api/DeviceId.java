package dev.parley.api;

/**
 * The id of one of a user's devices, chosen by the client (for example an installation id). It is
 * unique per user, not globally.
 *
 * @param value 1 to 128 characters
 */
public record DeviceId(String value) {

    /** Rejects empty and overlong ids. */
    public DeviceId {
        if (value == null || value.isEmpty() || value.length() > 128) {
            throw new IllegalArgumentException("a device id is 1 to 128 characters");
        }
    }

    /** Returns the id with the given value. */
    public static DeviceId of(String value) {
        return new DeviceId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
