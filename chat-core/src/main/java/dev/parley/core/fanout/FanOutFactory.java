package dev.parley.core.fanout;

import dev.parley.core.SessionRegistry;

/**
 * Creates an engine's {@link FanOut}. Given to {@link dev.parley.core.ChatEngineBuilder#fanOut}, it is
 * called once, while the engine is built, with the engine's own registry of local sessions: the
 * fan-out delivers to those (a {@link LocalFanOut} over the registry does exactly that) and, for a
 * cluster, also to other nodes.
 */
@FunctionalInterface
public interface FanOutFactory {

    /**
     * Creates the fan-out. It must not connect anything yet: the engine calls {@link FanOut#start()}.
     *
     * @param localSessions the live sessions of this engine, not yet holding any
     */
    FanOut create(SessionRegistry localSessions);
}
