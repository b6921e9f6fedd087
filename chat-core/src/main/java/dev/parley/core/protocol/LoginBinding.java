package dev.parley.core.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.ConflictException;
import dev.parley.api.UserId;
import dev.parley.core.ChatEngine;
import dev.parley.core.ChatSession;
import dev.parley.core.EventSink;
import dev.parley.core.LoginResult;
import dev.parley.core.internal.TokenDigest;

/**
 * Binds a connection to a user, once: after a login or a registration, the connection is a live
 * {@link ChatSession} of that user, and every request acts as them. Thread-safe; a session's requests
 * run one at a time, so only one can bind.
 */
final class LoginBinding {

    private final ChatEngine engine;
    private final EventSink sink;
    private volatile ChatSession chat;

    LoginBinding(ChatEngine engine, EventSink sink) {
        this.engine = engine;
        this.sink = sink;
    }

    /** The logged-in user, or null. */
    UserId user() {
        ChatSession session = chat;
        return session == null ? null : session.userId();
    }

    /** The live session of the user, or null before login. */
    ChatSession chatSession() {
        return chat;
    }

    /** Opens the user's session and answers the login with the user, the token and the session's id. */
    ObjectNode bind(LoginResult login) {
        if (chat != null) {
            throw new ConflictException("this session is already logged in");
        }
        // The session keeps the token's hash, which its logout revokes; the token itself is not kept.
        chat = engine.sessions().open(login.user().id(), sink, TokenDigest.hash(login.token()));
        ObjectNode data = Wire.object();
        data.set("user", Wire.user(login.user()));
        data.put("token", login.token());
        data.put("expiresAt", login.expiresAt().toString());
        data.put("sessionId", chat.id());
        return data;
    }
}
