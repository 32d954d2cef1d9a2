package dev.concord.web.security;

import dev.concord.controller.UserAccount;
import dev.concord.controller.UserService;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * Username and password (HTTP Basic, and a login form when enabled) checked against the user
 * table's bcrypt hashes. Roles: {@code editor}, or {@code admin} which also holds {@code editor}.
 */
@ApplicationScoped
public class UserIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(UserIdentityProvider.class);

    @Inject
    UserService users;

    @Inject
    LoginThrottle throttle;

    @Inject
    SessionRegistry sessions;

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
                                              AuthenticationRequestContext context) {
        io.vertx.ext.web.RoutingContext rc = io.quarkus.vertx.http.runtime.security.HttpSecurityUtils
                .getRoutingContextAttribute(request);
        String address = rc == null ? "unknown" : SecurityFilter.address(rc);
        boolean form = rc != null && SecurityFilter.LOGIN_PATH.equals(rc.normalizedPath());
        return context.runBlocking(() -> {
            String name = request.getUsername();
            String password = new String(request.getPassword().getPassword());
            Optional<String> role = users.verify(name, password);
            if (role.isEmpty()) {
                io.micrometer.core.instrument.Metrics.counter("concord.login.failures").increment();
                long wait = throttle.failed(name, address);
                LOG.infof("login failed: user %s from %s%s", name, address,
                        wait > 0 ? " (further attempts blocked for " + wait + " s)" : "");
                throw new AuthenticationFailedException("wrong username or password");
            }
            throttle.succeeded(name, address);
            if (form) {
                // a form login starts a server-side session (see SessionRegistry)
                SessionRegistry.Session s = sessions.create(name);
                rc.response().addCookie(io.vertx.core.http.Cookie.cookie(SessionRegistry.SESSION_COOKIE, s.id())
                        .setPath("/").setHttpOnly(true).setSameSite(io.vertx.core.http.CookieSameSite.STRICT));
                rc.response().addCookie(io.vertx.core.http.Cookie.cookie(SessionRegistry.CSRF_COOKIE, s.csrf())
                        .setPath("/").setHttpOnly(false).setSameSite(io.vertx.core.http.CookieSameSite.STRICT));
            }
            QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(name))
                    .addRole(role.get())
                    .addRole(UserAccount.EDITOR);
            return b.build();
        });
    }
}
