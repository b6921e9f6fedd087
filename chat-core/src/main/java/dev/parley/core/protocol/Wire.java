package dev.parley.core.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Attachment;
import dev.parley.api.Conversation;
import dev.parley.api.Cursor;
import dev.parley.api.Device;
import dev.parley.api.FriendView;
import dev.parley.api.Friendship;
import dev.parley.api.Invitation;
import dev.parley.api.Member;
import dev.parley.api.Message;
import dev.parley.api.Presence;
import dev.parley.api.Reaction;
import dev.parley.api.Role;
import dev.parley.api.User;
import dev.parley.api.event.ChatEvent;
import dev.parley.api.event.ConversationEvent;
import dev.parley.api.event.FriendEvent;
import dev.parley.api.event.InvitationEvent;
import dev.parley.api.event.MemberEvent;
import dev.parley.api.event.MessageEvent;
import dev.parley.api.event.MessageUpdatedEvent;
import dev.parley.api.event.PresenceEvent;
import dev.parley.api.event.ReceiptEvent;
import dev.parley.api.event.TypingEvent;
import dev.parley.core.ConversationView;
import dev.parley.core.InvitationView;
import java.time.Instant;
import java.util.Locale;

/**
 * How Parley's model looks on the wire, as docs/protocol.md describes it: ids as numbers, enums in
 * lower case, instants as ISO-8601 strings, absent values left out. Stateless and thread-safe.
 */
final class Wire {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Wire() {
    }

    static ObjectNode object() {
        return JSON.objectNode();
    }

    static ArrayNode array() {
        return JSON.arrayNode();
    }

    static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static void put(ObjectNode node, String name, Instant value) {
        if (value != null) {
            node.put(name, value.toString());
        }
    }

    static ObjectNode user(User user) {
        ObjectNode node = object();
        node.put("id", user.id().value());
        node.put("username", user.username());
        node.put("displayName", user.displayName());
        ArrayNode roles = node.putArray("roles");
        user.roles().stream().map(Role::name).sorted().forEach(roles::add);
        node.put("enabled", user.enabled());
        put(node, "createdAt", user.createdAt());
        return node;
    }

    static ObjectNode presence(Presence presence) {
        ObjectNode node = object();
        node.put("online", presence.online());
        put(node, "lastSeen", presence.lastSeen());
        return node;
    }

    static ObjectNode friend(FriendView view) {
        ObjectNode node = object();
        node.set("user", user(view.user()));
        node.put("relationship", lower(view.relationship()));
        node.set("presence", presence(view.presence()));
        return node;
    }

    static ObjectNode friendship(Friendship friendship) {
        ObjectNode node = object();
        node.put("requester", friendship.requester().value());
        node.put("addressee", friendship.addressee().value());
        node.put("state", lower(friendship.state()));
        return node;
    }

    static ObjectNode conversation(Conversation conversation) {
        ObjectNode node = object();
        node.put("id", conversation.id().value());
        node.put("type", lower(conversation.type()));
        if (conversation.name() != null) {
            node.put("name", conversation.name());
        }
        node.put("createdBy", conversation.createdBy().value());
        put(node, "createdAt", conversation.createdAt());
        return node;
    }

    static ObjectNode member(Member member) {
        ObjectNode node = object();
        node.put("userId", member.userId().value());
        node.put("role", lower(member.role()));
        node.put("muted", member.muted());
        put(node, "joinedAt", member.joinedAt());
        return node;
    }

    /** What anyone may see of a user: the profile without roles or account state. */
    static ObjectNode publicUser(User user) {
        ObjectNode node = object();
        node.put("id", user.id().value());
        node.put("username", user.username());
        node.put("displayName", user.displayName());
        return node;
    }

    static ObjectNode invitation(InvitationView view) {
        return invitation(view.invitation(), view.group().name(), view.inviter());
    }

    static ObjectNode invitation(Invitation invitation, String groupName, User inviter) {
        ObjectNode node = object();
        node.put("conversationId", invitation.conversationId().value());
        if (groupName != null) {
            node.put("name", groupName);
        }
        node.set("inviter", publicUser(inviter));
        node.put("invitee", invitation.invitee().value());
        put(node, "createdAt", invitation.createdAt());
        return node;
    }

    static ObjectNode conversationView(ConversationView view) {
        ObjectNode node = conversation(view.conversation());
        ArrayNode members = node.putArray("members");
        view.members().forEach(m -> members.add(member(m)));
        node.put("lastSeq", view.lastSeq());
        node.put("deliveredSeq", view.cursor().deliveredSeq());
        node.put("readSeq", view.cursor().readSeq());
        node.put("unread", view.unread());
        if (view.lastChange() > 0) {
            node.put("lastChange", view.lastChange());
        }
        return node;
    }

    static ObjectNode cursor(Cursor cursor) {
        ObjectNode node = object();
        node.put("conversationId", cursor.conversationId().value());
        node.put("userId", cursor.userId().value());
        node.put("deliveredSeq", cursor.deliveredSeq());
        node.put("readSeq", cursor.readSeq());
        if (cursor.change() > 0) {
            node.put("changeNumber", cursor.change());
        }
        return node;
    }

    static ObjectNode attachment(Attachment attachment) {
        ObjectNode node = object();
        node.put("id", attachment.id().value());
        node.put("mimeType", attachment.mimeType());
        node.put("size", attachment.size());
        if (attachment.name() != null) {
            node.put("name", attachment.name());
        }
        if (attachment.width() != null) {
            node.put("width", attachment.width());
        }
        if (attachment.height() != null) {
            node.put("height", attachment.height());
        }
        if (attachment.durationMs() != null) {
            node.put("durationMs", attachment.durationMs());
        }
        return node;
    }

