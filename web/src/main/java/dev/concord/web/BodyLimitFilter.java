package dev.concord.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;

/**
 * Answers a declared oversized body with 413 and a JSON error before it is read
 * (quarkus.http.limits.max-body-size still cuts off bodies sent without a length).
 */
@ApplicationScoped
public class BodyLimitFilter {
    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "1M")
    MemorySize limit;

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(BodyLimitFilter.class);

    /**
     * A body sent in chunks (no Content-Length) is cut off by the HTTP layer when it passes the limit:
     * this failure handler answers that once with the same JSON 413, and swallows the failures that
     * follow for a response already written (which Quarkus would otherwise log as ERROR with a stack trace).
     */
    void failures(@Observes io.vertx.ext.web.Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(rc -> {
            if (rc.response().ended() || rc.response().headWritten()) {
                LOG.debugf("%s %s: already answered %d; %s", rc.request().method(), rc.normalizedPath(),
                        rc.response().getStatusCode(), rc.failure() == null ? "" : rc.failure().toString());
                return;
            }
            if (rc.statusCode() == 413) {
                LOG.infof("413 payload too large: %s %s (sent without a length)", rc.request().method(), rc.normalizedPath());
                rc.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(ErrorMappers.jsonText("payload too large", "the body must be at most "
                                + limit.asLongValue() + " bytes"));
                return;
            }
            rc.next();
        });
    }

    void register(@Observes Filters filters) {
        long max = limit.asLongValue();
        filters.register(rc -> {
            String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null) {
                long n;
                try {
                    n = Long.parseLong(length.strip());
                } catch (NumberFormatException e) {
                    n = -1;
                }
                if (n > max) {
                    LOG.infof("413 payload too large: %s %s declares %d bytes", rc.request().method(), rc.normalizedPath(), n);
                    rc.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                            .putHeader(HttpHeaders.CONNECTION, "close")
                            .end(ErrorMappers.jsonText("payload too large", "the body must be at most " + max
                                    + " bytes, found " + n));
                    return;
                }
            }
            rc.next();
        }, 100);
    }
}
