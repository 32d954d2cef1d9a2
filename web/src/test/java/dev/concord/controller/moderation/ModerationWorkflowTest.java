package dev.concord.controller.moderation;

import dev.concord.web.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The moderation provider in the real edit workflow (POST /api/edits, the review queue), with a
 * real HTTP server on loopback speaking the OpenAI moderation API in place of the remote provider:
 * flagged assertions wait for review as POLICY with the provider's categories, clean ones apply,
 * and while the provider is down assertions go to review as "moderation unavailable" (fail closed).
 */
@QuarkusTest
@TestProfile(ModerationWorkflowTest.WithProvider.class)
class ModerationWorkflowTest {
    /** The port is chosen before Quarkus starts and shared through a system property (one JVM). */
    private static final String PORT = "moderation-test-port";

    public static class WithProvider implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int port = Integer.getInteger(PORT, 0);
            if (port == 0) {
                port = FakeModerationProvider.freePort();
                System.setProperty(PORT, Integer.toString(port));
            }
            return Map.of("concord.policy.moderation.base-url", new FakeModerationProvider(port).baseUrl(),
                    "concord.policy.moderation.api-key", "workflow-key",
                    "concord.policy.moderation.model", "omni-moderation-latest",
                    "concord.policy.moderation.timeout", "2s");
        }
    }

    private static FakeModerationProvider provider;

    @BeforeAll
    static void start() throws Exception {
        provider = new FakeModerationProvider(Integer.getInteger(PORT)).start();
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    @Test
    void flaggedAssertionWaitsForReviewAsPolicyWithTheProvidersCategories() {
        String s = Api.unique("Someone");
        int asked = provider.received().size();
        int id = Api.submit(Api.editor("mallory"), s, "wife", FakeModerationProvider.ABUSIVE + "_Person", "ASSERT")
                .statusCode(201)
                .body("status", is("PENDING_REVIEW"))
                .body("conflicts.kind", hasItem("POLICY"))
                .body("conflicts.find { it.kind == 'POLICY' }.detail", containsString("harassment, hate"))
                .extract().path("id");
        assertTrue(provider.received().size() > asked, "the provider was asked");
        assertTrue(provider.received().get(asked).authorization().equals("Bearer workflow-key"), "the key is sent");
        Api.admin().get("/api/reviews").then().statusCode(200).body("id", hasItem(id));
        Api.editor("alice").get("/api/kg/entities/" + s).then().statusCode(404);
    }

    @Test
    void cleanAssertionIsApplied() {
        String s = Api.unique("Someone");
        int asked = provider.received().size();
        Api.submit(Api.editor("alice"), s, "wife", Api.unique("Partner"), "ASSERT").statusCode(201)
                .body("status", is("APPLIED"))
                .body("conflicts", empty());
        assertTrue(provider.received().size() > asked, "the provider was asked");
        Api.editor("alice").get("/api/kg/entities/" + s).then().statusCode(200);
    }

    @Test
    void whileTheProviderIsDownAssertionsWaitForReviewAsModerationUnavailable() throws Exception {
        provider.stop();
        try {
            String s = Api.unique("Someone");
            Api.submit(Api.editor("alice"), s, "wife", Api.unique("Partner"), "ASSERT").statusCode(201)
                    .body("status", is("PENDING_REVIEW"))
                    .body("conflicts[0].kind", is("POLICY"))
                    .body("conflicts[0].detail", startsWith("moderation unavailable: "));
        } finally {
            provider.start();
        }
        Api.submit(Api.editor("alice"), Api.unique("Someone"), "wife", Api.unique("Partner"), "ASSERT").statusCode(201)
                .body("status", is("APPLIED"));
    }

    @Test
    void providerErrorAlsoFailsClosedAndRetractionsAreNotModerated() {
        String s = Api.unique("Someone");
        Api.submit(Api.editor("alice"), s, "wife", FakeModerationProvider.BROKEN, "ASSERT").statusCode(201)
                .body("status", is("PENDING_REVIEW"))
                .body("conflicts[0].detail", containsString("overloaded"));
        int asked = provider.received().size();
        Api.submit(Api.editor("alice"), s, "wife", Api.unique("Partner"), "RETRACT").statusCode(201)
                .body("status", is("REJECTED")).body("conflicts[0].kind", is("MISSING"));
        assertTrue(provider.received().size() == asked, "a retraction is not sent to the provider");
    }
}