    static ObjectNode message(Message message) {
        ObjectNode node = object();
        node.put("id", message.id().value());
        node.put("conversationId", message.conversationId().value());
        node.put("seq", message.seq());
        node.put("senderId", message.senderId().value());
        if (message.clientMsgId() != null) {
            node.put("clientMsgId", message.clientMsgId());
        }
        node.put("kind", lower(message.kind()));
        if (message.text() != null) {
            node.put("text", message.text());
        }
        if (message.attachment() != null) {
            node.set("attachment", attachment(message.attachment()));
        }
        if (message.replyTo() != null) {
            node.put("replyTo", message.replyTo().value());
        }
        if (!message.reactions().isEmpty()) {
            ArrayNode reactions = node.putArray("reactions");
            for (Reaction reaction : message.reactions()) {
                ObjectNode r = reactions.addObject();
                r.put("userId", reaction.userId().value());
                r.put("emoji", reaction.emoji());
            }
        }
        put(node, "createdAt", message.createdAt());
        put(node, "editedAt", message.editedAt());
        if (message.deleted()) {
            node.put("deleted", true);
        }
        if (message.change() > 0) {
            node.put("changeNumber", message.change());
        }
        return node;
    }

    /** One entry of a sync by change number: the change, and the state of what it changed. */
    static ObjectNode changeEntry(dev.parley.core.ChangeEntry entry) {
        ObjectNode node = object();
        node.put("changeNumber", entry.change().number());
        node.put("kind", entry.change().kind().code());
        switch (entry.change().kind().entity()) {
            case MESSAGE -> node.set("message", message(entry.message()));
            case CURSOR -> node.set("cursor", cursor(entry.cursor()));
            case MEMBER -> {
                if (entry.member() != null) {
                    node.set("member", member(entry.member()));
                } else {
                    ObjectNode gone = node.putObject("member");
                    gone.put("userId", entry.change().entityId());
                    gone.put("removed", true);
                }
            }
            case CONVERSATION -> node.set("conversation", conversation(entry.conversation()));
        }
        return node;
    }

    static ObjectNode device(Device device) {
        ObjectNode node = object();
        node.put("deviceId", device.id().value());
        node.put("platform", device.platform());
        put(node, "registeredAt", device.registeredAt());
        return node;
    }

    static ObjectNode pushPreferences(dev.parley.api.PushPreferences preferences) {
        ObjectNode node = object();
        node.put("preview", preferences.preview().name().toLowerCase(java.util.Locale.ROOT));
        var conversations = node.putArray("mutedConversations");
        preferences.mutedConversations().stream().mapToLong(c -> c.value()).sorted().forEach(conversations::add);
        var senders = node.putArray("mutedSenders");
        preferences.mutedSenders().stream().mapToLong(u -> u.value()).sorted().forEach(senders::add);
        return node;
    }

    /** The event frame for an engine event: {@code {"event": name, "data": {...}}}. */
    static ObjectNode event(ChatEvent event) {
        ObjectNode data = object();
        String name;
        if (event instanceof MessageEvent e) {
            name = "message";
            data.set("message", message(e.message()));
        } else if (event instanceof MessageUpdatedEvent e) {
            name = "message.updated";
            data.put("change", lower(e.change()));
            data.set("message", message(e.message()));
        } else if (event instanceof ReceiptEvent e) {
            name = "receipt";
            data.set("cursor", cursor(e.cursor()));
        } else if (event instanceof TypingEvent e) {
            name = "typing";
            data.put("conversationId", e.conversationId().value());
            data.put("userId", e.userId().value());
            data.put("typing", e.typing());
        } else if (event instanceof PresenceEvent e) {
            name = "presence";
            data.put("userId", e.userId().value());
            data.put("online", e.presence().online());
            put(data, "lastSeen", e.presence().lastSeen());
        } else if (event instanceof FriendEvent e) {
            name = "friend";
            data.put("actor", e.actor().value());
            data.put("other", e.other().value());
            data.put("action", lower(e.action()));
        } else if (event instanceof MemberEvent e) {
            name = "member";
            data.put("conversationId", e.conversationId().value());
            data.put("actor", e.actor().value());
            data.put("member", e.member().value());
            data.put("action", lower(e.action()));
            if (e.role() != null) {
                data.put("role", lower(e.role()));
            }
            if (e.change() > 0) {
                data.put("changeNumber", e.change());
            }
        } else if (event instanceof InvitationEvent e) {
            name = "invitation";
            data.put("action", lower(e.action()));
            data.put("actor", e.actor().value());
            data.set("invitation", invitation(e.invitation(), e.groupName(), e.inviter()));
        } else if (event instanceof ConversationEvent e) {
            name = "conversation";
            data.set("conversation", conversation(e.conversation()));
            data.put("actor", e.actor().value());
            data.put("change", lower(e.change()));
            if (e.changeNumber() > 0) {
                data.put("changeNumber", e.changeNumber());
            }
        } else {
            throw new IllegalArgumentException("unknown event " + event);
        }
        return eventFrame(name, data);
    }

    static ObjectNode eventFrame(String name, ObjectNode data) {
        ObjectNode frame = object();
        frame.put("event", name);
        frame.set("data", data);
        return frame;
    }
}
