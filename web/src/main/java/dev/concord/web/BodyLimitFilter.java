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
                    rc.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                            .putHeader(HttpHeaders.CONNECTION, "close")
                            .end("{\"error\":\"payload too large\",\"detail\":\"the body must be at most " + max
                                    + " bytes, found " + n + "\"}");
                    return;
                }
            }
            rc.next();
        }, 100);
    }
}
