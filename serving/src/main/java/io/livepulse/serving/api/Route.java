package io.livepulse.serving.api;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.livepulse.serving.auth.Role;
import java.util.Set;

/**
 * One HTTP route of the server: method, path (Javalin syntax, {@code {id}} parameters), the roles that may call
 * it (empty: no key needed) and the handler. {@code /openapi.json} documents exactly these.
 */
public record Route(HandlerType method, String path, Set<Role> roles, Handler handler) {}
