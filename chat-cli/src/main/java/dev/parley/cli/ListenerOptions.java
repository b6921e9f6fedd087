package dev.parley.cli;

import picocli.CommandLine.Option;

/** Where a server listens: shared by {@code server} and {@code demo}. */
public final class ListenerOptions {

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Interface to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "WebSocket and HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

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
