package dev.parley.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ChatLimits;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReservedNamesTest {

    private final ReservedNames defaults = new ReservedNames(ChatLimits.DEFAULT_RESERVED_USERNAMES);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "admin", "Admin", "ADMIN", " admin ", "aDmIn",
            "\uFF41\uFF44\uFF4D\uFF49\uFF4E",           // fullwidth ａｄｍｉｎ
            "\uFF21\uFF24\uFF2D\uFF29\uFF2E",           // fullwidth ＡＤＭＩＮ
            "\u0430dmin", "adm\u0456n", "\u0430dm\u0456n", // Cyrillic а and і
            "\u0391DMIN",                                // Greek capital alpha
            "ADM\u0130N",                                // Turkish dotted capital I
            "\u00E0dmin",                                // an accent
            "adm1n", "admln", "ADMlN", "ad.min", "admin_", "-ad-min-", "adrnin",
            "administrator", "Adm1n1strator", "root", "r00t", "R0OT", "system", "\u017Fystem", "SYS_TEM"})
    @DisplayName("the reserved names, in any case and with look-alike characters, are reserved")
    void reserved(String name) {
        assertThat(defaults.contains(name)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"alice", "admins", "adm", "admin2", "myadmin", "administration", "rooted", "systems",
            "sysadmin", "bob"})
    @DisplayName("other names, even ones that contain a reserved one, are free")
    void free(String name) {
        assertThat(defaults.contains(name)).isFalse();
    }

    @Test
    @DisplayName("the set is configurable, and an empty one reserves nothing")
    void configurable() {
        ReservedNames custom = new ReservedNames(Set.of("Moderator"));
        assertThat(custom.contains("moderator")).isTrue();
        assertThat(custom.contains("m0derat0r")).isTrue();
        assertThat(custom.contains("admin")).isFalse();
        assertThat(new ReservedNames(Set.of()).contains("admin")).isFalse();
        assertThat(new InputRules(ChatLimits.defaults()).isReserved("Admin")).isTrue();
        assertThat(new InputRules(ChatLimits.defaults().withReservedUsernames(Set.of())).isReserved("admin")).isFalse();
    }
}
