package dev.parley.store.memory;

import dev.parley.api.UserId;

/** An unordered pair of users, as a map key: (a, b) equals (b, a). */
record UserPair(UserId low, UserId high) {

    static UserPair of(UserId a, UserId b) {
        return a.value() <= b.value() ? new UserPair(a, b) : new UserPair(b, a);
    }
}
