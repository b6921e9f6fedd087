package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.NewUser;
import dev.parley.api.Role;
import dev.parley.api.spi.UserStore;
import dev.parley.core.ChatEngine;
import dev.parley.store.jdbc.JdbcChatStore;
import dev.parley.testkit.engine.ForwardingChatStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AdminsTest {

    @Test
    @DisplayName("an admin that another node created between the lookup and the create is taken as it is")
    void anAdminMadeMeanwhileByAnotherNodeIsKept() {
        JdbcChatStore real = JdbcChatStore.builder()
                .url("jdbc:h2:mem:admins-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1").build();
        AtomicBoolean first = new AtomicBoolean(true);
        // The first lookup of 'admin' misses, and in that moment another node makes it.
        UserStore racing = (UserStore) Proxy.newProxyInstance(UserStore.class.getClassLoader(),
                new Class<?>[] {UserStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("findByUsername") && "admin".equals(args[0]) && first.getAndSet(false)) {
                        real.users().create(new NewUser("admin", "Admin", Set.of(Role.ADMIN, Role.USER), Instant.now()));
                        return Optional.empty();
                    }
                    try {
                        return method.invoke(real.users(), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ForwardingChatStore store = new ForwardingChatStore(real) {
            @Override
            public UserStore users() {
                return racing;
            }
        };
        try (ChatEngine engine = ChatEngine.builder().store(store).build().start()) {
            assertThat(Admins.ensure(engine, "admin-password-1", "jdbc:h2:mem:admins")).isEmpty();
            assertThat(first).isFalse();
            assertThat(engine.users().findByUsername("admin")).get()
                    .satisfies(admin -> assertThat(admin.roles()).contains(Role.ADMIN));
        }
    }
}
