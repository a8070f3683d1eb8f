package io.livepulse.models.features;

/** What an {@link Activity} is: the player actions, the interactions, commerce, and room catalogue updates. */
public enum ActivityKind {
    JOIN,
    HEARTBEAT,
    LEAVE,
    CHAT,
    LIKE,
    FOLLOW,
    SHARE,
    GIFT,
    SUBSCRIPTION,
    AD_IMPRESSION,
    AD_CLICK,
    PRODUCT_CLICK,
    ORDER,
    ROOM;

    /** JOIN, HEARTBEAT or LEAVE. */
    public boolean player() {
        return this == JOIN || this == HEARTBEAT || this == LEAVE;
    }

    /** Counted in I: chat and danmaku, likes, follows, shares and gifts. */
    public boolean interaction() {
        return this == CHAT || this == LIKE || this == FOLLOW || this == SHARE || this == GIFT;
    }

    /** Belongs to a user's watch session in a room (player events and interactions). */
    public boolean sessionScoped() {
        return player() || interaction();
    }
}
