package io.livepulse.serving.auth;

import io.javalin.security.RouteRole;
import java.util.Locale;

/** What an API key may call: the platform scores, operators watch. */
public enum Role implements RouteRole {
    /** Recommendations and sentiment scoring. */
    PLATFORM,
    /** The dashboard, room metrics, models, alerts and {@code /metrics}. */
    OPERATOR;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code platform} or {@code operator}, any case. */
    public static Role parse(String raw) {
        for (Role role : values()) {
            if (role.label().equalsIgnoreCase(raw.trim())) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + raw + "' (use platform or operator)");
    }
}
