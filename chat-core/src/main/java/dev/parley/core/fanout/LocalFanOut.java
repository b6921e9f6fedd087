package dev.parley.core.fanout;

import dev.parley.api.UserId;
import dev.parley.api.event.ChatEvent;
import dev.parley.core.ChatSession;
import dev.parley.core.SessionRegistry;
import java.util.Collection;
import java.util.Objects;

/** Delivers events to the sessions of this process only. Thread-safe; never blocks. */
public final class LocalFanOut implements FanOut {

    private final SessionRegistry sessions;

    /** A fan-out over the given registry. */
    public LocalFanOut(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    @Override
    public String id() {
        return "local";
    }

    @Override
    public void deliver(Collection<UserId> recipients, ChatEvent event) {
        reach(recipients, event, null);
    }

    @Override
    public void deliver(Collection<UserId> recipients, ChatEvent event, ChatSession except) {
        reach(recipients, event, Objects.requireNonNull(except, "except"));
    }

    private void reach(Collection<UserId> recipients, ChatEvent event, ChatSession except) {
        for (UserId recipient : recipients) {
            for (ChatSession session : sessions.sessionsOf(recipient)) {
                if (session != except) {
                    session.deliver(event);
                }
            }
        }
    }

    @Override
    public boolean isOnline(UserId user) {
        return sessions.isOnline(user);
    }

    /** Only this process holds sessions, so every local change is a change everywhere. */
    @Override
    public boolean localPresenceChanged(UserId user, boolean online) {
        return true;
    }

    @Override
    public void closeAll(UserId user, String reason) {
        sessions.closeAll(user, reason);
    }

    @Override
    public void closeWithToken(String tokenHash, String reason) {
        sessions.closeWithToken(tokenHash, reason);
    }
}
