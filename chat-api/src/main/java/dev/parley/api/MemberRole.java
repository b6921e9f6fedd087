package dev.parley.api;

/** The role a member holds in a conversation. */
public enum MemberRole {
    /** Created the group; may do everything an admin may, and change admins. */
    OWNER,
    /** May invite, kick, mute and rename. */
    ADMIN,
    /** May read and send. */
    MEMBER;

    /** Whether this role may manage the group: invite, kick, mute and rename. */
    public boolean canManage() {
        return this != MEMBER;
    }
}
