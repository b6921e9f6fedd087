package dev.parley.transport.tcp;

import dev.parley.testkit.transport.KitConnection;
import dev.parley.testkit.transport.TransportCompatibilityKit;
import java.io.IOException;

/** The transport kit's scenarios over TCP, with plain-socket clients that type lines. */
class TcpTransportCompatibilityTest extends TransportCompatibilityKit<TcpTransport> {

    @Override
    protected TcpTransport createTransport() {
        return TcpTransport.builder().host("127.0.0.1").port(0).build();
    }

    @Override
    protected KitConnection connect(TcpTransport transport) throws IOException {
        return new LineClient(transport.port());
    }

    /** An over-long line is refused and its connection closed, without reading the rest of it. */
    @Override
    protected boolean keepsConnectionAfterOversizedFrame() {
        return false;
    }
}
