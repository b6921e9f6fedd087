package dev.parley.cli;

import picocli.CommandLine.Option;

/** Where a server listens: shared by {@code server} and {@code demo}. */
public final class ListenerOptions {

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Interface to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "WebSocket and HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--web-client", defaultValue = "/", paramLabel = "PATH|off",
            description = "Path of the web client, the chat page for browsers, on --port; 'off' serves none (default: ${DEFAULT-VALUE}).")
    String webClient;

    /** Accounts the web client's login screen offers with their password; set by {@code demo}, not an option. */
    java.util.List<String> demoAccounts = java.util.List.of();
    String demoPassword;

    /** Serves the web client where {@code --web-client} says, or turns it off. */
    void applyWebClient(dev.parley.transport.websocket.WebSocketTransport.Builder ws) {
        if ("off".equalsIgnoreCase(webClient)) {
            ws.webClient(false);
            return;
        }
        if (!webClient.startsWith("/")) {
            throw new CliException("--web-client must be a path starting with '/', or 'off', not '" + webClient + "'", 2, null);
        }
        ws.webClientPath(webClient).webClientDemoAccounts(demoAccounts, demoPassword);
    }

    @Option(names = "--tcp-port", defaultValue = "9090", description = "Port of the JSON-lines TCP listener (default: ${DEFAULT-VALUE}).")
    int tcpPort;

    @Option(names = "--no-tcp", description = "Do not listen for TCP clients.")
    boolean noTcp;

    /**
     * Off unless given: MQTT's own port 1883 is where a local broker such as Mosquitto usually listens,
     * so a default of 1883 would make a plain {@code parley server} fail to start on such a machine.
     */
    @Option(names = "--mqtt-port", paramLabel = "PORT",
            description = "Port of the MQTT 3.1.1 and 5 listener, such as 1883; no MQTT listener unless given.")
    Integer mqttPort;

    @Option(names = "--allowed-origin", split = ",", description = "Browser origins allowed to connect, such as https://chat.example.com; '*' for any.")
    java.util.List<String> allowedOrigins = new java.util.ArrayList<>();
}
