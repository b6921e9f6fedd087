package dev.parley.core.internal;

import dev.parley.api.Conversation;
import dev.parley.api.Device;
import dev.parley.api.Message;
import dev.parley.api.User;
import dev.parley.api.UserId;
import dev.parley.api.spi.ChatStore;
import dev.parley.api.spi.PushNotification;
import dev.parley.api.spi.PushProvider;
import dev.parley.api.spi.PushResult;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the push providers to notify the devices of members who had no live session when a message
 * arrived. Runs on push threads of its own, so that looking up devices and talking to push services
 * never holds up the writer. A device whose token the service rejects is forgotten. Thread-safe.
 */
public final class PushDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PushDispatcher.class);
    private static final int PREVIEW_CODE_POINTS = 100;

    private final ChatStore store;
    private final Map<String, PushProvider> byPlatform = new HashMap<>();
    private final ExecutorService threads;

    /** A dispatcher over the given providers; it starts no threads if there are none. */
    public PushDispatcher(ChatStore store, List<PushProvider> providers) {
        this.store = store;
        providers.forEach(p -> byPlatform.put(p.platform(), p));
        this.threads = providers.isEmpty() ? null : Executors.newFixedThreadPool(2, Threads.named("parley-push"));
    }

    /** Queues notifications about a message for the given offline members. */
    public void notifyOffline(Message message, Collection<UserId> offline) {
        if (threads == null || offline.isEmpty()) {
            return;
        }
        List<UserId> recipients = List.copyOf(offline);
        threads.execute(() -> {
            try {
                send(message, recipients);
            } catch (RuntimeException e) {
                LOG.warn("push for message {} failed", message.id(), e);
            }
        });
    }

    private void send(Message message, List<UserId> recipients) {
        String title = title(message);
        String body = body(message);
        for (UserId recipient : recipients) {
            List<Device> devices = store.devices().list(recipient);
            if (devices.isEmpty()) {
                continue;
            }
            long unread = store.messages().countUnread(message.conversationId(), recipient);
            for (Device device : devices) {
                PushProvider provider = byPlatform.get(device.platform());
                if (provider == null) {
                    continue;
                }
                provider.push(new PushNotification(device, message, title, body, unread))
                        .whenComplete((result, failure) -> {
                            if (failure != null) {
                                LOG.warn("push provider {} failed", provider.id(), failure);
                            } else if (result == PushResult.TOKEN_INVALID) {
                                threads.execute(() -> store.devices().removeByToken(device.platform(), device.pushToken()));
                            }
                        });
            }
        }
    }

    private String title(Message message) {
        String sender = message.senderId().isSystem() ? "System"
                : store.users().findById(message.senderId()).map(User::displayName).orElse("Someone");
        Conversation conversation = store.conversations().find(message.conversationId()).orElse(null);
        if (conversation != null && conversation.isGroup()) {
            return conversation.name();
        }
        return sender;
    }

    private String body(Message message) {
        String prefix = "";
        Conversation conversation = store.conversations().find(message.conversationId()).orElse(null);
        if (conversation != null && conversation.isGroup()) {
            prefix = store.users().findById(message.senderId()).map(User::displayName).orElse("Someone") + ": ";
        }
        String text = switch (message.kind()) {
            case IMAGE -> "[image]";
            case VOICE -> "[voice message]";
            case FILE -> "[file]";
            default -> message.text() == null ? "" : message.text();
        };
        return prefix + shorten(text);
    }

    /** Cuts at a code point boundary, so that an emoji is never split in half. */
    static String shorten(String text) {
        if (text.codePointCount(0, text.length()) <= PREVIEW_CODE_POINTS) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, PREVIEW_CODE_POINTS)) + "…";
    }

    @Override
    public void close() {
        if (threads != null) {
            threads.shutdown();
            try {
                threads.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
