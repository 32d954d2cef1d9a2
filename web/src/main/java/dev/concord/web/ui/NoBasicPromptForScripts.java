package dev.concord.web.ui;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;

/**
 * A browser shows its own password dialog when a request gets 401 with a Basic challenge. The
 * web UI's scripts mark their requests with {@code X-Requested-With: XMLHttpRequest} and handle a
 * 401 themselves (they go to the sign-in page), so for those requests the challenge header is
 * dropped. Scripts and tools using HTTP Basic still get it.
 */
@ApplicationScoped
public class NoBasicPromptForScripts {

    static final String MARKER = "X-Requested-With";

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            if ("XMLHttpRequest".equalsIgnoreCase(ctx.request().getHeader(MARKER))) {
                ctx.addHeadersEndHandler(v -> {
                    if (ctx.response().getStatusCode() == 401) {
                        ctx.response().headers().remove("WWW-Authenticate");
                    }
                });
            }
            ctx.next();
        });
    }
}
