package dev.parley.core.protocol;

import dev.parley.api.NotFoundException;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.core.ChatEngine;

/**
 * The user a request names, by {@code username} or {@code userId}, for the operations that accept
 * either. Stateless.
 */
final class Targets {

    private Targets() {
    }

    /**
     * The user named by {@code username} if given, else by {@code userId}; not_found, naming it, if
     * none. Only admin operations name users this way, so naming the missing one tells nobody anything.
     */
    static User user(ChatEngine engine, Params p) {
        if (p.has("username")) {
            String username = p.string("username");
            return engine.users().findByUsername(username)
                    .orElseThrow(() -> new NotFoundException("no such user: " + FrameText.abbreviate(username)));
        }
        return engine.users().get(p.userId("userId"));
    }

    /** The same as {@link #user}, or null when the request names no user: a filter that matches all. */
    static UserId optionalUser(ChatEngine engine, Params p) {
        return p.has("userId") || p.has("username") ? user(engine, p).id() : null;
    }

    /** The user with this username; not_found, naming it, if none. */
    static UserId named(ChatEngine engine, String username) {
        return engine.users().findByUsername(username)
                .orElseThrow(() -> new NotFoundException("no such user: " + FrameText.abbreviate(username))).id();
    }
}
