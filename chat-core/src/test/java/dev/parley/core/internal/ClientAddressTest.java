package dev.parley.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    @Test
    @DisplayName("the host is the address without its port, in every transport's form")
    void host() {
        assertThat(ClientAddress.host("/127.0.0.1:53122")).isEqualTo("127.0.0.1");
        assertThat(ClientAddress.host("127.0.0.2:53122")).isEqualTo("127.0.0.2");
        assertThat(ClientAddress.host("[::1]:53122")).isEqualTo("[::1]");
        assertThat(ClientAddress.host("0:0:0:0:0:0:0:1:53122")).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(ClientAddress.host(null)).isEmpty();
    }

    @Test
    @DisplayName("an IPv4 client is its address; an IPv6 client is its /64, whatever the form")
    void client() {
        assertThat(ClientAddress.client("203.0.113.7:4000")).isEqualTo("203.0.113.7");
        assertThat(ClientAddress.client("2001:db8:1:2:0:0:0:1:4000")).isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientAddress.client("[2001:db8:1:2:ffff:ee:dd:cc]:4000")).isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientAddress.client("[2001:db8:1:3::1]:4000")).isNotEqualTo(ClientAddress.client("[2001:db8:1:2::1]:4000"));
        assertThat(ClientAddress.client("[::ffff:198.51.100.1]:4000")).isEqualTo("198.51.100.1");
        assertThat(ClientAddress.client("unknown")).isEqualTo("unknown");
        assertThat(ClientAddress.client("[not:an:address:zz]:1")).isEqualTo("not:an:address:zz");
    }
}
