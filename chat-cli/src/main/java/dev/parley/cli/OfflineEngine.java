package dev.parley.cli;

import dev.parley.api.ChatException;
import dev.parley.core.ChatEngine;
import java.util.function.Supplier;

/**
 * An engine without transports on a server's database, for the admin commands run with {@code --db}:
 * the same store and services a server uses, so offline changes follow the same rules.
 */
final class OfflineEngine {

    private OfflineEngine() {
    }

    /** Starts an engine on the database in the options; fails with a one-line message. */
    static ChatEngine start(DatabaseOptions database) {
        try {
            return ChatEngine.builder()
                    .store(Servers.store(database.urlOrDefault(), database.user, database.password()))
                    .build().start();
        } catch (RuntimeException e) {
            throw Servers.friendly(e, 0, database.urlOrDefault());
        }
    }

    /** Runs a service call, turning a refusal into a one-line message with its code. */
    static <T> T guard(Supplier<T> action) {
        try {
            return action.get();
        } catch (ChatException e) {
            throw new CliException(e.getMessage() + " (" + e.errorCode().code() + ")", e);
        }
    }
}
