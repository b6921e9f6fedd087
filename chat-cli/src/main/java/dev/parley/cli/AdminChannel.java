package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Where the admin commands send the admin protocol's operations: a running server
 * ({@link AdminSession}, with {@code --server}) or the console of an engine on the server's database
 * ({@link ConsoleChannel}, with {@code --db}). Both answer in the protocol's own JSON, so the commands
 * print the same either way.
 */
interface AdminChannel extends AutoCloseable {

    /** Calls an operation and returns its data; a refusal fails with its message and code. */
    JsonNode call(String op, Map<String, ?> data);

    @Override
    void close();
}
