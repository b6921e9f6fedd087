package dev.parley.core.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** The part of a transport's remote address that names the client, for limits per address. */
public final class ClientAddress {

    /** What an IPv6 literal may look like; InetAddress parses such a string without a name lookup. */
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*(%[0-9A-Za-z_.-]+)?");

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

    /**
     * Who a remote address stands for when attempts are counted: the IPv4 address itself, or the /64
     * network of an IPv6 address ({@code 2001:db8:1:2::/64}), since one IPv6 host usually has a whole
     * /64 to pick addresses from. Anything that is not an IP literal is returned as its host part.
     * Never looks a name up.
     */
    public static String client(String remoteAddress) {
        String host = host(remoteAddress);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.indexOf(':') < 0 || !IPV6_LITERAL.matcher(host).matches()) {
            return host;
        }
        try {
            // A string of hex digits and colons is parsed as an IPv6 literal, or refused, never looked up.
            InetAddress address = InetAddress.getByName(host);
            if (!(address instanceof Inet6Address)) {
                return address.getHostAddress(); // an IPv4-mapped address
            }
            byte[] bytes = address.getAddress();
            StringBuilder network = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                network.append(Integer.toHexString(((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF))).append(':');
            }
            return network.append(":/64").toString();
        } catch (UnknownHostException notALiteral) {
            return host;
        }
    }
}
