package dev.concord.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.concord.web.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Behind a load balancer (the compose "replicas" profile), the balancer is the only peer; told to
 * trust it, Concord takes the client's address from X-Forwarded-For, so the login throttle counts
 * each client apart. Without that setting the header is ignored ({@link SecurityTest}).
 */
@QuarkusTest
@TestProfile(TrustedProxyTest.BehindABalancer.class)
class TrustedProxyTest {

    /** What docker/compose.yaml sets, with the test client's own address as the balancer's. */
    public static class BehindABalancer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("CONCORD_PROXY_FORWARDING", "true", "CONCORD_TRUSTED_PROXIES", "127.0.0.1,::1");
        }
    }

    @Test
    void aBlockOnOneForwardedClientLeavesAnotherForwardedClientFree() {
        String user = Api.unique("proxied");
        Api.editor(user); // creates the user with its known password
        for (int i = 0; i < 5; i++) {
            RestAssured.given().header("X-Forwarded-For", "203.0.113.7").auth().preemptive().basic(user, "not-the-password")
                    .get("/api/me").then().statusCode(401);
        }
        RestAssured.given().header("X-Forwarded-For", "203.0.113.7").auth().preemptive().basic(user, "not-the-password")
                .get("/api/me").then().statusCode(429);
        // the same user from another client behind the same balancer is not blocked
        Api.editor(user).header("X-Forwarded-For", "203.0.113.8").get("/api/me").then().statusCode(200);
        // nor is a request that names no client (the balancer's own address)
        assertEquals(200, Api.editor(user).get("/api/me").statusCode());
    }
}
