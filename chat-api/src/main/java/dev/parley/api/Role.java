package dev.parley.api;

import java.util.regex.Pattern;

/**
 * A role a user holds. Parley knows {@link #ADMIN} and {@link #USER}; a host application may add
 * roles of its own, which Parley stores and reports but gives no meaning.
 *
 * @param name 1 to 32 characters from {@code [a-z0-9_-]}
 */
public record Role(String name) {

    private static final Pattern FORM = Pattern.compile("[a-z0-9_-]{1,32}");

    /** May send system notices and use the admin operations. */
    public static final Role ADMIN = new Role("admin");

    /** Every registered user holds this role. */
    public static final Role USER = new Role("user");

    /** Rejects names outside the documented form. */
    public Role {
        if (name == null || !FORM.matcher(name).matches()) {
            throw new IllegalArgumentException("a role name is 1 to 32 characters of [a-z0-9_-]: " + name);
        }
    }

    /** Returns the role with the given name. */
    public static Role of(String name) {
        return new Role(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
