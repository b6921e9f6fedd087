package dev.parley.auth.jwt;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.parley.api.Role;
import dev.parley.api.spi.Identity;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a Parley {@link Identity} out of a verified token's claims: the username from one claim
 * (falling back to {@code sub}), the display name from another (falling back to the username), and
 * optionally roles from a third. Immutable and thread-safe.
 */
final class IdentityClaims {

    private static final String SUBJECT = "sub";

    private final String usernameClaim;
    private final String displayNameClaim;
    private final String rolesClaim;

    IdentityClaims(String usernameClaim, String displayNameClaim, String rolesClaim) {
        this.usernameClaim = usernameClaim;
        this.displayNameClaim = displayNameClaim;
        this.rolesClaim = rolesClaim;
    }

    /** The identity the claims describe, or empty if they name no user. */
    Optional<Identity> read(JWTClaimsSet claims) {
        String username = text(claims, usernameClaim);
        if (username == null) {
            username = text(claims, SUBJECT);
        }
        if (username == null) {
            return Optional.empty();
        }
        String displayName = text(claims, displayNameClaim);
        return Optional.of(new Identity(username, displayName == null ? username : displayName, roles(claims)));
    }

    /** A claim's value if it is a string with something in it; anything else counts as absent. */
    private static String text(JWTClaimsSet claims, String name) {
        return claims.getClaim(name) instanceof String value && !value.isBlank() ? value.strip() : null;
    }

    /**
     * The roles in the roles claim, a JSON array of names or a single name. Names that are not valid
     * Parley role names are skipped: the token still admits the user, without those roles.
     */
    private Set<Role> roles(JWTClaimsSet claims) {
        if (rolesClaim == null) {
            return Set.of();
        }
        Object value = claims.getClaim(rolesClaim);
        Collection<?> names = value instanceof Collection<?> list ? list : value == null ? List.of() : List.of(value);
        Set<Role> roles = new LinkedHashSet<>();
        for (Object name : names) {
            if (name instanceof String text) {
                try {
                    roles.add(Role.of(text));
                } catch (IllegalArgumentException e) {
                    // Not a role name Parley accepts; leave it out.
                }
            }
        }
        return roles;
    }
}
