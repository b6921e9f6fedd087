package dev.parley.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class Argon2idPasswordHasherTest {

    private final Argon2idPasswordHasher owasp = new Argon2idPasswordHasher();

    @Test
    @DisplayName("hashes with Argon2id at OWASP's parameters and a fresh salt each time")
    void hashes() {
        String first = owasp.hash("correct horse battery staple");
        String second = owasp.hash("correct horse battery staple");
        assertThat(first).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(first).isNotEqualTo(second);
        assertThat(owasp.verify("correct horse battery staple", first)).isTrue();
        assertThat(owasp.verify("correct horse battery stapler", first)).isFalse();
    }

    @Test
    @DisplayName("verifies passwords with emoji and other non-ASCII characters")
    void unicodePasswords() {
        String hash = owasp.hash("pässwörd 🔐 密码");
        assertThat(owasp.verify("pässwörd 🔐 密码", hash)).isTrue();
        assertThat(owasp.verify("passwort 🔐 密码", hash)).isFalse();
    }

    @Test
    @DisplayName("a malformed or foreign hash never verifies and never throws")
    void malformed() {
        assertThat(owasp.verify("x", "not a hash")).isFalse();
        assertThat(owasp.verify("x", "$argon2id$garbage")).isFalse();
        assertThat(owasp.verify("x", "$2a$10$abcdefghijklmnopqrstuv")).isFalse();
        assertThat(owasp.verify("x", null)).isFalse();
    }

    @Test
    @DisplayName("a hash made with weaker parameters needs rehashing; one made with the current ones does not")
    void rehash() {
        String weak = new Argon2idPasswordHasher(1024, 1, 1).hash("secret-password");
        assertThat(owasp.needsRehash(weak)).isTrue();
        assertThat(owasp.needsRehash(owasp.hash("secret-password"))).isFalse();
        assertThat(owasp.needsRehash("$2a$10$something-else")).isTrue();
    }
}
