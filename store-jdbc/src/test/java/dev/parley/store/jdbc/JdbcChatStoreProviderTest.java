package dev.parley.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.api.User;
import dev.parley.api.spi.ChatStoreProvider;
import dev.parley.core.ChatEngine;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JdbcChatStoreProviderTest {

    @Test
    @DisplayName("ServiceLoader finds the jdbc provider, and an engine built with storeId(\"jdbc\", config) runs on it")
    void foundByServiceLoader() {
        assertThat(ServiceLoader.load(ChatStoreProvider.class).stream().map(p -> p.get().id()))
                .contains("jdbc");
        String url = "jdbc:h2:mem:provider-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

        try (ChatEngine engine = ChatEngine.builder().storeId("jdbc", Map.of("url", url, "user", "sa", "password", ""))
                .build().start()) {
            User ann = engine.users().register("ann", "Ann", "correct horse battery");

            assertThat(engine.store()).isInstanceOf(JdbcChatStore.class);
            assertThat(engine.store().users().findByUsername("ann")).contains(ann);
        }
    }

    @Test
    @DisplayName("the provider refuses a configuration without a url, naming the key")
    void urlRequired() {
        assertThatThrownBy(() -> new JdbcChatStoreProvider().create(Map.of("user", "sa")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("url");
    }

    @Test
    @DisplayName("build() refuses both or neither of a data source and a url, and out-of-range settings, naming them")
    void builderValidates() {
        assertThatThrownBy(() -> JdbcChatStore.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("dataSource or a url");
        assertThatThrownBy(() -> JdbcChatStore.builder().url("jdbc:h2:mem:x")
                .dataSource(new org.h2.jdbcx.JdbcDataSource()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> JdbcChatStore.builder().url("h2:mem:x").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("jdbc:");
        assertThatThrownBy(() -> JdbcChatStore.builder().url("jdbc:h2:mem:x").maximumPoolSize(0).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("maximumPoolSize");
    }

    @Test
    @DisplayName("a store on the host's DataSource works and leaves the data source open when it closes")
    void hostDataSource() throws Exception {
        org.h2.jdbcx.JdbcDataSource host = new org.h2.jdbcx.JdbcDataSource();
        host.setURL("jdbc:h2:mem:host-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        JdbcChatStore store = JdbcChatStore.builder().dataSource(host).build();
        store.start();
        store.close();

        try (var connection = host.getConnection(); var rs = connection.createStatement()
                .executeQuery("SELECT COUNT(*) FROM users")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isZero();
        }
    }
}
