package dev.parley.bench.load;

/** How a load connection reaches its server. */
public enum Wire {
    /** One JSON text frame per WebSocket message. */
    WS,
    /** One JSON object per line over plain TCP. */
    TCP,
    /**
     * MQTT 3.1.1 with Parley's native topics: a send is a QoS 1 PUBLISH of the text to the
     * conversation's send topic (PUBACK after commit), a delivery a PUBLISH on the conversation's topic.
     * Parley only: the baselines do not speak it.
     */
    MQTT
}
