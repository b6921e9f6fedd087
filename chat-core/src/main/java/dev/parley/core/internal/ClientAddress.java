package dev.parley.core.internal;

/** The part of a transport's remote address that names the client's host, for limits per address. */
public final class ClientAddress {

    private ClientAddress() {
    }

    /**
     * The host part of an address such as {@code /127.0.0.1:53122}, {@code 127.0.0.1:53122} or
     * {@code [::1]:53122}; an empty string for null. Every transport gives the port, so the part after
     * the last colon is the port.
     */
    public static String host(String remoteAddress) {
        String address = remoteAddress == null ? "" : remoteAddress;
        if (address.startsWith("/")) {
            address = address.substring(1);
        }
        int colon = address.lastIndexOf(':');
        return colon > 0 && !address.endsWith("]") ? address.substring(0, colon) : address;
    }
}
