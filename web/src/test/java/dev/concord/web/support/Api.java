package dev.concord.web.support;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** REST Assured helpers: users on demand, edits, unique entity names. */
public final class Api {
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-test-password";
    private static final Map<String, Boolean> CREATED = new ConcurrentHashMap<>();

    private Api() {
    }

    public static RequestSpecification admin() {
        return as(ADMIN, ADMIN_PASSWORD);
    }

    public static RequestSpecification as(String user, String password) {
        return RestAssured.given().auth().preemptive().basic(user, password).contentType(ContentType.JSON);
    }

    /** An editor that exists (created once per JVM through the API); the password is the name twice. */
    public static RequestSpecification editor(String name) {
        CREATED.computeIfAbsent(name, n -> {
            admin().body(Map.of("username", n, "password", n + n + "-pw", "role", "editor"))
                    .post("/api/users").then().statusCode(org.hamcrest.Matchers.anyOf(
                            org.hamcrest.Matchers.is(201), org.hamcrest.Matchers.is(409)));
            return true;
        });
        return as(name, name + name + "-pw");
    }

    public static String unique(String base) {
        return base + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Map<String, Object> edit(String s, String r, String o, String op) {
        return Map.of("subject", s, "relation", r, "object", o, "op", op);
    }

    public static ValidatableResponse submit(RequestSpecification who, String s, String r, String o, String op) {
        return who.body(edit(s, r, o, op)).post("/api/edits").then();
    }
}
