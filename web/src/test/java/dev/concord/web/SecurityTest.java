package dev.concord.web;

import dev.concord.web.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 17, security: server-side sessions, CSRF for cookie-authenticated writes, login throttling. */
@QuarkusTest
class SecurityTest {

    private static Map<String, String> formLogin(String user, String password) {
        Response r = RestAssured.given().redirects().follow(false)
                .formParam("j_username", user).formParam("j_password", password)
                .post("/j_security_check");
        assertEquals(302, r.statusCode(), "form login of " + user);
        Map<String, String> cookies = r.getCookies();
        assertNotNull(cookies.get("quarkus-credential"), "the login cookie: " + cookies);
        assertNotNull(cookies.get("concord-session"), "the server-side session: " + cookies);
        assertNotNull(cookies.get("concord-csrf"), "the CSRF token: " + cookies);
        return cookies;
    }

    @Test
    void logoutEndsTheSessionOnTheServerSoACopiedCookieStopsWorking() {
        Map<String, String> cookies = formLogin(Api.ADMIN, Api.ADMIN_PASSWORD);
        RestAssured.given().cookies(cookies).get("/api/me").then().statusCode(200);
        Map<String, String> copy = Map.copyOf(cookies);
        RestAssured.given().cookies(cookies).post("/logout").then().statusCode(204);
        RestAssured.given().cookies(copy).get("/api/me").then().statusCode(401);
        // the encrypted login cookie alone (no server-side session) is not enough either
        RestAssured.given().cookie("quarkus-credential", cookies.get("quarkus-credential")).get("/api/me").then().statusCode(401);
    }

    @Test
    void cookieAuthenticatedWritesNeedTheCsrfTokenBasicOnesDoNot() {
        Map<String, String> cookies = formLogin(Api.ADMIN, Api.ADMIN_PASSWORD);
        String body = "{\"text\": \"Where was Barack Obama born?\"}";
        RestAssured.given().cookies(cookies).contentType("application/json").body(body).post("/api/interpret")
                .then().statusCode(403).body("detail", containsString("X-CSRF-Token"));
        RestAssured.given().cookies(cookies).header("X-CSRF-Token", "forged").contentType("application/json").body(body)
                .post("/api/interpret").then().statusCode(403);
        RestAssured.given().cookies(cookies).header("X-CSRF-Token", cookies.get("concord-csrf"))
                .contentType("application/json").body(body).post("/api/interpret").then().statusCode(200);
        // reading needs no token; HTTP Basic carries no ambient credential and needs none
        RestAssured.given().cookies(cookies).get("/api/edits").then().statusCode(200);
        Api.admin().contentType("application/json").body(body).post("/api/interpret").then().statusCode(200);
    }

    @Test
    void repeatedFailedLoginsAreAnswered429WithRetryAfterAndOtherUsersAreNotLockedOut() {
        String user = Api.unique("throttled");
        Api.editor(user); // creates the user with its known password
        for (int i = 0; i < 5; i++) {
            RestAssured.given().auth().preemptive().basic(user, "not-the-password").get("/api/me").then().statusCode(401);
        }
        Response blocked = RestAssured.given().auth().preemptive().basic(user, "not-the-password").get("/api/me");
        assertEquals(429, blocked.statusCode());
        long retry = Long.parseLong(blocked.getHeader("Retry-After"));
        assertTrue(retry > 0 && retry <= 900, "Retry-After " + retry);
        assertTrue(blocked.jsonPath().getString("detail").contains(user));
        // even the right password waits until the block ends
        Api.editor(user).get("/api/me").then().statusCode(429);
        // a forwarded address from a peer that is not trusted changes nothing (TrustedProxyTest trusts one)
        Api.editor(user).header("X-Forwarded-For", "203.0.113.99").get("/api/me").then().statusCode(429);
        // the admin, from the same address, is not affected
        Api.admin().get("/api/me").then().statusCode(200);
        String metrics = RestAssured.given().get("/q/metrics").then().extract().asString();
        assertTrue(metrics.contains("concord_login_throttled_total"), "throttled logins are counted");
    }
}
