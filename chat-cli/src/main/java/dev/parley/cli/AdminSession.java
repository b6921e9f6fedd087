package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.ChatClient;
import dev.parley.client.ChatClientException;
import dev.parley.client.Reply;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

/** A logged-in admin connection to a running server, for the admin commands. */
final class AdminSession implements AdminChannel {

    private final ChatClient client;

    private AdminSession(ChatClient client) {
        this.client = client;
    }

    /** Connects to the server in the options and logs in as its admin. */
    static AdminSession open(ServerOptions options) {
        if (options.server == null || options.server.isBlank()) {
            throw new CliException("say which server: --server ws://host:8080/chat (or PARLEY_SERVER)");
        }
        URI uri;
        try {
            uri = URI.create(options.server);
        } catch (IllegalArgumentException e) {
            throw new CliException("not a server URL: " + options.server);
        }
        ChatClient client;
        try {
            client = ChatClient.connect(uri);
        } catch (IOException e) {
            throw new CliException("cannot reach the server at " + uri + ": " + e.getMessage(), e);
        }
        String password = options.passwordOrEnvironment();
        try {
            client.login(options.admin, password);
        } catch (ChatClientException e) {
            client.close();
            throw new CliException(e.code().equals("unauthorized")
                    ? "the server refused the admin login for '" + options.admin + "': wrong username or password"
                    : "the server refused the login: " + e.getMessage(), e);
        }
        return new AdminSession(client);
    }

    /** Calls an operation and returns its data, or fails with the server's message. */
    @Override
    public JsonNode call(String op, Map<String, ?> data) {
        Reply reply;
        try {
            reply = client.call(op, data);
        } catch (ChatClientException e) {
            throw new CliException("the server did not answer: " + e.getMessage(), e);
        }
        if (!reply.ok()) {
            throw new CliException(reply.errorMessage() + " (" + reply.errorCode() + ")");
        }
        return reply.data();
    }

    ChatClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }
}
