package dev.parley.core.protocol;

import dev.parley.api.Attachment;
import dev.parley.api.AttachmentId;
import dev.parley.api.MessageId;
import dev.parley.api.MessageKind;
import dev.parley.api.User;
import dev.parley.api.spi.Attachments;
import dev.parley.core.ChatEngine;
import java.io.InputStream;

/** The engine's {@link Attachments} for its transports: its auth and attachment services. Thread-safe. */
final class EngineAttachments implements Attachments {

    private final ChatEngine engine;

    EngineAttachments(ChatEngine engine) {
        this.engine = engine;
    }

    @Override
    public User authenticate(String token) {
        return engine.auth().authenticateToken(token);
    }

    @Override
    public long maxBytes() {
        return engine.limits().maxAttachmentBytes();
    }

    @Override
    public void checkType(MessageKind kind, String contentType) {
        engine.attachments().checkType(kind, contentType);
    }

    @Override
    public Attachment upload(User uploader, MessageKind kind, String contentType, InputStream content) {
        return engine.attachments().upload(uploader.id(), kind, contentType, content);
    }

    @Override
    public Download open(User reader, AttachmentId attachment, MessageId via) {
        return engine.attachments().open(reader.id(), attachment, via);
    }
}
