package dev.parley.core;

import dev.parley.api.Invitation;
import dev.parley.api.Member;

/**
 * What adding someone to a group did: they joined at once, or they were sent an invitation. Exactly
 * one of the two is non-null.
 *
 * @param member     the new membership, if they joined
 * @param invitation the pending invitation, if they must accept first
 */
public record InviteOutcome(Member member, Invitation invitation) {

    /** Checks that exactly one of the two is set. */
    public InviteOutcome {
        if ((member == null) == (invitation == null)) {
            throw new IllegalArgumentException("either a member or an invitation");
        }
    }

    /** Whether the user joined at once. */
    public boolean joined() {
        return member != null;
    }
}
