package dev.parley.bench.load;

/** How a load connection reaches its server. */
public enum Wire {
    /** One JSON text frame per WebSocket message. */
    WS,
    /** One JSON object per line over plain TCP. */
    TCP
}
