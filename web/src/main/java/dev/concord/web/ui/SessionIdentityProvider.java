package dev.concord.web.ui;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.concord.controller.UserAccount;
import dev.concord.controller.UserService;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * The identity behind a web UI session. After the login form checked the password once, each
 * request carries only the encrypted session cookie with the user name: this looks the user up
 * again, so a role change takes effect at once and a removed user's session stops working.
 * Roles as for HTTP Basic: {@code editor}, or {@code admin} which also holds {@code editor}.
 */
@ApplicationScoped
public class SessionIdentityProvider implements IdentityProvider<TrustedAuthenticationRequest> {

    @Inject
    UserService users;

    @Inject
    dev.concord.web.security.SessionRegistry sessions;

    @Override
    public Class<TrustedAuthenticationRequest> getRequestType() {
        return TrustedAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
        io.vertx.ext.web.RoutingContext rc = io.quarkus.vertx.http.runtime.security.HttpSecurityUtils
                .getRoutingContextAttribute(request);
        io.vertx.core.http.Cookie sid = rc == null ? null
                : rc.request().getCookie(dev.concord.web.security.SessionRegistry.SESSION_COOKIE);
        return context.runBlocking(() -> {
            if (sessions.use(sid == null ? null : sid.getValue(), request.getPrincipal()).isEmpty()) {
                // signed out (a copied cookie), idle or too old: the encrypted cookie alone is not enough
                throw new AuthenticationFailedException("the session has ended");
            }
            UserService.UserView user = users.find(request.getPrincipal())
                    .orElseThrow(() -> new AuthenticationFailedException("the session's user no longer exists"));
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(user.username()))
                    .addRole(user.role())
                    .addRole(UserAccount.EDITOR)
                    .build();
        });
    }
}
