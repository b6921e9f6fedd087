package dev.parley.api.spi;

import dev.parley.api.MessageDraft;

/**
 * Lets the host application veto or rewrite a message before it is stored, for example to moderate
 * it. Interceptors run in the order they were added to the engine, after the engine's own checks
 * and before the message gets its seq.
 *
 * <p>The engine calls interceptors off the transports' I/O threads, but on the sender's request path:
 * a slow interceptor slows that sender's acks. Thread-safe.
 */
public interface MessageInterceptor extends ChatExtension {

    /**
     * Looks at a message about to be stored.
     *
     * @return the draft to store: the same one, or a rewritten one (the engine checks it again)
     * @throws dev.parley.api.MessageRejectedException to refuse it, with a reason for the sender
     */
    MessageDraft intercept(MessageDraft draft, InterceptContext context);
}
